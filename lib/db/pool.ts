// The process-wide pg pool. Kept on globalThis so that Next's bundled route handlers and the CLI's
// own module graph (both live in the `relayscope start` process) share one pool per database.
import pg from "pg";
import { configuredDatabaseUrl, env } from "../env";

// int8 comes back as a string by default; our byte counters must stay exact, so they become bigint.
// Scoped to our pools: pg-boss and Prisma keep their own parsing.
const INT8_ARRAY_OID = 1016; // bigint[]: rollup histograms
const TEXT_ARRAY_OID = 1009 as Parameters<typeof pg.types.getTypeParser>[0];
const parseTextArray = pg.types.getTypeParser(TEXT_ARRAY_OID) as (v: string) => (string | null)[];
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === pg.types.builtins.INT8) return (v: string) => BigInt(v);
    if (oid === INT8_ARRAY_OID) return (v: string) => parseTextArray(v).map((x) => (x === null ? null : BigInt(x)));
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

type PoolHolder = { relayscopePools?: Map<string, pg.Pool> };
const holder = globalThis as PoolHolder;

export class DatabaseNotConfiguredError extends Error {
  constructor() {
    super("no database configured: set DATABASE_URL, or run `relayscope start` which starts the embedded database");
  }
}

export function databaseUrl(): string {
  const url = configuredDatabaseUrl();
  if (!url) throw new DatabaseNotConfiguredError();
  return url;
}

export function pool(url = databaseUrl()): pg.Pool {
  holder.relayscopePools ??= new Map();
  let p = holder.relayscopePools.get(url);
  if (!p) {
    p = new pg.Pool({
      connectionString: url,
      max: env().RELAYSCOPE_DB_POOL_MAX,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      application_name: "relayscope",
      // The dashboard's statements are many small index probes across day partitions; Postgres's JIT
      // prices them by pessimistic row estimates and spent seconds compiling what runs in
      // milliseconds (measured on the Servers page's allocation series). Nothing here needs it.
      // UTC: series axes step by calendar days in the session's zone, which DST would shift off the
      // (UTC) rollup buckets.
      // No parallel workers: every dashboard read is bounded by design (rollups, index ranges, capped
      // counts), and on a small box starting two workers took longer than the read (the sessions
      // list's capped count: 14 ms with workers, 4 ms without, at 10 M sessions). The rollup job's
      // bulk recompute turns them back on for its own transactions (lib/rollups/recompute.ts).
      options: "-c jit=off -c timezone=UTC -c max_parallel_workers_per_gather=0",
      types,
    });
    // An idle client erroring (server restart) must not crash the process; the next query reconnects.
    p.on("error", () => {});
    holder.relayscopePools.set(url, p);
  }
  return p;
}

export async function closePools(): Promise<void> {
  const pools = holder.relayscopePools;
  if (!pools) return;
  holder.relayscopePools = new Map();
  await Promise.all([...pools.values()].map((p) => p.end()));
}
