// Throughput of ingestCoturnBatch for batches of usage lines (the hot path), fresh and replayed,
// against `psql \copy` of the same rows into relay_usage_delta. Runs on a fresh database of its own
// (DATABASE_URL's server, else a temporary embedded PostgreSQL). Printed, never asserted.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { MAX_EVENTS_PER_BATCH } from "../../collectors/schema/coturn";
import { closePools } from "../../lib/db/pool";
import { runQuery } from "../../lib/db/run-query";
import { publishDatabaseUrl } from "../../lib/env";
import { ingestCoturnBatch } from "../../lib/ingest/coturn";
import { deterministicUuid } from "../../lib/ingest/ids";
import { openTestDatabaseServer } from "../test/database";
import type { Bench } from "./main";

const run = promisify(execFile);
const T0 = Date.now() - 3_600_000;
const SESSIONS = 250;

function usageBatch(server: string, n: number, round: number) {
  const events = Array.from({ length: n }, (_, i) => ({
    type: "usage",
    pos: round * 10_000_000 + i * 120,
    ts: T0 + round * 60_000 + i,
    run: T0,
    sid: String(1_000_000_000_000_000 + (i % SESSIONS)),
    leg: i % 2 ? "peer" : "client",
    rp: 4096,
    rb: 400_000 + i,
    sp: 4096,
    sb: 410_000 + i,
    realm: "example.test",
    username: `1795336472:user-${i % SESSIONS}`,
  }));
  const fileId = `bench:${round}`;
  return {
    version: 1,
    agentId: "bench",
    server,
    source: { fileId, path: "/var/log/turn.log" },
    events,
    checkpoint: { fileId, offset: round * 10_000_000 + n * 120, state: { bench: round } },
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

async function psqlCopy(
  url: string,
  dir: string,
  server: { id: string; tenant: string },
  n: number,
  round: number,
): Promise<[number, number]> {
  const csv = Array.from({ length: n }, (_, i) =>
    [
      deterministicUuid("copy", round, i),
      new Date(T0 + i).toISOString(),
      server.tenant,
      server.id,
      deterministicUuid("copy-session", i % SESSIONS),
      i % 2 ? "peer" : "client",
      4096,
      400_000 + i,
      4096,
      410_000 + i,
    ].join(","),
  ).join("\n");
  const file = path.join(dir, `copy-${round}.csv`);
  await writeFile(file, `${csv}\n`);
  const copy = `\\copy relay_usage_delta (id, ts, tenant_id, server_id, session_id, leg, rx_packets, rx_bytes, tx_packets, tx_bytes) FROM '${file}' CSV`;
  const t0 = performance.now();
  let stdout: string;
  try {
    ({ stdout } = await run("psql", [url, "-v", "ON_ERROR_STOP=1", "-c", "\\timing on", "-c", copy]));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [Number.NaN, Number.NaN]; // no psql here: no baseline
    throw err;
  }
  const wall = performance.now() - t0;
  const server_ = Number(/Time: ([\d.]+) ms/.exec(stdout)?.[1] ?? Number.NaN);
  return [wall, server_];
}

const rate = (rows: number, ms: number) => `${Math.round((rows / ms) * 1000).toLocaleString("en")} rows/s`;

export const coturnIngest: Bench = {
  name: "coturn-ingest",
  describe: "coturn usage batches through ingestCoturnBatch (fresh, replayed) vs psql \\copy",
  async run({ root, tiny }) {
    const n = tiny ? 500 : MAX_EVENTS_PER_BATCH;
    const rounds = tiny ? 1 : 9;
    const db = await openTestDatabaseServer(process.env.DATABASE_URL, path.join(root, "prisma", "migrations"));
    const dir = await mkdtemp(path.join(os.tmpdir(), "relayscope-bench-"));
    try {
      const url = await db.createDatabase("bench");
      publishDatabaseUrl(url);
      process.env.RELAYSCOPE_IP_HASH_SECRET ??= "bench-only-secret-not-for-production-use";
      const [tenant] = await runQuery<{ id: string }>(`SELECT id FROM tenant WHERE slug = 'default'`);
      const [srv] = await runQuery<{ id: string }>(`INSERT INTO turn_server (name, default_tenant_id) VALUES ('bench', $1) RETURNING id`, [
        tenant.id,
      ]);
      // Warm-up (partitions, caches, connections, JIT): not counted.
      await ingestCoturnBatch({ serverId: null }, usageBatch("bench", n, 0));
      await psqlCopy(url, dir, { id: srv.id, tenant: tenant.id }, 10, 0);
      const seen = { fresh: [] as number[], replay: [] as number[], copy: [] as number[] };
      for (let round = 1; round <= rounds; round++) {
        const body = usageBatch("bench", n, round);
        const [fresh, freshMs] = await timed(() => ingestCoturnBatch({ serverId: null }, body));
        const [replay, replayMs] = await timed(() => ingestCoturnBatch({ serverId: null }, body));
        const [copyWall, copyServer] = await psqlCopy(url, dir, { id: srv.id, tenant: tenant.id }, n, round);
        seen.fresh.push(freshMs);
        seen.replay.push(replayMs);
        seen.copy.push(copyWall);
        console.log(
          `round ${round}: ${n} usage lines · fresh ${freshMs.toFixed(0)} ms (${rate(fresh.inserted.usage, freshMs)}) · ` +
            `replay ${replayMs.toFixed(0)} ms (${rate(replay.duplicates, replayMs)}, ${replay.inserted.usage} new) · ` +
            `psql \\copy ${copyWall.toFixed(0)} ms wall (${rate(n, copyWall)}), COPY itself ${copyServer.toFixed(0)} ms (${rate(n, copyServer)}) · ` +
            `fresh/copy-wall ${(copyWall / freshMs).toFixed(2)}×`,
        );
      }
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      console.log(
        `median of ${rounds}: fresh ${rate(n, med(seen.fresh))} · replay ${rate(n, med(seen.replay))} · psql \\copy ${rate(n, med(seen.copy))} · ` +
          `fresh/copy ${(med(seen.copy) / med(seen.fresh)).toFixed(2)}×`,
      );
    } finally {
      await closePools();
      await rm(dir, { recursive: true, force: true });
      await db.close();
    }
  },
};
