// POST /api/ingest/getstats as the SDK and native clients call it (route handler, real Requests,
// real database): storage and idempotency, per-item refusals with field paths, every refusal's
// status, CORS, gzip, rate limits, the published JSON Schema, and the counts on /metrics.
import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { OPTIONS, POST } from "../../app/api/ingest/getstats/route";
import { GET as getSchema } from "../../app/api/ingest/getstats/schema/route";
import { GET as getMetrics } from "../../app/metrics/route";
import { MAX_GETSTATS_BODY_BYTES } from "../../collectors/schema/getstats";
import { runQuery } from "../../lib/db/run-query";
import { resetGetstatsRateLimiter } from "../../lib/ingest/getstats/http";
import { ingestGetstatsBody } from "../../lib/ingest/getstats/ingest";
import { storeCalls } from "../../lib/ingest/getstats/store";
import { forgetAppKeys } from "../../lib/keys/app-key";
import { body, NOW, type SeededApp, seedApp, statsItem } from "../support/getstats";
import { collectorKey, setUpInProcessIngest } from "../support/ingest";

setUpInProcessIngest();

const URL_ = "http://127.0.0.1/api/ingest/getstats";

type PostOptions = { key?: string | null; origin?: string | null; type?: string | null; ip?: string; headers?: Record<string, string> };

function post(app: SeededApp, payload: BodyInit | object, o: PostOptions = {}) {
  const key = o.key === undefined ? app.key : o.key;
  const origin = o.origin === undefined ? app.origin : o.origin;
  const type = o.type === undefined ? "text/plain;charset=UTF-8" : o.type;
  const headers: Record<string, string> = { "x-forwarded-for": o.ip ?? "203.0.113.7", ...o.headers };
  if (origin !== null) headers.origin = origin;
  if (type !== null) headers["content-type"] = type;
  const bodyInit = (typeof payload === "string" || payload instanceof Uint8Array ? payload : JSON.stringify(payload)) as BodyInit;
  return POST(new Request(`${URL_}${key ? `?key=${encodeURIComponent(key)}` : ""}`, { method: "POST", body: bodyInit, headers }));
}

async function connectionRow(id: string) {
  const [row] = await runQuery(
    `SELECT path_kind::text, turn_url, relay_port, forced_relay, rtt_ms, rtt_ms_max, bytes_sent::int, bytes_received::int,
       packets_sent::int, packets_lost::int, ice_error_count, ice_errors, state, time_to_connect_ms, path_changes,
       client_prefix::text, client_ip_hash, last_sequence, user_agent
     FROM client_connection WHERE id = $1`,
    [id],
  );
  return row;
}

