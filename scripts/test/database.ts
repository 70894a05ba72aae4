// A database of its own for each test run: a fresh `relayscope_test_*` database on the server
// DATABASE_URL names (never that database itself), or on an embedded PostgreSQL in a temp dir.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";

export type TestDatabaseServer = {
  kind: "DATABASE_URL" | "embedded";
  migrationsDir: string;
  /** A fresh migrated database; dropped by close() unless `keep` (a bench's data, kept to study). */
  createDatabase: (label: string, options?: { keep?: boolean }) => Promise<string>;
  close: () => Promise<void>;
};

/** The same server and credentials, another database. */
export function urlForDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function openTestDatabaseServer(serverUrl: string | undefined, migrationsDir: string): Promise<TestDatabaseServer> {
  let adminUrl = serverUrl;
  let tmp: string | undefined;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    tmp = await mkdtemp(path.join(os.tmpdir(), "relayscope-test-pg-"));
    const embedded = await startEmbeddedPostgres({ dataDir: tmp });
    adminUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const created: string[] = [];
  const admin = adminUrl;
  return {
    kind: serverUrl ? "DATABASE_URL" : "embedded",
    migrationsDir,
    async createDatabase(label, options) {
      const name = `relayscope_test_${label}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      if (!options?.keep) created.push(name);
      const url = urlForDatabase(admin, name);
      await migrate(url, migrationsDir);
      return url;
    },
    async close() {
      const client = new pg.Client({ connectionString: admin });
      await client.connect().catch(() => undefined);
      for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await client.end().catch(() => undefined);
      await stopEmbedded?.();
      if (tmp) await rm(tmp, { recursive: true, force: true });
    },
  };
}
