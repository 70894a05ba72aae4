// Acceptance criterion 3 of the Prometheus issue, with Debian's prometheus: `promtool check metrics`
// passes on our /metrics; a real Prometheus on 127.0.0.1 scrapes our /metrics and a PromQL query for
// one of our gauges returns the value the database says; and the same Prometheus is the source of
// `collect prometheus --prometheus-api` (PromQL-API mode), whose stored samples carry that value.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { freePort } from "../../lib/net/ports";
import { type RunningApp, startApp } from "../support/app";
import { runCli } from "../support/cli";
import { testDatabaseUrl, uid, withClient } from "../support/db";
import { stopChild } from "../support/process";

const DATABASE_URL = testDatabaseUrl();
const installed = existsSync("/usr/bin/prometheus") && existsSync("/usr/bin/promtool");

function promtoolCheck(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("/usr/bin/promtool", ["check", "metrics"], { stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

describe("our /metrics and a real Prometheus", { skip: !installed && "Debian's prometheus is not installed (.ci/run installs it)" }, () => {
  let dir: string;
  let app: RunningApp;
  let prometheus: ChildProcess;
  let promUrl: string;
  const server = `prom-real-${uid()}`;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "rs-prometheus-"));
    const env = { DATABASE_URL, RELAYSCOPE_DATA_DIR: path.join(dir, "data") };
    assert.equal((await runCli(["server", "add", server], env)).code, 0);
    // Three sessions open now on this server: relayscope_relay_sessions_active{server} must say 3.
    await withClient(DATABASE_URL, async (c) => {
      const { rows } = await c.query("SELECT id, default_tenant_id FROM turn_server WHERE name = $1", [server]);
      for (let i = 0; i < 3; i++) {
        await c.query(
          `INSERT INTO relay_session (id, tenant_id, server_id, run_started_at, coturn_session_id, started_at, last_seen_at, client_rx_bytes)
           VALUES ($1, $2, $3, now() - interval '1 hour', $4, now() - interval '5 minutes', now(), 1000)`,
          [randomUUID(), rows[0].default_tenant_id, rows[0].id, i + 1],
        );
      }
    });
    app = await startApp(env);
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    const config = path.join(dir, "prometheus.yml");
    await writeFile(
      config,
      [
        "global:",
        "  scrape_interval: 1s",
        "scrape_configs:",
        "  - job_name: relayscope",
        "    static_configs:",
        `      - targets: ["127.0.0.1:${app.port}"]`,
        "",
      ].join("\n"),
    );
    prometheus = spawn(
      "/usr/bin/prometheus",
      [
        `--config.file=${config}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--storage.tsdb.path=${path.join(dir, "tsdb")}`,
        "--log.level=warn",
      ],
      { stdio: "ignore" },
    );
  });

  after(async () => {
    if (prometheus) await stopChild(prometheus);
    await app?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("promtool check metrics passes on /metrics", async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    assert.match(text, /relayscope_relay_sessions_active\{server="prom-real-/);
    const check = await promtoolCheck(text);
    assert.equal(check.code, 0, check.output);
  });

  it("Prometheus scrapes /metrics, and a PromQL query of our gauge returns what the database says", async () => {
    const query = `relayscope_relay_sessions_active{server="${server}"}`;
    const deadline = Date.now() + 60_000;
    let value: string | undefined;
    while (Date.now() < deadline) {
      const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(query)}`).catch(() => null);
      const body = res?.ok ? ((await res.json()) as { data: { result: Array<{ value: [number, string] }> } }) : null;
      value = body?.data.result[0]?.value[1];
      if (value !== undefined) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(value, "3");
  });

  it("PromQL-API mode: the same Prometheus as the source of a server's series", async () => {
    const r = await runCli(
      [
        "collect",
        "prometheus",
        "--prometheus-api",
        promUrl,
        "--query",
        `relayscope_relay_session_bytes{server="${server}",leg="client"}`,
        "--server",
        server,
        "--direct",
        "--once",
      ],
      { DATABASE_URL, LOG_LEVEL: "warn" },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /ok, 2 series/);
    const rows = await withClient(
      DATABASE_URL,
      async (c) =>
        (
          await c.query(
            `SELECT m.metric, m.labels->>'direction' AS direction, m.value, t.mode, t.query
           FROM metric_sample m JOIN turn_server s ON s.id = m.server_id
           JOIN metric_target t ON t.server_id = s.id
           WHERE s.name = $1 ORDER BY direction`,
            [server],
          )
        ).rows,
    );
    assert.deepEqual(
      rows.map((x) => [x.metric, x.direction, x.value, x.mode]),
      [
        ["relayscope_relay_session_bytes", "rx", 3000, "promql"],
        ["relayscope_relay_session_bytes", "tx", 0, "promql"],
      ],
    );
    const bad = await runCli(
      ["collect", "prometheus", "--prometheus-api", promUrl, "--query", "sum(", "--server", server, "--direct", "--once"],
      {
        DATABASE_URL,
        LOG_LEVEL: "warn",
      },
    );
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /failed \(http_status\): HTTP 400: .*parse error/);
  });
});
