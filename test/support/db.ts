// Integration tests run only against the per-run database the test runner created; anything else
// (a developer's DATABASE_URL, the embedded product database) is refused before a row is touched.
import pg from "pg";
import { configuredDatabaseUrl } from "../../lib/env";
import { urlForDatabase } from "../../scripts/test/database";

export function testDatabaseUrl(): string {
  const url = configuredDatabaseUrl();
  if (!url) throw new Error("integration tests need the database `npm run test:integration` creates; run them through it");
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name.startsWith("relayscope_test_")) {
    throw new Error(`refusing to run integration tests against "${name}": only relayscope_test_* databases made by the test runner`);
  }
  return url;
}

/** A further empty database on the same server, dropped by the returned cleanup. */
export async function scratchDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = testDatabaseUrl();
  const name = `${decodeURIComponent(new URL(base).pathname.slice(1))}_${label}_${Math.random().toString(36).slice(2, 8)}`.slice(0, 63);
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: urlForDatabase(base, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A short unique id so parallel tests never collide on names. */
export const uid = () => Math.random().toString(36).slice(2, 10);
