// Read-API latency over realistic volumes (issue 7, AC5). For each size (default 1 M and 10 M relay
// sessions; --tiny 2,000; BENCH_SESSIONS=100000,1000000 to choose): a scratch database of its own
// (DATABASE_URL's server, else an embedded PostgreSQL), migrated, seeded by the generator in
// dashboard-data/ (90 days of calls, connections, sessions, deltas: COPY FREEZE, indexes built after),
// rollups rebuilt from the raw rows, ANALYZE; then every GET endpoint under app/api/v1 called
// in-process with an admin's read-API token for range=24h, 7d and 90d: warm-up, then BENCH_ITERATIONS
// (default 30) timed requests each, body read to the end. Prints p50/p95 per endpoint × range × size
// and the p95 ratio between the largest and the smallest size, against the targets (p95 < 100 ms;
// ≤ 1.5× from 1 M to 10 M). Printed, never asserted. The database is dropped afterwards, unless
// BENCH_KEEP=1 (its URL is printed); BENCH_REUSE=url[,url] times such kept databases again, one per
// size, without seeding (BENCH_REBUILD=1 rebuilds their rollups first) — for studying a query plan.
import path from "node:path";
import { migrate } from "../../lib/db/migrate";
import { closePools } from "../../lib/db/pool";
import { disconnectPrisma, prisma } from "../../lib/db/prisma";
import { runQuery } from "../../lib/db/run-query";
import { publishDatabaseUrl } from "../../lib/env";
import { createKey } from "../../lib/keys/store";
import { rebuildRollups } from "../../lib/rollups/rebuild";
import { openTestDatabaseServer, type TestDatabaseServer } from "../test/database";
import { describeSeed, seedDashboardData } from "./dashboard-data";
import { type EndpointTiming, percentile, RANGES, timeEndpoints } from "./dashboard-data/endpoints";
import type { Bench } from "./main";

const P95_TARGET_MS = 100;
const RATIO_TARGET = 1.5;

/** "1000000", "1e6", "1M", "100k", comma-separated. */
function parseSizes(raw: string | undefined): number[] | undefined {
  if (!raw) return undefined;
  const sizes = raw.split(",").map((s) => {
    const m = /^\s*([\d.e+]+)\s*([kKmM]?)\s*$/.exec(s);
    const n = m ? Number(m[1]) * (m[2].toLowerCase() === "k" ? 1e3 : m[2].toLowerCase() === "m" ? 1e6 : 1) : Number.NaN;
    if (!Number.isInteger(n) || n < 100) throw new Error(`BENCH_SESSIONS: "${s}" is not a whole number of sessions ≥ 100`);
    return n;
  });
  return sizes;
}

const sizeName = (n: number) => (n >= 1e6 && n % 1e5 === 0 ? `${n / 1e6} M` : n >= 1e3 && n % 100 === 0 ? `${n / 1e3} k` : String(n));
const fmt = (ms: number) => (Number.isNaN(ms) ? "–" : ms.toFixed(1));

async function adminToken(): Promise<string> {
  // upsert: a kept database (BENCH_REUSE) already has this admin from its first run.
  const user = await prisma().user.upsert({
    where: { email: "queries-bench@relayscope.local" },
    create: { name: "queries bench", email: "queries-bench@relayscope.local", role: "admin" },
    update: {},
  });
  // An admin's token with no tenant: every tenant, as an operator (tokens never administer).
  const { key } = await createKey({ kind: "api", name: "queries bench", userId: user.id, role: "operator" });
  return key;
}

function printTable(size: number, timings: EndpointTiming[]): void {
  console.log(`\n${sizeName(size)} sessions: endpoint                      range     p50 ms    p95 ms  runs`);
  for (const t of timings) {
    const p95 = percentile(t.ms, 95);
    const mark = t.ms.length === 0 ? "" : p95 < P95_TARGET_MS ? "" : `  ✗ p95 ≥ ${P95_TARGET_MS} ms`;
    console.log(
      `  ${t.endpoint.padEnd(44)} ${t.range.padEnd(5)} ${fmt(percentile(t.ms, 50)).padStart(9)} ${fmt(p95).padStart(9)} ${String(t.ms.length).padStart(5)}${mark}${t.note ? `  (${t.note})` : ""}`,
    );
  }
  const timed = timings.filter((t) => t.ms.length > 0);
  const met = timed.filter((t) => percentile(t.ms, 95) < P95_TARGET_MS).length;
  console.log(`  p95 < ${P95_TARGET_MS} ms (target): ${met} of ${timed.length} endpoint × range pairs met`);
}

function printRatios(small: number, large: number, a: EndpointTiming[], b: EndpointTiming[]): void {
  console.log(`\np95 ${sizeName(large)} / ${sizeName(small)} (target ≤ ${RATIO_TARGET}×):`);
  let met = 0;
  let compared = 0;
  for (const t of b) {
    const base = a.find((x) => x.endpoint === t.endpoint && x.range === t.range);
    if (!base || base.ms.length === 0 || t.ms.length === 0) continue;
    const ratio = percentile(t.ms, 95) / percentile(base.ms, 95);
    compared++;
    if (ratio <= RATIO_TARGET) met++;
    console.log(`  ${t.endpoint.padEnd(44)} ${t.range.padEnd(5)} ${ratio.toFixed(2).padStart(6)}×${ratio <= RATIO_TARGET ? "" : "  ✗"}`);
  }
  console.log(`  ${met} of ${compared} pairs within ${RATIO_TARGET}×`);
}

