// POST /api/ingest/metrics as an agent calls it (route handler, real Requests, real database):
// stored once, status kept, tenants from realm rules, and every refusal's status.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { POST } from "../../app/api/ingest/metrics/route";
import type { MetricsBatch } from "../../collectors/schema/metrics";
import { runQuery } from "../../lib/db/run-query";
import { collectorKey, type SeededServer, seedServer, seedTenant, setUpInProcessIngest } from "../support/ingest";

setUpInProcessIngest();

const post = (key: string | null, body: unknown, headers: Record<string, string> = {}) =>
  POST(
    new Request("http://127.0.0.1/api/ingest/metrics", {
      method: "POST",
      body: typeof body === "string" || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    }),
  );

function batch(server: string, over: Partial<MetricsBatch> = {}): MetricsBatch {
  return {
    version: 1,
    agentId: "agent-1",
    server,
    target: { mode: "scrape", url: "http://turn.example:9641/metrics", intervalMs: 15_000 },
    scrapedAt: Date.now() - 1000,
    status: { ok: true, durationMs: 9 },
    software: ["coturn"],
    warnings: [],
    samples: [
      { metric: "turn_total_allocations", labels: { type: "UDP" }, value: 4, rate: null },
      { metric: "turn_traffic_sentb", labels: { realm: "acme.example" }, value: 1000, rate: 12.5 },
      { metric: "turn_traffic_sentb", labels: { realm: "other.example" }, value: 50, rate: null },
      // --prometheus-username-labels: the REST username's stable part picks the tenant, as in the logs.
      { metric: "turn_traffic_sentb", labels: { realm: "acme.example", user: "1795340000:vip-7" }, value: 70, rate: null },
    ],
    ...over,
  };
}

describe("POST /api/ingest/metrics", () => {
  let server: SeededServer;
  let acme: string;
  let vip: string;
  let key: string;
  before(async () => {
    acme = await seedTenant("acme");
    vip = await seedTenant("vip");
    server = await seedServer([
      { realm: "acme.example", tenantId: vip, usernamePattern: "^vip-", priority: 5 },
      { realm: "acme.example", tenantId: acme },
    ]);
    key = await collectorKey(server.id);
  });

  it("stores the samples once, with tenants from the realm rules, and the target's status", async () => {
    const b = batch(server.name);
    const res = await post(key, gzipSync(Buffer.from(JSON.stringify(b))), { "content-encoding": "gzip" });
    assert.equal(res.status, 200);
    const out = await res.json();
    assert.deepEqual([out.accepted, out.inserted, out.duplicates], [4, 4, 0]);
    const again = await (await post(key, b)).json();
    assert.deepEqual([again.inserted, again.duplicates], [0, 4]);
    const rows = await runQuery<{ labels_key: string; tenant_id: string; rate: number | null }>(
      "SELECT labels_key, tenant_id, rate FROM metric_sample WHERE server_id = $1 AND metric = 'turn_traffic_sentb' ORDER BY labels_key",
      [server.id],
    );
    assert.deepEqual(
      rows.map((r) => [r.labels_key, r.tenant_id, r.rate]),
      [
        ['realm="acme.example"', acme, 12.5],
        ['realm="acme.example",user="1795340000:vip-7"', vip, null],
        ['realm="other.example"', server.defaultTenantId, null],
      ],
    );
    // A failed attempt later: the status changes, the last success and series count stay.
    await post(
      key,
      batch(server.name, {
        scrapedAt: Date.now(),
        status: { ok: false, durationMs: 10000, reason: "timeout", error: "no answer within 10 s", failures: 2 },
        samples: [],
      }),
    );
    const [t] = await runQuery(
      "SELECT last_success_at, last_error, last_error_reason, consecutive_failures, series_count, software FROM metric_target WHERE id = $1",
      [out.target],
    );
    assert.ok(t.last_success_at);
    assert.equal(t.last_error_reason, "timeout");
    assert.equal(t.consecutive_failures, 3);
    assert.equal(t.series_count, 4);
    assert.deepEqual(t.software, ["coturn"]);
  });

  it("refuses with a status each: 401, 403, 422, 400, 413", async () => {
    assert.equal((await post(null, batch(server.name))).status, 401);
    const other = await seedServer();
    assert.equal((await post(key, batch(other.name))).status, 403);
    const anyServer = await collectorKey();
    const unknown = await post(anyServer, batch("no-such-server"));
    assert.equal(unknown.status, 422);
    assert.equal((await unknown.json()).error.code, "unknown_server");
    const nan = await post(key, JSON.stringify(batch(server.name)).replace('"value":4', '"value":"NaN"'));
    assert.equal(nan.status, 400);
    assert.match((await nan.json()).error.message, /samples\.0\.value/);
    const future = await post(key, batch(server.name, { scrapedAt: Date.now() + 3_600_000 }));
    assert.equal((await future.json()).error.code, "time_range");
    assert.equal((await post(key, "x".repeat(17 * 1024 * 1024))).status, 413);
  });
});
