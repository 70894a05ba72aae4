// Acceptance criteria 2 and 4 of the Prometheus issue: a local HTTP exporter replays real coturn
// scrapes in order; `relayscope collect prometheus --direct` stores the samples, the rates between
// scrapes and allocations by transport, and the target's status. Bad pages (404, 500, HTML, a
// timeout, a 50 MB page, NaN/Inf and duplicates, a label explosion) each leave a clear status, and
// a failing target does not affect another.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { describe, it } from "node:test";
import { CLI, ROOT, runCli } from "../support/cli";
import { testDatabaseUrl, uid, withClient } from "../support/db";
import { stopChild } from "../support/process";

const DATABASE_URL = testDatabaseUrl();
const env = { DATABASE_URL, LOG_LEVEL: "warn" };
const FIXTURES = path.join(ROOT, "test", "fixtures", "prometheus");
const P01 = [
  "00-before-load",
  "01-during-load-a",
  "02-during-load-b",
  "03-during-load-c",
  "04-during-load-d",
  "05-clients-finished",
  "06-after-allocations-expired",
].map((s) => readFileSync(path.join(FIXTURES, `p01-coturn-4.17.1-prometheus-${s}.txt`), "utf8"));

type Page = { status?: number; type?: string; body: string | Buffer; delayMs?: number };

