// Daily partitions of the raw event tables: created ahead by the partition-maintenance job and on
// demand by ingest for older data (a backfill of last month's log must not fail for want of a table).
import { type Queryable, runQuery } from "./run-query";

export const PARTITIONED_TABLES = ["relay_usage_delta", "relay_event", "client_report", "metric_sample"] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

const DAY_MS = 86_400_000;
const ENSURE_SQL = "SELECT relayscope_ensure_day_partitions($1, $2::date, $3::date) AS created";

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Creates missing day partitions of one table covering [from, to]; returns how many were created. */
export async function ensurePartitions(table: PartitionedTable, from: Date, to: Date, db?: Queryable): Promise<number> {
  const rows = await runQuery<{ created: number }>(ENSURE_SQL, [table, day(from), day(to)], db);
  return rows[0]?.created ?? 0;
}

// Days already known to exist in this process, so hot ingest paths skip the round trip.
const known = new Set<string>();

/** Like ensurePartitions, but remembers what exists; for ingest paths. */
export async function ensurePartitionsCached(table: PartitionedTable, from: Date, to: Date, db?: Queryable): Promise<void> {
  const first = Math.floor(from.getTime() / DAY_MS);
  const last = Math.floor(to.getTime() / DAY_MS);
  let missing = false;
  for (let d = first; d <= last && !missing; d++) missing = !known.has(`${table}:${d}`);
  if (!missing) return;
  await ensurePartitions(table, from, to, db);
  for (let d = first; d <= last; d++) known.add(`${table}:${d}`);
}

/** Yesterday through `daysAhead` days from now, for every partitioned table. */
export async function ensureUpcomingPartitions(daysAhead: number, now = new Date(), db?: Queryable): Promise<number> {
  const from = new Date(now.getTime() - DAY_MS);
  const to = new Date(now.getTime() + daysAhead * DAY_MS);
  let created = 0;
  for (const table of PARTITIONED_TABLES) created += await ensurePartitions(table, from, to, db);
  return created;
}