/** Where one size's data comes from: seeded now (kept afterwards or not), or a database seeded and kept earlier. */
type DataSource = { reuseUrl?: string; keep: boolean; rebuild: boolean };

async function seededDatabase(
  db: TestDatabaseServer,
  sessions: number,
  source: DataSource,
): Promise<{ url: string; from: Date; to: Date; rebuild: boolean }> {
  if (source.reuseUrl) {
    // A kept database: its pending migrations applied, its data as it is (rebuilt only when asked,
    // e.g. after a migration that adds a rollup table).
    await migrate(source.reuseUrl, db.migrationsDir);
    publishDatabaseUrl(source.reuseUrl);
    const [span] = await runQuery<{ from: Date | null; to: Date | null }>(
      "SELECT min(first_received_at) AS from, max(first_received_at) AS to FROM client_connection",
    );
    if (!span.from || !span.to) throw new Error(`BENCH_REUSE: ${redact(source.reuseUrl)} holds no generated data`);
    console.log(
      `\n── ${sizeName(sessions)} sessions: reusing ${redact(source.reuseUrl)} (seeded earlier; rollups ${source.rebuild ? "rebuilt" : "as they are"})`,
    );
    return { url: source.reuseUrl, from: span.from, to: span.to, rebuild: source.rebuild };
  }
  const url = await db.createDatabase("bench_queries", { keep: source.keep });
  console.log(`\n── ${sizeName(sessions)} sessions (${db.kind === "embedded" ? "embedded PostgreSQL" : "DATABASE_URL's server"})`);
  if (source.keep) console.log(`kept afterwards (BENCH_KEEP): ${redact(url)}`);
  const seed = await seedDashboardData(url, { sessions, log: (m) => console.log(m) });
  for (const line of describeSeed(seed)) console.log(line);
  publishDatabaseUrl(url);
  return { url, from: seed.from, to: seed.to, rebuild: true };
}

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, "//…@");

async function runSize(root: string, sessions: number, tiny: boolean, source: DataSource): Promise<EndpointTiming[]> {
  const db = await openTestDatabaseServer(process.env.DATABASE_URL, path.join(root, "prisma", "migrations"));
  try {
    const seed = await seededDatabase(db, sessions, source);
    if (seed.rebuild) {
      const t0 = performance.now();
      const rebuilt = await rebuildRollups({ from: seed.from, to: new Date(seed.to.getTime() + 60_000) });
      await runQuery("ANALYZE");
      const [rollupRows] = await runQuery<{ n: bigint }>(
        `SELECT (SELECT count(*) FROM relay_rollup_minute) + (SELECT count(*) FROM relay_rollup_hour) + (SELECT count(*) FROM relay_rollup_day)
              + (SELECT count(*) FROM client_rollup_minute) + (SELECT count(*) FROM client_rollup_hour) + (SELECT count(*) FROM client_rollup_day)
              + (SELECT count(*) FROM client_series_rollup_hour) + (SELECT count(*) FROM client_series_rollup_day) AS n`,
      );
      console.log(
        `rollups rebuilt: ${rebuilt.days} days, ${rollupRows.n.toLocaleString("en")} rollup rows, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }

    const token = await adminToken();
    const [fallback] = await runQuery<{ session: string; connection: string }>(
      `SELECT c.relay_session_id AS session, c.id AS connection FROM client_connection c
       WHERE c.relay_session_id IS NOT NULL ORDER BY c.first_received_at DESC LIMIT 1`,
    );
    const iterations = tiny ? 3 : Number(process.env.BENCH_ITERATIONS ?? 30);
    console.log(
      `requests: warm-up 2, then ${iterations} timed per endpoint × range; data ends ${((Date.now() - seed.to.getTime()) / 60_000).toFixed(0)} min before now`,
    );
    const timings = await timeEndpoints(
      {
        root,
        token,
        iterations,
        warmup: 2,
        budgetMs: tiny ? 10_000 : 60_000,
        fallbackIds: fallback ? [fallback.session, fallback.connection] : [],
      },
      // Progress for long runs; the table below says it all for a tiny one.
      tiny ? () => {} : (m) => console.log(m),
    );
    printTable(sessions, timings);
    return timings;
  } finally {
    await disconnectPrisma();
    await closePools();
    await db.close();
  }
}

export const queries: Bench = {
  name: "queries",
  describe: `every GET /api/v1 endpoint: p50/p95 for ${RANGES.join(", ")} over 90 days of generated traffic at 1 M and 10 M sessions`,
  async run({ root, tiny }) {
    process.env.LOG_LEVEL ??= "warn";
    const sizes = tiny ? [2000] : (parseSizes(process.env.BENCH_SESSIONS) ?? [1_000_000, 10_000_000]);
    const reuse = process.env.BENCH_REUSE?.split(",").filter(Boolean) ?? [];
    if (reuse.length > 0 && reuse.length !== sizes.length)
      throw new Error(`BENCH_REUSE names ${reuse.length} database(s) for ${sizes.length} size(s): give one URL per BENCH_SESSIONS size`);
    const results: Array<{ size: number; timings: EndpointTiming[] }> = [];
    for (const [i, size] of sizes.entries()) {
      const source = { reuseUrl: reuse[i], keep: process.env.BENCH_KEEP === "1", rebuild: process.env.BENCH_REBUILD === "1" };
      results.push({ size, timings: await runSize(root, size, tiny, source) });
    }
    if (results.length > 1) {
      const first = results[0];
      const last = results[results.length - 1];
      printRatios(first.size, last.size, first.timings, last.timings);
    }
  },
};
