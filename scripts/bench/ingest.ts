// POST /api/ingest/getstats under load: autocannon at a fixed concurrency against the real app
// (`relayscope start`, its production server) and, in the same run, against a bare node:http server
// that reads the body and answers 204: the ceiling of this machine's HTTP stack. Each request is a
// typical SDK body (one stats summary, a new sequence of one of 1000 connections), so every request
// stores a report and updates its connection. Prints req/s and p99 of both and their ratio; the
// issue's target is ≥ 0.3× and p99 < 50 ms. Printed, never asserted.
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import autocannon from "autocannon";
import { closePools } from "../../lib/db/pool";
import { disconnectPrisma, prisma } from "../../lib/db/prisma";
import { publishDatabaseUrl } from "../../lib/env";
import { createKey } from "../../lib/keys/store";
import { freePort } from "../../lib/net/ports";
import { buildIfNeeded } from "../cli/build";
import { openTestDatabaseServer } from "../test/database";
import type { Bench } from "./main";

const CONNECTIONS = 10;
const SDK_CONNECTIONS = 1000;

function sdkBody(n: number): string {
  const pc = n % SDK_CONNECTIONS;
  return JSON.stringify({
    version: 1,
    sdkVersion: "0.1.0",
    callId: `bench-call-${Math.floor(pc / 2)}`,
    participantId: `p${pc % 2}`,
    connectionId: `pc-${pc}`,
    forcedRelay: false,
    items: [
      {
        sequence: Math.floor(n / SDK_CONNECTIONS),
        type: "stats",
        sampledAt: Date.now(),
        pathKind: "turn-udp",
        localCandidateType: "relay",
        remoteCandidateType: "host",
        relayProtocol: "udp",
        turnUrl: "turn:turn.example.com:3478?transport=udp",
        relayPort: 49_152 + pc,
        rttMs: 42.5,
        jitterMs: 3.2,
        fractionLost: 0,
        packetsLostDelta: 0,
        delta: { bytesSent: 418_230, bytesReceived: 402_114, packetsSent: 1210, packetsReceived: 1187 },
      },
    ],
  });
}

type Figures = { rps: number; p99: number; p50: number; non2xx: number; errors: number; total: number };

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<Figures> {
  let n = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    method: "POST",
    headers,
    requests: [
      {
        setupRequest: (req) => {
          req.body = sdkBody(n++);
          return req;
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    p50: result.latency.p50,
    non2xx: result.non2xx,
    errors: result.errors,
    total: result.requests.total,
  };
}

function bareServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(204);
      res.end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

async function startApp(root: string, url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, "scripts", "relayscope.mjs"), "start", "--port", String(port)], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      RELAYSCOPE_JOBS: "off",
      PGOPTIONS: process.env.BENCH_PGOPTIONS ?? "",
      LOG_LEVEL: "warn",
      // One client address and one key send everything here: the limits would measure themselves.
      RELAYSCOPE_GETSTATS_RATE_PER_KEY: "1000000",
      RELAYSCOPE_GETSTATS_RATE_PER_IP: "1000000",
      RELAYSCOPE_IP_HASH_SECRET: "bench-secret-0123456789abcdef0123456789",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return child;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error("relayscope start did not become healthy");
    await new Promise((r) => setTimeout(r, 250));
  }
}

const fmt = (f: Figures) =>
  `${f.rps.toFixed(0)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms (${f.total} requests, ${f.non2xx} non-2xx, ${f.errors} errors)`;

export const ingest: Bench = {
  name: "ingest",
  describe: "POST /api/ingest/getstats under autocannon vs a bare node:http server",
  async run({ root, tiny }) {
    const seconds = tiny ? 2 : Number(process.env.BENCH_SECONDS ?? 15);
    await buildIfNeeded(root, (m) => console.log(m));
    const db = await openTestDatabaseServer(process.env.DATABASE_URL, path.join(root, "prisma", "migrations"));
    let app: ChildProcess | undefined;
    try {
      const url = await db.createDatabase("bench_ingest");
      publishDatabaseUrl(url);
      const origin = "https://calls.example.com";
      const tenant = await prisma().tenant.findFirstOrThrow({ where: { slug: "default" } });
      const row = await prisma().app.create({ data: { tenantId: tenant.id, name: "bench", allowedOrigins: [origin] } });
      const { key } = await createKey({ kind: "app", name: "bench", scope: { tenantId: tenant.id, appId: row.id } });
      const port = await freePort();
      app = await startApp(root, url, port);

      const headers = { "content-type": "text/plain;charset=UTF-8", origin };
      // Warm-up: Next compiles the route's module graph on first use.
      await load(`http://127.0.0.1:${port}/api/ingest/getstats?key=${key}`, headers, 1);
      const bare = await bareServer();
      const baseline = await load(bare.url, headers, seconds);
      await bare.close();
      const endpoint = await load(`http://127.0.0.1:${port}/api/ingest/getstats?key=${key}`, headers, seconds);
      const [stored] = await prisma().$queryRawUnsafe<Array<{ n: bigint }>>("SELECT count(*) AS n FROM client_report");

      const ratio = endpoint.rps / baseline.rps;
      console.log(`concurrency ${CONNECTIONS}, ${seconds} s each, one stats item per request over ${SDK_CONNECTIONS} connections`);
      console.log(`bare node:http 204:         ${fmt(baseline)}`);
      console.log(`POST /api/ingest/getstats:  ${fmt(endpoint)}; ${stored.n} reports stored`);
      console.log(
        `ratio ${ratio.toFixed(2)}× (target ≥ 0.3×: ${ratio >= 0.3 ? "met" : "not met"}); p99 ${endpoint.p99} ms (target < 50 ms: ${endpoint.p99 < 50 ? "met" : "not met"})`,
      );
    } finally {
      if (app) {
        app.kill("SIGTERM");
        await new Promise((r) => app?.once("exit", r));
      }
      await disconnectPrisma();
      await closePools();
      await db.close();
    }
  },
};