describe("POST /api/ingest/getstats", () => {
  let app: SeededApp;
  before(async () => {
    app = await seedApp();
  });
  beforeEach(() => {
    resetGetstatsRateLimiter({ perKeyPerSecond: 1000, perIpPerSecond: 1000 });
    forgetAppKeys();
  });

  it("stores a body (200) and a resent one adds nothing; the connection folds the items", async () => {
    const b = body([
      statsItem(0, {
        pathKind: null,
        relayPort: undefined,
        turnUrl: undefined,
        localCandidateType: undefined,
        remoteCandidateType: undefined,
        relayProtocol: undefined,
      }),
      { sequence: 1, type: "state", at: NOW - 59_000, state: "connected", timeToConnectMs: 850.4 },
      statsItem(2),
      {
        sequence: 3,
        type: "ice-error",
        at: NOW - 58_000,
        url: "turn:127.0.0.1:3478?transport=udp",
        errorCode: 401,
        errorText: "Unauthorized",
      },
      { sequence: 4, type: "ice-error", at: NOW - 57_000, url: "turn:127.0.0.1:3478?transport=udp", errorCode: 401 },
      statsItem(5, { rttMs: 40 }),
    ]);
    const res = await post(app, b, { headers: { "user-agent": "Mozilla/5.0 test" } });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(res.headers.get("access-control-allow-origin"), app.origin);
    const out = await res.json();
    assert.equal(out.accepted, 6);
    assert.equal(out.inserted, 6);
    assert.equal(out.duplicates, 0);
    assert.deepEqual(out.rejected, []);

    const row = await connectionRow(out.connection);
    assert.equal(row.path_kind, "turn-udp");
    assert.equal(row.turn_url, "turn:127.0.0.1:3478?transport=udp");
    assert.equal(row.relay_port, 49_160);
    assert.equal(row.forced_relay, true);
    assert.equal(row.rtt_ms, 40);
    assert.equal(row.rtt_ms_max, 40);
    assert.equal(row.bytes_sent, 3000);
    assert.equal(row.bytes_received, 6000);
    assert.equal(row.packets_lost, 3);
    assert.equal(row.ice_error_count, 2);
    assert.deepEqual(row.ice_errors, [{ url: "turn:127.0.0.1:3478?transport=udp", code: 401, text: "Unauthorized", count: 2 }]);
    assert.equal(row.state, "connected");
    assert.equal(row.time_to_connect_ms, 850);
    assert.equal(row.last_sequence, 5);
    assert.equal(row.client_prefix, "203.0.113.0/24");
    assert.match(row.client_ip_hash, /^1:[0-9a-f]{64}$/);
    assert.equal(row.user_agent, "Mozilla/5.0 test");
    const reports = await runQuery<{ n: number; types: string[] }>(
      "SELECT count(*)::int AS n, array_agg(DISTINCT item_type::text ORDER BY item_type::text) AS types FROM client_report WHERE connection_id = $1",
      [out.connection],
    );
    assert.deepEqual(reports[0], { n: 6, types: ["ice-error", "state", "stats"] });

    // sendBeacon on page hide may resend what fetch already delivered.
    const again = await (await post(app, b)).json();
    assert.equal(again.inserted, 0);
    assert.equal(again.duplicates, 6);
    const after = await connectionRow(out.connection);
    assert.equal(after.bytes_sent, 3000);
    assert.equal(after.ice_error_count, 2);
  });

  it("bodies arriving together are stored in groups, each exactly as alone: totals and duplicates exact", async () => {
    const before = { ...storeCalls };
    // 10 connections × 4 bodies whose items overlap (body k holds items k and k+1): items 0–4 each.
    const bodies = Array.from({ length: 40 }, (_, i) => {
      const pc = i % 10;
      const k = Math.floor(i / 10);
      return body([statsItem(k), statsItem(k + 1)], { callId: "grouped", participantId: `p${pc}`, connectionId: "pc" });
    });
    const outs = await Promise.all(bodies.map((b) => ingestGetstatsBody({ appId: app.id, tenantId: app.tenantId }, b)));
    assert.ok(storeCalls.grouped > before.grouped, "some bodies went in groups");
    let inserted = 0;
    let duplicates = 0;
    for (const o of outs) {
      assert.ok(o.ok);
      inserted += o.inserted;
      duplicates += o.duplicates;
    }
    assert.deepEqual([inserted, duplicates], [50, 30]);
    const rows = await runQuery<{ bytes_sent: number; n: number }>(
      `SELECT c.bytes_sent::int, (SELECT count(*)::int FROM client_report r WHERE r.connection_id = c.id) AS n
       FROM client_connection c WHERE c.app_id = $1 AND c.call_id = 'grouped'`,
      [app.id],
    );
    assert.equal(rows.length, 10);
    for (const r of rows) assert.deepEqual(r, { bytes_sent: 5000, n: 5 });
  });

  it("a late, older item adds its volume but does not roll the path or RTT back", async () => {
    const ids = { callId: "late-call", participantId: "p", connectionId: "late-pc" };
    const first = await (await post(app, body([statsItem(10, { rttMs: 20, relayPort: 50_000 })], ids))).json();
    await post(app, body([statsItem(9, { rttMs: 99, relayPort: 40_000 })], ids));
    const row = await connectionRow(first.connection);
    assert.equal(row.relay_port, 50_000);
    assert.equal(row.rtt_ms, 20);
    assert.equal(row.rtt_ms_max, 99);
    assert.equal(row.bytes_sent, 2000);
  });

  it("207: bad items are refused with their field path and quarantined; the good ones are stored", async () => {
    const b = body([
      statsItem(0),
      statsItem(1, { delta: { bytesSent: -5, bytesReceived: 0, packetsSent: 0, packetsReceived: 0 } }),
      statsItem(2, { rttMs: 61_000 }),
      statsItem(3, { sampledAt: NOW + 3 * 86_400_000 }),
      statsItem(4, { relayPort: 70_000 }),
      statsItem(0),
      statsItem(5),
    ]);
    const res = await post(app, b);
    assert.equal(res.status, 207);
    const out = await res.json();
    assert.equal(out.inserted, 2);
    assert.deepEqual(
      out.rejected.map((r: { index: number; path: string }) => [r.index, r.path]),
      [
        [1, "items[1].delta.bytesSent"],
        [2, "items[2].rttMs"],
        [3, "items[3].sampledAt"],
        [4, "items[4].relayPort"],
        [5, "items[5].sequence"],
      ],
    );
    assert.match(out.rejected[1].message, /60000/);
    assert.match(out.rejected[2].message, /more than a day ahead/);
    const q = await runQuery<{ reason: string }>(
      "SELECT reason FROM quarantined_event WHERE source = 'getstats' AND app_id = $1 AND position LIKE $2 ORDER BY reason",
      [app.id, `connection:${out.connection}%`],
    );
    assert.equal(q.length, 5);
    assert.ok(q.some((r) => r.reason.startsWith("time_range: items[3].sampledAt")));
    assert.equal((await connectionRow(out.connection)).bytes_sent, 2000);
    // Resending the body quarantines nothing twice.
    await post(app, b);
    const again = await runQuery("SELECT 1 FROM quarantined_event WHERE position LIKE $1", [`connection:${out.connection}%`]);
    assert.equal(again.length, 5);
  });

  it("400 with the field path for a bad envelope, and when no item is valid", async () => {
    const noCall = body([statsItem(0)]);
    delete (noCall as Record<string, unknown>).callId;
    const res = await post(app, noCall);
    assert.equal(res.status, 400);
    const out = await res.json();
    assert.equal(out.error.code, "invalid_body");
    assert.deepEqual(out.error.issues[0].path, "callId");

    const spaces = await post(app, body([statsItem(0)], { participantId: "has spaces" }));
    assert.equal(spaces.status, 400);
    assert.match((await spaces.json()).error.message, /^participantId: /);

    const allBad = await post(app, body([statsItem(0, { rttMs: -1 })]));
    assert.equal(allBad.status, 400);
    const bad = await allBad.json();
    assert.equal(bad.error.code, "invalid_items");
    assert.equal(bad.rejected[0].path, "items[0].rttMs");

    const version = await post(app, body([statsItem(0)], { version: 9 }));
    assert.equal(version.status, 400);
    assert.match((await version.json()).error.message, /wire version 9/);

    const notJson = await post(app, "{not json");
    assert.equal(notJson.status, 400);
    assert.equal((await notJson.json()).error.code, "invalid_json");
  });

  it("413 oversized (declared, streamed, and inflated from gzip)", async () => {
    const big = "x".repeat(MAX_GETSTATS_BODY_BYTES + 1);
    const declared = await post(app, big);
    assert.equal(declared.status, 413);
    const streamed = await POST(
      new Request(`${URL_}?key=${app.key}`, {
        method: "POST",
        headers: { "content-type": "text/plain", origin: app.origin },
        body: new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode(big));
            c.close();
          },
        }),
        duplex: "half",
      } as RequestInit),
    );
    assert.equal(streamed.status, 413);
    const bomb = gzipSync(Buffer.from(`{"pad":"${"a".repeat(1_000_000)}"}`));
    assert.ok(bomb.length < MAX_GETSTATS_BODY_BYTES);
    const inflated = await post(app, bomb, { headers: { "content-encoding": "gzip" } });
    assert.equal(inflated.status, 413);
    assert.match((await inflated.json()).error.message, /decompressed/);
  });

  it("accepts a gzip body", async () => {
    const res = await post(app, gzipSync(Buffer.from(JSON.stringify(body([statsItem(0)])))), {
      type: "application/json",
      headers: { "content-encoding": "gzip" },
    });
    assert.equal(res.status, 200);
  });

  it("415 for other content types, 401 for missing or unknown keys, 403 for a foreign origin or a non-app key", async () => {
    assert.equal((await post(app, body([statsItem(0)]), { type: "application/xml" })).status, 415);
    // (A string body would get text/plain from the Request constructor; bytes get no type.)
    const untyped = new TextEncoder().encode(JSON.stringify(body([statsItem(0)])));
    assert.equal((await post(app, untyped, { type: null })).status, 415);
    assert.equal((await post(app, body([statsItem(0)]), { key: null })).status, 401);
    const unknown = await post(app, body([statsItem(0)]), { key: `${app.key.slice(0, -4)}zzzz` });
    assert.equal(unknown.status, 401);
    assert.equal((await unknown.json()).error.code, "unauthorized");
    const foreign = await post(app, body([statsItem(0)]), { origin: "https://evil.example" });
    assert.equal(foreign.status, 403);
    const foreignBody = await foreign.json();
    assert.equal(foreignBody.error.code, "origin_not_allowed");
    assert.equal(foreign.headers.get("access-control-allow-origin"), null);
    assert.equal((await post(app, body([statsItem(0)]), { key: await collectorKey() })).status, 403);
    // Native clients send no Origin and are not origin-bound.
    assert.equal((await post(app, body([statsItem(0)]), { origin: null, type: "application/json" })).status, 200);
  });

  it("answers the CORS preflight for allowed origins only", async () => {
    const ask = (origin: string) =>
      OPTIONS(new Request(`${URL_}?key=${app.key}`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } }));
    const ok = await ask(app.origin);
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get("access-control-allow-origin"), app.origin);
    assert.match(ok.headers.get("access-control-allow-headers") ?? "", /content-encoding/);
    const no = await ask("https://evil.example");
    assert.equal(no.status, 403);
    assert.equal(no.headers.get("access-control-allow-origin"), null);
  });

  it("429 with Retry-After per client address and per key", async () => {
    resetGetstatsRateLimiter({ perKeyPerSecond: 1000, perIpPerSecond: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post(app, body([statsItem(0)]), { ip: "198.51.100.9" })).status);
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200));
    assert.equal(statuses[10], 429);
    const limited = await post(app, body([statsItem(0)]), { ip: "198.51.100.9" });
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    assert.equal((await limited.json()).error.code, "rate_limited");
    assert.equal(limited.headers.get("access-control-allow-origin"), "*", "a page can read the per-address 429 too");
    // Another address is not affected.
    assert.equal((await post(app, body([statsItem(0)]), { ip: "198.51.100.10" })).status, 200);

    resetGetstatsRateLimiter({ perKeyPerSecond: 1, perIpPerSecond: 1000 });
    const byKey: number[] = [];
    for (let i = 0; i < 11; i++) byKey.push((await post(app, body([statsItem(0)]), { ip: `198.51.100.${20 + i}` })).status);
    assert.equal(byKey[10], 429);
    const last = await post(app, body([statsItem(0)]), { ip: "198.51.100.99" });
    assert.equal(last.status, 429);
    assert.equal(last.headers.get("access-control-allow-origin"), app.origin, "the SDK must be able to read a 429");
    assert.match(last.headers.get("access-control-expose-headers") ?? "", /retry-after/);
  });

  it("counts accepted items and every refusal on /metrics", async () => {
    const text = await (await getMetrics(new Request("http://localhost/metrics", { headers: { "x-forwarded-for": "127.0.0.1" } }))).text();
    for (const line of [
      /relayscope_ingest_events_total\{source="getstats",type="stats",outcome="inserted"\} \d+/,
      /relayscope_ingest_events_total\{source="getstats",type="stats",outcome="duplicate"\} \d+/,
      /relayscope_ingest_quarantined_total\{source="getstats",reason="time_range"\} \d+/,
      /relayscope_ingest_requests_rejected_total\{source="getstats",reason="payload_too_large"\} \d+/,
      /relayscope_ingest_requests_rejected_total\{source="getstats",reason="unsupported_media_type"\} \d+/,
      /relayscope_ingest_requests_rejected_total\{source="getstats",reason="unauthorized"\} \d+/,
      /relayscope_ingest_requests_rejected_total\{source="getstats",reason="origin_not_allowed"\} \d+/,
      /relayscope_ingest_requests_rejected_total\{source="getstats",reason="rate_limited"\} \d+/,
      /relayscope_ingest_requests_rejected_total\{source="getstats",reason="invalid_body"\} \d+/,
      /relayscope_ingest_batches_total\{source="getstats",status="207"\} \d+/,
    ]) {
      assert.match(text, line);
    }
  });
});

describe("GET /api/ingest/getstats/schema", () => {
  it("publishes the wire format as JSON Schema", async () => {
    const res = getSchema();
    assert.equal(res.status, 200);
    const schema = await res.json();
    assert.equal(schema.type, "object");
    assert.ok(schema.required.includes("callId"));
    const item = JSON.stringify(schema.properties.items);
    assert.match(item, /"ice-error"/);
    assert.match(item, /"maximum":60000/);
  });
});
