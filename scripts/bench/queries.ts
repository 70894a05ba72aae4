// Read-API latency over realistic volumes (issue 7, AC5). For each size (default 1 M and 10 M relay
// sessions; --tiny 2,000; BENCH_SESSIONS=100000,1000000 to choose): a scratch database of its own
// (DATABASE_URL's server, else an embedded PostgreSQL), migrated, seeded by the generator in
// dashboard-data/ (90 days of calls, connections, sessions, deltas: COPY FREEZE, indexes built after),
// rollups rebuilt from the raw rows, ANALYZE; then every GET endpoint under app/api/v1 called
// in-process with an admin's read-API token for range=24h, 7d and 90d: warm-up, then BENCH_ITERATIONS
// (default 30) timed requests each, round-robin, body read to the end. The sizes are timed in turn,
// BENCH_PASSES times (default 3; 1 with --tiny), and each figure is the median of its passes, so a
// slow spell of the machine lands on one pass of one size rather than deciding the ratio. Prints
// p50/p95 per endpoint × range × size (per pass, then the medians) and the p95 ratio between the
// largest and the smallest size, against the targets (p95 < 100 ms; ≤ 1.5× from 1 M to 10 M).
// Printed, never asserted. The database is dropped afterwards, unless
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

const p50Of = (t: EndpointTiming) => t.medians?.p50 ?? percentile(t.ms, 50);
const p95Of = (t: EndpointTiming) => t.medians?.p95 ?? percentile(t.ms, 95);

function printTable(size: number, timings: EndpointTiming[]): void {
  console.log(`\n${sizeName(size)} sessions: endpoint                      range     p50 ms    p95 ms  runs`);
  for (const t of timings) {
    const p95 = p95Of(t);
    const mark = t.ms.length === 0 ? "" : p95 < P95_TARGET_MS ? "" : `  ✗ p95 ≥ ${P95_TARGET_MS} ms`;
    console.log(
      `  ${t.endpoint.padEnd(44)} ${t.range.padEnd(5)} ${fmt(p50Of(t)).padStart(9)} ${fmt(p95).padStart(9)} ${String(t.ms.length).padStart(5)}${mark}${t.note ? `  (${t.note})` : ""}`,
    );
  }
  const timed = timings.filter((t) => t.ms.length > 0);
  const met = timed.filter((t) => p95Of(t) < P95_TARGET_MS).length;
  console.log(`  p95 < ${P95_TARGET_MS} ms (target): ${met} of ${timed.length} endpoint × range pairs met`);
}

function printRatios(small: number, large: number, a: EndpointTiming[], b: EndpointTiming[]): void {
  console.log(`\np95 ${sizeName(large)} / ${sizeName(small)} (target ≤ ${RATIO_TARGET}×):`);
  let met = 0;
  let compared = 0;
  for (const t of b) {
    const base = a.find((x) => x.endpoint === t.endpoint && x.range === t.range);
    if (!base || base.ms.length === 0 || t.ms.length === 0) continue;
    const ratio = p95Of(t) / p95Of(base);
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

/** One size's database, ready to time: seeded (or reused) and its rollups built. */
type PreparedSize = { sessions: number; db: TestDatabaseServer; url: string; token: string; fallbackIds: string[]; dataEnd: Date };

async function prepareSize(root: string, sessions: number, source: DataSource): Promise<PreparedSize> {
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
    const [fallback] = await runQuery<{ session: string; connection: string }>(
      `SELECT c.relay_session_id AS session, c.id AS connection FROM client_connection c
       WHERE c.relay_session_id IS NOT NULL ORDER BY c.first_received_at DESC LIMIT 1`,
    );
    return {
      sessions,
      db,
      url: seed.url,
      token: await adminToken(),
      fallbackIds: fallback ? [fallback.session, fallback.connection] : [],
      dataEnd: seed.to,
    };
  } catch (e) {
    await db.close();
    throw e;
  } finally {
    await disconnectPrisma();
    await closePools();
  }
}

async function timeSize(root: string, size: PreparedSize, tiny: boolean, pass: string): Promise<EndpointTiming[]> {
  publishDatabaseUrl(size.url);
  try {
    const iterations = tiny ? 3 : Number(process.env.BENCH_ITERATIONS ?? 30);
    console.log(
      `\n── ${sizeName(size.sessions)} sessions${pass}: warm-up 2, then ${iterations} requests per endpoint × range, round-robin; data ends ${((Date.now() - size.dataEnd.getTime()) / 60_000).toFixed(0)} min before now`,
    );
    const timings = await timeEndpoints(
      { root, token: size.token, iterations, warmup: 2, budgetMs: tiny ? 10_000 : 60_000, fallbackIds: size.fallbackIds },
      // Progress for long runs; the table below says it all for a tiny one.
      tiny ? () => {} : (m) => console.log(m),
    );
    printTable(size.sessions, timings);
    return timings;
  } finally {
    await disconnectPrisma();
    await closePools();
  }
}

/**
 * Per endpoint × range, the median over passes of each pass's p50 and p95 (and every pass's
 * requests, for the count). A pass is one round of every size; repeating them in turn spreads
 * what the machine was doing (other tenants of the host, page cache, a JIT warming up) over both sizes.
 */
function medianOfPasses(passes: EndpointTiming[][]): EndpointTiming[] {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  return passes[0].map((t, i) => {
    const timed = passes.map((p) => p[i]).filter((x) => x.ms.length > 0);
    if (timed.length === 0) return t;
    const p50 = median(timed.map((x) => percentile(x.ms, 50)));
    const p95 = median(timed.map((x) => percentile(x.ms, 95)));
    const ms = timed.flatMap((x) => x.ms).sort((a, b) => a - b);
    return { ...t, ms, medians: { p50, p95 }, note: `median of ${timed.length} passes` };
  });
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
    const passes = tiny ? 1 : Number(process.env.BENCH_PASSES ?? 3);
    if (!Number.isInteger(passes) || passes < 1) throw new Error(`BENCH_PASSES: "${process.env.BENCH_PASSES}" is not a whole number ≥ 1`);
    const prepared: PreparedSize[] = [];
    try {
      for (const [i, size] of sizes.entries()) {
        const source = { reuseUrl: reuse[i], keep: process.env.BENCH_KEEP === "1", rebuild: process.env.BENCH_REBUILD === "1" };
        prepared.push(await prepareSize(root, size, source));
      }
      const results: EndpointTiming[][][] = sizes.map(() => []);
      for (let pass = 1; pass <= passes; pass++) {
        for (const [i, size] of prepared.entries()) {
          results[i].push(await timeSize(root, size, tiny, passes > 1 ? `, pass ${pass} of ${passes}` : ""));
        }
      }
      const final = results.map((r) => (r.length > 1 ? medianOfPasses(r) : r[0]));
      if (passes > 1) {
        console.log(`\n── median of ${passes} passes`);
        for (const [i, size] of sizes.entries()) printTable(size, final[i]);
      }
      if (final.length > 1) printRatios(sizes[0], sizes[sizes.length - 1], final[0], final[final.length - 1]);
    } finally {
      for (const p of prepared) await p.db.close();
    }
  },
};