/** An exporter whose every answer is chosen by the test; it counts the requests. */
async function exporter(pages: (n: number) => Page): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = http.createServer((_req, res) => {
    const page = pages(n++);
    setTimeout(() => {
      const headers: Record<string, string> = {};
      if (page.type) headers["content-type"] = page.type;
      res.writeHead(page.status ?? 200, headers);
      res.end(page.body);
    }, page.delayMs ?? 0);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    requests: () => n,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

async function addServer(): Promise<string> {
  const name = `prom-${uid()}`;
  assert.equal((await runCli(["server", "add", name], env)).code, 0);
  return name;
}

const collect = (url: string, server: string, ...extra: string[]) =>
  runCli(["collect", "prometheus", "--url", url, "--server", server, "--direct", ...extra], env, 120_000);

async function targetStatus(server: string) {
  return withClient(DATABASE_URL, async (c) => {
    const { rows } = await c.query(
      `SELECT t.last_success_at, t.last_error, t.last_error_reason, t.consecutive_failures, t.series_count, t.software, t.warnings
       FROM metric_target t JOIN turn_server s ON s.id = t.server_id WHERE s.name = $1`,
      [server],
    );
    return rows[0];
  });
}

describe("collect prometheus --direct", () => {
  it("stores every scrape of a replayed coturn run: samples, rates between scrapes, allocations by transport", async () => {
    const server = await addServer();
    const ex = await exporter((n) => ({ type: "text/plain; version=0.0.4; charset=utf-8", body: P01[Math.min(n, P01.length - 1)] }));
    let child: ChildProcess | undefined;
    try {
      child = spawn(process.execPath, [CLI, "collect", "prometheus", "--url", ex.url, "--server", server, "--direct", "--interval", "1s"], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr?.on("data", (d) => (stderr += d));
      const deadline = Date.now() + 60_000;
      while (ex.requests() < P01.length + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      await stopChild(child);
      assert.ok(ex.requests() >= P01.length, stderr);
    } finally {
      await ex.close();
    }
    const rows = await withClient(DATABASE_URL, async (c) => {
      const { rows } = await c.query(
        `SELECT m.ts, m.metric, m.labels_key, m.value, m.rate FROM metric_sample m JOIN turn_server s ON s.id = m.server_id
         WHERE s.name = $1 ORDER BY m.ts, m.metric, m.labels_key`,
        [server],
      );
      return rows as Array<{ ts: Date; metric: string; labels_key: string; value: number; rate: number | null }>;
    });
    const times = [...new Set(rows.map((r) => r.ts.getTime()))];
    assert.ok(times.length >= P01.length, `${times.length} scrapes stored`);
    // Each stored scrape equals its page: the value of turn_total_allocations{type="UDP"} per scrape.
    const udp = (i: number) => Number(/^turn_total_allocations\{type="UDP"\} (\S+)$/m.exec(P01[i])?.[1] ?? Number.NaN);
    const stored = times
      .slice(0, P01.length)
      .map((t) => rows.find((r) => r.ts.getTime() === t && r.metric === "turn_total_allocations" && r.labels_key === 'type="UDP"')?.value);
    assert.deepEqual(
      stored.slice(1),
      P01.slice(1).map((_, i) => udp(i + 1)),
    );
    assert.ok(
      stored.some((v) => (v ?? 0) > 0),
      "allocations were live during load",
    );
    // Rates: for each counter sample with a previous one, (value − previous) / seconds between the scrapes.
    const series = rows.filter((r) => r.metric === "turn_total_traffic_rcvb" && r.labels_key === "");
    assert.ok(series.length >= 3);
    for (let i = 1; i < series.length; i++) {
      const expected = (series[i].value - series[i - 1].value) / ((series[i].ts.getTime() - series[i - 1].ts.getTime()) / 1000);
      assert.ok(Math.abs((series[i].rate ?? Number.NaN) - expected) < 1e-6, `rate ${i}: ${series[i].rate} vs ${expected}`);
    }
    assert.equal(series[0].rate, null);
    const status = await targetStatus(server);
    assert.ok(status.last_success_at);
    assert.equal(status.last_error, null);
    assert.equal(status.consecutive_failures, 0);
    assert.deepEqual(status.software, ["coturn"]);
    assert.ok(status.series_count > 20);
  });

  it("4.6.1 without Content-Type and with blank lines; its process_* families are not stored", async () => {
    const server = await addServer();
    const page = readFileSync(path.join(FIXTURES, "p05-coturn-4.6.1-libprom-prometheus-05-clients-finished.txt"), "utf8");
    const ex = await exporter(() => ({ body: page }));
    try {
      const r = await collect(ex.url, server, "--once");
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /ok, \d+ series \(coturn\)/);
    } finally {
      await ex.close();
    }
    const status = await targetStatus(server);
    assert.match(status.warnings.join(" "), /unknown families not stored.*process_/);
    const metrics = await withClient(DATABASE_URL, async (c) =>
      (
        await c.query("SELECT DISTINCT metric FROM metric_sample m JOIN turn_server s ON s.id = m.server_id WHERE s.name = $1", [server])
      ).rows.map((r) => r.metric as string),
    );
    assert.ok(metrics.includes("turn_traffic_sentb"));
    assert.ok(!metrics.some((m) => m.startsWith("process_")));
  });

  const bad: Array<[string, Page | ((n: number) => Page), RegExp, string[]?]> = [
    ["404", { status: 404, body: "not found" }, /http_status.*HTTP 404/],
    ["500", { status: 500, body: "oops" }, /http_status.*HTTP 500/],
    ["HTML", { type: "text/html", body: "<!doctype html><title>Login</title>" }, /\(html\)/],
    ["a timeout", { body: P01[1], delayMs: 3000 }, /\(timeout\): no answer within 1 s/, ["--timeout", "1s"]],
    ["a 50 MB page", { body: Buffer.alloc(50 * 1024 * 1024, "a") }, /\(too_large\)/],
    [
      "a label explosion",
      {
        body: `# TYPE turn_total_allocations gauge\n${Array.from({ length: 20_001 }, (_, i) => `turn_total_allocations{type="t${i}"} 1`).join("\n")}\n`,
      },
      /\(too_many_series\)/,
    ],
  ];
  for (const [what, page, reason, extra] of bad) {
    it(`${what}: exit 1 with the reason, and the target's status says it`, async () => {
      const server = await addServer();
      const ex = await exporter(typeof page === "function" ? page : () => page);
      try {
        const r = await collect(ex.url, server, "--once", ...(extra ?? []));
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, reason);
      } finally {
        await ex.close();
      }
      const status = await targetStatus(server);
      assert.equal(status.consecutive_failures, 1);
      assert.ok(status.last_error);
      assert.equal(status.last_success_at, null);
    });
  }

  it("NaN, ±Inf and duplicate series: the rest is stored, the status warns", async () => {
    const server = await addServer();
    const page = [
      "# TYPE turn_total_allocations gauge",
      'turn_total_allocations{type="UDP"} NaN',
      'turn_total_allocations{type="TCP"} +Inf',
      'turn_total_allocations{type="TLS/TCP"} 2',
      'turn_total_allocations{type="TLS/TCP"} 3',
      "# TYPE stun_binding_request counter",
      "stun_binding_request 7",
      "",
    ].join("\n");
    const ex = await exporter(() => ({ body: page }));
    try {
      const r = await collect(ex.url, server, "--once");
      assert.equal(r.code, 0, r.stderr);
    } finally {
      await ex.close();
    }
    const status = await targetStatus(server);
    assert.equal(status.series_count, 2);
    assert.deepEqual(status.warnings, ["2 series with NaN or ±Inf values skipped", "1 duplicate series lines (one of each kept)"]);
  });

  it("a failing target backs off on its own; another target beside it is unaffected", async () => {
    const good = await addServer();
    const failing = await addServer();
    const ok = await exporter(() => ({ body: P01[1] }));
    const down = await exporter(() => ({ status: 503, body: "busy" }));
    const run = (url: string, server: string) =>
      spawn(process.execPath, [CLI, "collect", "prometheus", "--url", url, "--server", server, "--direct", "--interval", "1s"], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: "ignore",
      });
    const a = run(ok.url, good);
    const b = run(down.url, failing);
    try {
      await new Promise((r) => setTimeout(r, 9000));
    } finally {
      await stopChild(a);
      await stopChild(b);
      await ok.close();
      await down.close();
    }
    // The healthy target kept its 1 s interval; the failing one waited longer and longer.
    assert.ok(ok.requests() >= 5, `healthy: ${ok.requests()} scrapes`);
    assert.ok(down.requests() < ok.requests(), `failing: ${down.requests()} tries vs ${ok.requests()}`);
    assert.equal((await targetStatus(good)).consecutive_failures, 0);
    const failed = await targetStatus(failing);
    assert.ok(failed.consecutive_failures >= 2);
    assert.equal(failed.last_error_reason, "http_status");
  });
});
