// The usage fast path against zod, the contract: for every input it either declines (null) or gives
// exactly zod's parse (after cleanDeep). Valid events must take the fast path.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { coturnEvent } from "../../../collectors/schema/coturn";
import { fastUsageEvent } from "../../../lib/ingest/coturn/usage-fast-path";
import { cleanDeep } from "../../../lib/ingest/safe-json";

const valid = {
  type: "usage",
  pos: 4096,
  sub: 1,
  ts: Date.UTC(2026, 10, 21, 12),
  run: Date.UTC(2026, 10, 21, 11),
  sid: "001000000000000012",
  leg: "peer",
  rp: 10,
  rb: 12_000,
  sp: 0,
  sb: 0,
  realm: "example.test",
  username: "1795336472:app-user-17",
};

const variants: Record<string, unknown>[] = [
  valid,
  { ...valid, sub: undefined },
  { ...valid, realm: undefined, username: undefined },
  { ...valid, leg: "client", extra: "stripped by zod" },
  { ...valid, username: "bad\u0000name\ud800" },
  { ...valid, rb: Number.MAX_SAFE_INTEGER },
  { ...valid, pos: 0, sub: 1_000_000 },
  { ...valid, sid: "1" },
  // each of these must be declined: zod rejects them
  { ...valid, type: "session" },
  { ...valid, pos: -1 },
  { ...valid, pos: 1.5 },
  { ...valid, sub: 1_000_001 },
  { ...valid, ts: Date.UTC(1999, 0, 1) },
  { ...valid, ts: Date.UTC(2200, 0, 2) },
  { ...valid, run: "2026" },
  { ...valid, sid: "1234567890123456789" },
  { ...valid, sid: "12a" },
  { ...valid, sid: 12 },
  { ...valid, leg: "both" },
  { ...valid, rp: -1 },
  { ...valid, sb: Number.MAX_SAFE_INTEGER + 2 },
  { ...valid, rb: Number.NaN },
  { ...valid, sp: Number.POSITIVE_INFINITY },
  { ...valid, realm: "r".repeat(256) },
  { ...valid, username: 7 },
  { ...valid, ts: undefined },
];

describe("usage fast path", () => {
  it("declines or agrees with zod on every variant, and takes every valid one", () => {
    for (const v of variants) {
      const zod = coturnEvent.safeParse(v);
      const fast = fastUsageEvent(v);
      const label = JSON.stringify(v);
      if (zod.success && zod.data.type === "usage") {
        assert.ok(fast, `a valid usage event takes the fast path: ${label}`);
        assert.deepEqual(fast, cleanDeep(zod.data), label);
      } else assert.equal(fast, null, `zod rejects it (or it is no usage event), so the fast path must decline: ${label}`);
    }
  });

  it("hands back the event itself only when zod's output would be an equal copy", () => {
    const own = { ...valid };
    assert.equal(fastUsageEvent(own), own, "exact keys, clean text: no copy");
    for (const v of [
      { ...valid, extra: 1 },
      { ...valid, sub: undefined },
      { ...valid, username: "a\u0000b" },
    ]) {
      const out = fastUsageEvent(v);
      assert.notEqual(out, v, JSON.stringify(v));
      assert.deepEqual(out, cleanDeep(coturnEvent.parse(v)));
    }
  });

  it("is not fooled by non-objects", () => {
    for (const v of [null, undefined, 0, "usage", [valid]]) assert.equal(fastUsageEvent(v), null);
  });
});
