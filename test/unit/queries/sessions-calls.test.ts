// Pure parts of the session and call pages: call ids in URLs, the session timeline, usage buckets
// and why a connection did or did not join a coturn session.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeCallKey, encodeCallKey } from "../../../lib/queries/calls/call-key";
import { joinStatus } from "../../../lib/queries/calls/join-status";
import { BUCKET_WIDTHS, bucketSeconds, MAX_POINTS } from "../../../lib/queries/sessions/get-session";
import { sessionTimeline } from "../../../lib/queries/sessions/timeline";

const APP = "0b9a3c1e-1f2a-4c3d-8e4f-5a6b7c8d9e0f";

describe("call keys", () => {
  it("round-trip any SDK call id as one URL-safe segment", () => {
    for (const callId of ["room-1", "a/b?c=d#e%20f", "~!*'();:@&=+$,", "x".repeat(128)]) {
      const key = encodeCallKey({ appId: APP, callId });
      assert.match(key, /^[0-9a-f-]{36}\.[A-Za-z0-9_-]+$/);
      assert.equal(encodeURIComponent(key), key);
      assert.deepEqual(decodeCallKey(key), { appId: APP, callId });
    }
  });

  it("refuse ids it could not have made", () => {
    const ok = encodeCallKey({ appId: APP, callId: "room-1" });
    for (const bad of [
      "",
      "00000000-0000-4000-8000-000000000000",
      `${APP}.`,
      `${APP}:room-1`,
      `not-a-uuid-not-a-uuid-not-a-uuid-xxx.cm9vbS0x`,
      `${ok}=`,
      `${APP}.${Buffer.from("x".repeat(129)).toString("base64url")}`,
      `${APP}.${Buffer.from([0xff, 0xfe]).toString("base64url")}`,
    ])
      assert.equal(decodeCallKey(bad), null, bad);
  });
});

describe("session timeline", () => {
  const session = {
    startedAt: "2026-11-20T08:00:00.000Z",
    allocatedAt: "2026-11-20T08:00:00.000Z",
    endedAt: "2026-11-20T08:10:00.000Z",
    closeReason: "allocation timeout",
    transport: "udp",
    clientPrefix: "81.2.69.0/24",
    relayAddress: "198.51.100.7:50000",
    lifetimeSeconds: 600,
  };
  const event = (ts: string, kind: string, over: Record<string, unknown> = {}) => ({
    ts,
    kind,
    code: null,
    method: null,
    message: null,
    reason: null,
    peerPrefix: null,
    peerClass: null,
    ...over,
  });

  it("adds start, allocation and end around the events, in time order", () => {
    const t = sessionTimeline(session, [
      event("2026-11-20T08:05:00.000Z", "peer_denied", { code: 403, peerPrefix: "127.0.0.0/24", peerClass: "loopback" }),
      event("2026-11-20T08:00:00.000Z", "auth_failure", { code: 401, reason: "wrong_password" }),
    ]);
    assert.deepEqual(
      t.map((e) => e.kind),
      ["start", "allocate", "auth_failure", "peer_denied", "end"],
    );
    assert.equal(t[0].detail, "UDP · client 81.2.69.0/24");
    assert.equal(t[1].detail, "198.51.100.7:50000 · lifetime 600 s");
    assert.equal(t[2].title, "Authentication failed (401)");
    assert.equal(t[2].detail, "wrong password");
    assert.equal(t[3].detail, "peer 127.0.0.0/24 (loopback)");
    assert.equal(t[4].detail, "allocation timeout");
  });

  it("an open session has no end; a session never allocated has no allocation", () => {
    const t = sessionTimeline({ ...session, endedAt: null, allocatedAt: null }, []);
    assert.deepEqual(
      t.map((e) => e.kind),
      ["start"],
    );
  });
});

describe("usage buckets", () => {
  it("the smallest width that draws the session in at most MAX_POINTS points", () => {
    const t0 = new Date("2026-11-20T08:00:00Z");
    const after = (s: number) => new Date(t0.getTime() + s * 1000);
    assert.equal(bucketSeconds(t0, t0), 1);
    assert.equal(bucketSeconds(t0, after(240)), 1);
    assert.equal(bucketSeconds(t0, after(241)), 5);
    assert.equal(bucketSeconds(t0, after(3600)), 30);
    assert.equal(bucketSeconds(t0, after(86_400)), 900);
    assert.equal(bucketSeconds(t0, after(1000 * 86_400)), BUCKET_WIDTHS.at(-1));
    for (const span of [10, 1000, 50_000, 500_000]) assert.ok(span / bucketSeconds(t0, after(span)) <= MAX_POINTS);
  });
});

describe("join status", () => {
  const now = new Date("2026-11-20T09:00:00Z");
  const base = {
    pathKind: "turn-udp",
    turnUrl: "turn:turn.example.com:3478",
    relayPort: 50_000,
    turnServer: "turn-eu-1",
    relaySessionId: null,
    lastReceivedAt: new Date("2026-11-20T08:00:00Z"),
    joinAttempts: 3,
  };

  it("names why a connection is or is not joined", () => {
    assert.equal(joinStatus({ ...base, relaySessionId: "x" }, now).state, "joined");
    assert.equal(joinStatus({ ...base, pathKind: null }, now).state, "no-path");
    assert.equal(joinStatus({ ...base, pathKind: "direct" }, now).state, "direct");
    assert.equal(joinStatus({ ...base, pathKind: "turn-unknown" }, now).state, "remote-relay");
    assert.equal(joinStatus({ ...base, relayPort: null }, now).state, "no-relay-details");
    const foreign = joinStatus({ ...base, turnServer: null }, now);
    assert.equal(foreign.state, "unknown-server");
    assert.match(foreign.explanation, /turn:turn\.example\.com:3478/);
    const pending = joinStatus({ ...base, lastReceivedAt: new Date(now.getTime() - 60_000) }, now);
    assert.equal(pending.state, "pending");
    const unmatched = joinStatus(base, now);
    assert.equal(unmatched.state, "unmatched");
    assert.match(unmatched.explanation, /turn-eu-1.*50000.*3 attempts/);
  });
});
