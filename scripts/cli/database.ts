// How a CLI command gets its database: DATABASE_URL when set, else the embedded one under the data
// dir (joined when `relayscope start` already runs it). Migrations are applied before any command
// touches tables, so every command works on a fresh install.

import { checkDatabase } from "../../lib/db/check";
import { type EmbeddedHandle, startEmbeddedPostgres } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";
import { ensureUpcomingPartitions } from "../../lib/db/partitions";
import { closePools } from "../../lib/db/pool";
import { disconnectPrisma } from "../../lib/db/prisma-holder";
import { configuredDatabaseUrl, dataDir, env, migrationsDir, publishDatabaseUrl } from "../../lib/env";
import { log } from "../../lib/log";

export type Database = { url: string; embedded?: EmbeddedHandle; close: () => Promise<void> };

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * `stopOnSignal` (default true): a short command that started the embedded database itself stops it
 * when interrupted; `start` passes false because it orders its own shutdown.
 */
export async function openDatabase(opts: { migrate: boolean; stopOnSignal?: boolean }): Promise<Database> {
  let url = configuredDatabaseUrl();
  let embedded: EmbeddedHandle | undefined;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: dataDir(),
      port: env().RELAYSCOPE_EMBEDDED_PG_PORT,
      onLog: (line) => log().debug({ postgres: line }, "embedded postgres"),
    });
    url = embedded.url;
    publishDatabaseUrl(url);
  }
  const onSignal = () => void close().finally(() => process.exit(130));
  const close = async () => {
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    await disconnectPrisma();
    await closePools();
    await embedded?.stop();
  };
  if (embedded?.owned && opts.stopOnSignal !== false) for (const s of SIGNALS) process.once(s, onSignal);
  try {
    await checkDatabase(url);
    if (opts.migrate) {
      const result = await migrate(url, migrationsDir());
      for (const w of result.warnings) log().warn(w);
      if (result.applied.length) log().info({ applied: result.applied }, "applied migrations");
      await ensureUpcomingPartitions(env().RELAYSCOPE_PARTITION_DAYS_AHEAD);
    }
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
  return { url, embedded, close };
}

/** Runs fn with a migrated database and always releases it (stopping an embedded DB we started). */
export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ migrate: true });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
