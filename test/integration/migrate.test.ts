// AC3: applying migrations twice changes nothing; a failing migration leaves nothing half-applied;
// two instances migrating at once apply each migration once.
import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { MigrationError, migrate, readMigrations } from "../../lib/db/migrate";
import { ROOT } from "../support/cli";
import { scratchDatabase, withClient } from "../support/db";

const MIGRATIONS = path.join(ROOT, "prisma", "migrations");

// Everything a migration could change: relations, columns, types, constraints, indexes, functions, rows of bookkeeping.
async function snapshot(url: string) {
  return withClient(url, async (c) => {
    const q = async (sql: string) => (await c.query(sql)).rows;
    return {
      columns: await q(`SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
                        WHERE table_schema = 'public' ORDER BY 1, 2`),
      relations: await q(
        `SELECT relname, relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'public' ORDER BY 1`,
      ),
      constraints: await q(
        `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1`,
      ),
      functions: await q(`SELECT proname, md5(prosrc) FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1`),
      migrations: await q(
        `SELECT id, checksum, migration_name, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`,
      ),
      tenants: await q(`SELECT slug FROM tenant ORDER BY slug`),
    };
  });
}

describe("migrate", () => {
  it("applied twice changes nothing", async () => {
    const db = await scratchDatabase("twice");
    try {
      const first = await migrate(db.url, MIGRATIONS);
      assert.ok(first.applied.length >= 1);
      const before = await snapshot(db.url);
      const second = await migrate(db.url, MIGRATIONS);
      assert.deepEqual(second.applied, []);
      assert.equal(second.alreadyApplied, first.applied.length);
      assert.deepEqual(await snapshot(db.url), before);
      assert.equal(
        before.migrations.every(
          (m: { finished_at: Date | null; applied_steps_count: number }) => m.finished_at && m.applied_steps_count === 1,
        ),
        true,
      );
      assert.deepEqual(before.tenants, [{ slug: "default" }]);
    } finally {
      await db.drop();
    }
  });

  it("two instances starting at once apply each migration exactly once", async () => {
    const db = await scratchDatabase("race");
    try {
      const files = (await readMigrations(MIGRATIONS)).length;
      const [a, b] = await Promise.all([migrate(db.url, MIGRATIONS), migrate(db.url, MIGRATIONS)]);
      assert.equal(a.applied.length + b.applied.length, files, "each migration applied by exactly one of them");
      assert.equal(a.alreadyApplied + b.alreadyApplied, files, "the other found them applied");
      const rows = await withClient(db.url, async (c) => (await c.query("SELECT migration_name FROM _prisma_migrations")).rows);
      assert.equal(rows.length, new Set(rows.map((r) => r.migration_name)).size);
    } finally {
      await db.drop();
    }
  });

  it("a failing migration is rolled back whole and named in the error", async () => {
    const db = await scratchDatabase("broken");
    const dir = await mkdtemp(path.join(os.tmpdir(), "relayscope-migrations-"));
    try {
      await cp(MIGRATIONS, dir, { recursive: true });
      await mkdir(path.join(dir, "29991231000000_broken"));
      await writeFile(
        path.join(dir, "29991231000000_broken", "migration.sql"),
        `CREATE TABLE "half_written" (id int);\nALTER TABLE "no_such_table" ADD COLUMN x int;\n`,
      );
      await assert.rejects(
        migrate(db.url, dir),
        (err: unknown) => err instanceof MigrationError && /29991231000000_broken/.test(err.message),
      );
      await withClient(db.url, async (c) => {
        const t = await c.query(`SELECT to_regclass('half_written') AS t`);
        assert.equal(t.rows[0].t, null, "no DDL of the failed migration survives");
        const m = await c.query(`SELECT count(*)::int AS n FROM _prisma_migrations WHERE migration_name = '29991231000000_broken'`);
        assert.equal(m.rows[0].n, 0, "no bookkeeping row for it either");
        const ok = await c.query(`SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
        assert.ok(ok.rows[0].n >= 1, "the good migrations before it stay applied");
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
});
