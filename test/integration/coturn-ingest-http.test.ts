// The ingest routes as an agent calls them (route handlers with real Requests, real database): keys,
// statuses (200, 207, 400, 401, 403, 413, 415, 422), gzip with a bounded inflate, the checkpoint GET,
// and the ingest and collector series on /metrics.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { GET as getCheckpoint } from "../../app/api/ingest/checkpoint/route";
import { POST } from "../../app/api/ingest/coturn/route";
import { GET as getMetrics } from "../../app/metrics/route";
import { MAX_BATCH_BYTES } from "../../collectors/schema/coturn";
import { batch, ev, SID1, T0, usageLines } from "../support/coturn-batch";
import { collectorKey, type SeededServer, seedServer, setUpInProcessIngest } from "../support/ingest";

setUpInProcessIngest();

const BASE = "http://127.0.0.1/api/ingest";

function post(key: string | null, body: BodyInit, headers: Record<string, string> = {}) {
  return POST(
    new Request(`${BASE}/coturn`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    }),
  );
}

describe("POST /api/ingest/coturn", () => {
  let server: SeededServer;
  let key: string;
  before(async () => {
    server = await seedServer();
    key = await collectorKey(server.id);
  });

  it("answers 200 with counts and the checkpoint, 207 with per-item reasons", async () => {
    const ok = await post(key, JSON.stringify(batch(server.name, usageLines(T0, SID1, 0, 3), { offset: 300 })));
    assert.equal(ok.status, 200);
    const body = await ok.json();
    assert.deepEqual(
      { accepted: body.accepted, duplicates: body.duplicates, quarantined: body.quarantined, checkpoint: body.checkpoint },
      { accepted: 3, duplicates: 0, quarantined: [], checkpoint: { fileId: "dev:1:ino:42", offset: 300 } },
    );
    assert.equal(body.inserted.usage, 3);

    const mixed = await post(
      key,
      JSON.stringify(batch(server.name, [...usageLines(T0, SID1, 400, 1), { type: "usage" }], { offset: 600 })),
    );
    assert.equal(mixed.status, 207);
    const m = await mixed.json();
    assert.equal(m.accepted, 1);
    assert.equal(m.quarantined.length, 1);
    assert.equal(m.quarantined[0].index, 1);
    assert.match(m.quarantined[0].reason, /^schema: /);
  });

  it("honours gzip, and bounds both the body and its decompression", async () => {
    const gz = await post(key, gzipSync(JSON.stringify(batch(server.name, usageLines(T0, SID1, 700, 1), { offset: 800 }))), {
      "content-encoding": "gzip",
    });
    assert.equal(gz.status, 200);
    const bomb = gzipSync(Buffer.alloc(MAX_BATCH_BYTES + 10, 0x20));
    const inflated = await post(key, bomb, { "content-encoding": "gzip" });
    assert.equal(inflated.status, 413);
    assert.equal((await post(key, "x".repeat(MAX_BATCH_BYTES + 1))).status, 413);
    assert.equal((await post(key, "{}", { "content-length": String(MAX_BATCH_BYTES + 1) })).status, 413);
    assert.equal((await post(key, "{}", { "content-encoding": "br" })).status, 415);
    assert.equal((await post(key, Buffer.from("not gzip"), { "content-encoding": "gzip" })).status, 400);
  });

  it("refuses: no key 401, invalid JSON 400, bad version 400, other server 403, unknown server 422 (any-server key)", async () => {
    assert.equal((await post(null, "{}")).status, 401);
    const bad = await post(key, "{nope");
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.code, "invalid_json");
    const v = await post(key, JSON.stringify(batch(server.name, [], { version: 7 })));
    assert.equal(v.status, 400);
    assert.equal((await v.json()).error.code, "unsupported_version");
    const other = await seedServer();
    assert.equal((await post(key, JSON.stringify(batch(other.name, [])))).status, 403);
    const anyKey = await collectorKey();
    const unknown = await post(anyKey, JSON.stringify(batch("no-such-server", [])));
    assert.equal(unknown.status, 422);
    assert.match((await unknown.json()).error.message, /relayscope server add/);
  });
});

describe("GET /api/ingest/checkpoint and /metrics", () => {
  it("returns the agent's checkpoints; the collector series come from them", async () => {
    const server = await seedServer();
    const key = await collectorKey(server.id);
    const stats = {
      lines: 42,
      bytes: 4200,
      records: 40,
      continuation: 2,
      events: 30,
      skipped: { unknown: 5, foreign: 1 },
      pendingBytes: 123456,
      bufferFill: 0.25,
    };
    const state = { sessions: { [SID1]: { run: T0 } } };
    const body = batch(server.name, [ev.run({ pos: 0, ts: T0 })], { agentId: "edge-7", offset: 4200, state, stats });
    assert.equal((await post(key, JSON.stringify(body))).status, 200);

    const get = (qs: string, k = key) =>
      getCheckpoint(new Request(`${BASE}/checkpoint?${qs}`, { headers: { authorization: `Bearer ${k}` } }));
    const res = await get("agentId=edge-7");
    assert.equal(res.status, 200);
    const answer = await res.json();
    assert.equal(answer.checkpoints.length, 1);
    assert.deepEqual(answer.checkpoints[0].state, state);
    assert.equal(answer.checkpoints[0].offset, 4200);
    assert.equal((await get("agentId=edge-7&fileId=other")).status, 200);
    assert.equal((await get("fileId=x")).status, 400, "agentId is required");
    assert.equal((await get(`agentId=edge-7&server=${(await seedServer()).name}`)).status, 403);
    assert.equal((await get("agentId=edge-7", await collectorKey())).status, 400, "an any-server key must name the server");

    const text = await (await getMetrics(new Request("http://localhost/metrics", { headers: { "x-forwarded-for": "127.0.0.1" } }))).text();
    const labels = `server="${server.name}",agent="edge-7"`;
    assert.match(text, new RegExp(`relayscope_collector_lines_total\\{${labels}\\} 42`));
    assert.match(text, new RegExp(`relayscope_collector_lines_skipped\\{${labels},reason="unknown"\\} 5`));
    assert.match(text, new RegExp(`relayscope_collector_lines_skipped\\{${labels},reason="binary"\\} 0`));
    assert.match(text, new RegExp(`relayscope_collector_checkpoint_age_seconds\\{${labels}\\} \\d`));
    assert.match(text, new RegExp(`relayscope_collector_lag_bytes\\{${labels}\\} 123456`));
    assert.match(text, new RegExp(`relayscope_collector_buffer_fill_ratio\\{${labels}\\} 0.25`));
    assert.match(text, /relayscope_ingest_batches_total\{source="coturn",status="200"\} \d+/);
    assert.match(text, /relayscope_ingest_events_total\{source="coturn",type="run",outcome="inserted"\} \d+/);
  });
});
