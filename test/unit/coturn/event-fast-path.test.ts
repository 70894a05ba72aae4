// The session/peer fast path against zod, the contract: for every input it either declines (null)
// or hands back the event itself, and then zod's parse (after cleanDeep) equals it. Every session
// and peer event the sessionizer makes from the corpus must take it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Sessionizer } from "../../../collectors/coturn/sessionize";
import { type CoturnEvent, coturnEvent } from "../../../collectors/schema/coturn";
import { fastSessionOrPeerEvent } from "../../../lib/ingest/coturn/event-fast-path";
import { cleanDeep } from "../../../lib/ingest/safe-json";
import { corpusLogs, pushAll, readLines } from "./replay";

const T = Date.UTC(2026, 10, 21, 12);
const session = {
  type: "session",
  pos: 4096,
  sub: 0,
  ts: T,
  run: T - 3_600_000,
  sid: "001000000000000012",
  realm: "example.test",
  username: "1795336472:app-user-17",
  allocated: true,
  lifetime: 600,
  cipher: "ECDHE-RSA-AES256-GCM-SHA384",
  method: "TLSv1.2",
  transport: "tls",
  client: "198.51.100.7:50123",
  listener: "127.0.0.1:5349",
  relay: "127.0.0.1:50000",
  tcpRelay: false,
  ended: "allocation timeout",
  approximate: false,
};
const peer = {
  type: "peer",
  pos: 8192,
  sub: 1,
  ts: T,
  run: T - 3_600_000,
  sid: "7",
  peer: "203.0.113.5:4000",
  grant: "channel",
  lifetime: 600,
};

const variants: unknown[] = [
  session,
  { type: "session", pos: 0, sub: 0, ts: T, run: T, sid: "1" },
  { ...session, realm: undefined, ended: undefined },
  { ...session, username: "", lifetime: 0, ended: "e".repeat(200) },
  peer,
  { ...peer, grant: undefined, lifetime: undefined, deleted: true },
  { ...peer, peer: "[2001:db8::1]:3478", grant: "permission" },
  // declined, though zod accepts them: its output differs from the input
  { ...session, sub: undefined },
  { ...session, extra: "stripped by zod" },
  { ...peer, username: "not a peer field" },
  { ...session, username: "bad\u0000name" },
  { ...peer, peer: "203.0.113.5\ud800" },
  // declined: zod rejects them
  { ...session, type: "usage" },
  { ...session, pos: -1 },
  { ...session, pos: 1.5 },
  { ...session, sub: 1_000_001 },
  { ...session, ts: Date.UTC(1999, 0, 1) },
  { ...session, run: Date.UTC(2200, 0, 2) },
  { ...session, run: undefined },
  { ...session, sid: "1234567890123456789" },
  { ...session, sid: 12 },
  { ...session, realm: "r".repeat(256) },
  { ...session, method: "m".repeat(33) },
  { ...session, cipher: 7 },
  { ...session, transport: "sctp" },
  { ...session, client: "1" },
  { ...session, listener: "l".repeat(65) },
  { ...session, allocated: "yes" },
  { ...session, lifetime: 100_000_001 },
  { ...session, lifetime: Number.NaN },
  { ...peer, peer: undefined },
  { ...peer, grant: "relay" },
  { ...peer, deleted: 1 },
  null,
  "session",
];

function agrees(v: unknown): void {
  const zod = coturnEvent.safeParse(v);
  const fast = fastSessionOrPeerEvent(v);
  const label = JSON.stringify(v);
  if (fast === null) return;
  assert.equal(fast, v, `the fast path hands back the event itself: ${label}`);
  assert.ok(zod.success, `zod accepts what the fast path accepts: ${label}`);
  assert.deepEqual(cleanDeep(zod.data), fast, label);
}

describe("session and peer fast path", () => {
  it("declines or agrees with zod on every variant", () => {
    for (const v of variants) agrees(v);
    for (const v of variants.slice(0, 7)) assert.ok(fastSessionOrPeerEvent(v), `takes the fast path: ${JSON.stringify(v)}`);
    for (const v of variants.slice(7)) assert.equal(fastSessionOrPeerEvent(v), null, `declined: ${JSON.stringify(v)}`);
  });

  it("takes every session and peer event the sessionizer makes from the corpus", () => {
    let taken = 0;
    for (const log of corpusLogs()) {
      const out: CoturnEvent[] = [];
      pushAll(new Sessionizer(), readLines(log), out);
      for (const e of out) {
        if (e.type !== "session" && e.type !== "peer") continue;
        agrees(e);
        assert.ok(fastSessionOrPeerEvent(e), `${log}: ${JSON.stringify(e)}`);
        taken++;
      }
    }
    assert.ok(taken > 100, `the corpus has session and peer events (${taken})`);
  });
});
