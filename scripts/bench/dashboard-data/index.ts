// Seeds a migrated, otherwise empty database with `sessions` relay sessions and the browser calls
// around them over the `days` before now (shape.ts says what they look like), for benches and their
// tests only: inventory rows; then one generating pass feeding a COPY … FREEZE per table (per day for
// the partitioned ones, attached as partitions afterwards: copy.ts), with the tables' indexes dropped
// during the load and built afterwards (indexes.ts); then ANALYZE (no VACUUM needed after FREEZE), so
// the planner's statistics look like those of a database that has been running.
import pg from "pg";
import { attachPartitions, type DayTable } from "./copy";
import { TimeText } from "./format";
import { generateTraffic } from "./generate";
import { deferIndexes, type IndexPlan, restoreIndexes } from "./indexes";
import { createInventory, type Inventory } from "./inventory";
import { prng } from "./random";
import type { Counters, GenContext } from "./relay-rows";
import { DAY_MS, SHAPE_SUMMARY, TENANTS, Timeline } from "./shape";
import { abortSinks, finishSinks, LOADED_TABLES, openSinks } from "./sinks";

export type { IndexPlan } from "./indexes";
export { INDEX_PLANS } from "./indexes";
export { SHAPE_SUMMARY } from "./shape";

export type SeedOptions = {
  sessions: number;
  /** End of the generated period (default: now), rounded down to the minute. */
  now?: number;
  days?: number;
  seed?: number;
  /** What to drop during the load (default "all": every index and key of the loaded tables). */
  indexPlan?: IndexPlan;
  /** Index builds at once (default 2). */
  parallelIndexBuilds?: number;
  /** ANALYZE at the end (default true). */
  analyze?: boolean;
  log?: (message: string) => void;
};

export type SeedResult = {
  from: Date;
  to: Date;
  counters: Counters;
  /** Rows written by COPY, all tables. */
  rows: number;
  rowsByTable: Record<string, number>;
  loadMs: number;
  indexMs: number;
  analyzeMs: number;
  indexPlan: IndexPlan;
  slowestIndexes: Array<{ name: string; ms: number }>;
  inventory: Inventory;
};

const PARTITIONED = ["relay_usage_delta", "relay_event", "client_report"] as const;
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const thousands = (n: number) => Math.round(n).toLocaleString("en");

export async function seedDashboardData(url: string, opts: SeedOptions): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  if (!(Number.isInteger(opts.sessions) && opts.sessions > 0))
    throw new Error(`sessions must be a positive whole number, got ${opts.sessions}`);
  const days = opts.days ?? 90;
  const now = Math.floor((opts.now ?? Date.now()) / 60_000) * 60_000;
  const from = now - days * DAY_MS;

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let inventory: Inventory;
  try {
    for (const table of LOADED_TABLES) {
      const { rows } = await client.query(`SELECT 1 FROM ${client.escapeIdentifier(table)} LIMIT 1`);
      if (rows.length > 0) throw new Error(`${table} is not empty: the generator needs a freshly migrated database`);
    }
    inventory = await createInventory(client, from, days);
    // The (empty) day partitions migrate made go: the load brings its own (copy.ts).
    for (const table of PARTITIONED) {
      const { rows } = await client.query<{ child: string }>(
        "SELECT c.relname AS child FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass",
        [table],
      );
      for (const r of rows) await client.query(`DROP TABLE ${client.escapeIdentifier(r.child)}`);
    }
  } finally {
    await client.end();
  }

  const indexPlan = opts.indexPlan ?? "all";
  const deferred = await deferIndexes(url, LOADED_TABLES, indexPlan);
  const made: DayTable[] = [];
  const counters: Counters = { sessions: 0, deltas: 0, events: 0, peers: 0, connections: 0, reports: 0, calls: 0 };
  const rowsOf = (c: Counters) => c.sessions + c.deltas + c.events + c.peers + c.connections + c.reports;
  const t0 = performance.now();
  const sinks = openSinks(url, made);
  const ctx: GenContext = {
    rand: prng(opts.seed ?? 20_261_121),
    time: new TimeText(),
    sinks,
    now,
    counters,
    usersPerTenant: TENANTS.map((t) => Math.max(50, Math.round((opts.sessions * t.weight) / 100 / 20))),
  };
  try {
    const progress =
      opts.sessions >= 500_000
        ? (c: Counters) => {
            const s = (performance.now() - t0) / 1000;
            log(
              `  … ${thousands(c.sessions)} sessions, ${thousands(rowsOf(c))} rows, ${s.toFixed(0)} s (${thousands(rowsOf(c) / s)} rows/s)`,
            );
          }
        : undefined;
    await generateTraffic(ctx, inventory, new Timeline(from, days), opts.sessions, progress);
    await finishSinks(sinks);
  } catch (err) {
    await abortSinks(sinks);
    throw err;
  }
  await attachPartitions(url, made);
  const loadMs = performance.now() - t0;
  // Days without rows, and the week ahead, as a running install has them.
  const c0 = new pg.Client({ connectionString: url });
  await c0.connect();
  try {
    for (const table of PARTITIONED)
      await c0.query("SELECT relayscope_ensure_day_partitions($1, $2::date, $3::date)", [
        table,
        dayText(from - DAY_MS),
        dayText(now + 7 * DAY_MS),
      ]);
  } finally {
    await c0.end();
  }

  const t1 = performance.now();
  const timings = await restoreIndexes(url, deferred, opts.parallelIndexBuilds ?? 2);
  const indexMs = performance.now() - t1;

  const t2 = performance.now();
  if (opts.analyze !== false) {
    // FREEZE left every page all-visible: statistics are all that is missing.
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query("ANALYZE");
    } finally {
      await c.end();
    }
  }
  const analyzeMs = performance.now() - t2;

  return {
    from: new Date(from),
    to: new Date(now),
    counters,
    rows: rowsOf(counters),
    rowsByTable: Object.fromEntries(LOADED_TABLES.map((t) => [t, sinks[t].rows])),
    loadMs,
    indexMs,
    analyzeMs,
    indexPlan,
    slowestIndexes: timings.sort((a, b) => b.ms - a.ms).slice(0, 5),
    inventory,
  };
}

/** The load figures as lines for a bench's output. */
export function describeSeed(r: SeedResult): string[] {
  const rate = (rows: number, ms: number) => `${thousands((rows / ms) * 1000)} rows/s`;
  const tables = Object.entries(r.rowsByTable)
    .map(([t, n]) => `${t} ${thousands(n)}`)
    .join(", ");
  return [
    `shape: ${SHAPE_SUMMARY}`,
    `period ${r.from.toISOString().slice(0, 16)}Z … ${r.to.toISOString().slice(0, 16)}Z; ${thousands(r.counters.calls)} calls; rows: ${tables}`,
    `load (generate + COPY FREEZE; partitioned tables a day at a time, attached after): ${(r.loadMs / 1000).toFixed(1)} s, ${thousands(r.rows)} rows, ${rate(r.rows, r.loadMs)}`,
    `indexes and keys dropped for the load (plan "${r.indexPlan}") rebuilt: ${(r.indexMs / 1000).toFixed(1)} s (slowest: ${r.slowestIndexes.map((i) => `${i.name} ${(i.ms / 1000).toFixed(1)} s`).join(", ") || "none"})`,
    `analyze: ${(r.analyzeMs / 1000).toFixed(1)} s; load + indexes + analyze ${((r.loadMs + r.indexMs + r.analyzeMs) / 1000).toFixed(1)} s, ${rate(r.rows, r.loadMs + r.indexMs + r.analyzeMs)}`,
  ];
}
