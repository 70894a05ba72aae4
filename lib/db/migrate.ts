// Applies prisma/migrations/<timestamp>_<name>/migration.sql in order, keeping the same
// `_prisma_migrations` bookkeeping and advisory lock as `prisma migrate deploy`, so either tool sees
// the same history. Unlike Prisma, each migration runs in one transaction with its bookkeeping row:
// a failed migration leaves nothing half-applied. So statements that cannot run in a transaction
// (CREATE INDEX CONCURRENTLY…) do not belong in migrations; a job can run them.
import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

// The lock id prisma migrate uses, so that the two never run at once on one database.
const PRISMA_MIGRATE_LOCK = 72707369;

const BOOKKEEPING = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {}

export type MigrationFile = { name: string; sql: string; checksum: string };

export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  if (!existsSync(dir)) throw new MigrationError(`no migrations folder at ${dir}`);
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export type MigrationStatus = { applied: string[]; pending: string[]; failed: string[]; changed: string[]; unknown: string[] };

type Row = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

async function appliedRows(client: pg.ClientBase): Promise<Row[] | undefined> {
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (!exists.rows[0].present) return undefined;
  const res = await client.query<Row>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
  return res.rows;
}

export function compareMigrations(files: MigrationFile[], rows: Row[]): MigrationStatus {
  const live = rows.filter((r) => r.rolled_back_at === null);
  const done = new Map(live.filter((r) => r.finished_at !== null).map((r) => [r.migration_name, r]));
  const fileNames = new Set(files.map((f) => f.name));
  return {
    applied: files.filter((f) => done.has(f.name)).map((f) => f.name),
    pending: files.filter((f) => !done.has(f.name)).map((f) => f.name),
    failed: live.filter((r) => r.finished_at === null).map((r) => r.migration_name),
    changed: files.filter((f) => done.has(f.name) && done.get(f.name)?.checksum !== f.checksum).map((f) => f.name),
    unknown: [...done.keys()].filter((n) => !fileNames.has(n)),
  };
}

/** What is applied, pending or wrong, without changing anything (for /api/health and `relayscope status`). */
export async function migrationStatus(client: pg.ClientBase, dir: string): Promise<MigrationStatus> {
  const files = await readMigrations(dir);
  return compareMigrations(files, (await appliedRows(client)) ?? []);
}

export type MigrateResult = { applied: string[]; alreadyApplied: number; warnings: string[] };

export async function migrate(url: string, dir: string): Promise<MigrateResult> {
  const files = await readMigrations(dir);
  const client = new pg.Client({ connectionString: url, application_name: "relayscope-migrate" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    await client.query(BOOKKEEPING);
    const status = compareMigrations(files, (await appliedRows(client)) ?? []);
    if (status.failed.length) {
      // Our own runs never leave such a row (the row commits with the migration); another tool did.
      throw new MigrationError(
        `migration ${status.failed[0]} is marked started but unfinished in _prisma_migrations (left by another tool); undo its partial changes by hand, then mark it rolled back: UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${status.failed[0]}' AND finished_at IS NULL`,
      );
    }
    const warnings = [
      ...status.changed.map((n) => `migration ${n} was edited after it was applied (checksum differs)`),
      ...status.unknown.map((n) => `migration ${n} is applied in the database but missing from ${dir}`),
    ];
    const applied: string[] = [];
    for (const file of files.filter((f) => status.pending.includes(f.name))) {
      const id = randomUUID();
      try {
        await client.query("BEGIN");
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
          [id, file.checksum, file.name],
        );
        await client.query(file.sql);
        await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw new MigrationError(`migration ${file.name} failed and was rolled back: ${(err as Error).message}`);
      }
      applied.push(file.name);
    }
    return { applied, alreadyApplied: status.applied.length, warnings };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]).catch(() => {});
    await client.end();
  }
}
