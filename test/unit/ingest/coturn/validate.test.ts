import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEnvelope } from "../../../../lib/ingest/coturn/envelope";
import { IngestRejected } from "../../../../lib/ingest/coturn/errors";
import { MAX_DAYS_PER_BATCH, validateEvents } from "../../../../lib/ingest/coturn/validate";
import { batch, ev, T0 } from "../../../support/coturn-batch";

const NOW = T0;
const usage = (pos: number, ts = T0) => ev.usage({ pos, ts, run: T0, sid: "1", leg: "client", rp: 1, rb: 2, sp: 3, sb: 4 });

describe("validateEvents", () => {
  it("keeps valid events in source order and quarantines the others with a category", () => {
    const { valid, rejected } = validateEvents(
      [usage(300), { type: "usage", pos: 1 }, usage(100), ev.peer({ pos: 5, ts: T0, run: T0, sid: "1", peer: "1.2.3.4" })],
      NOW,
    );
    assert.deepEqual(
      valid.map((v) => v.event.pos),
      [100, 300],
    );
    assert.deepEqual(
      rejected.map((r) => [r.index, r.category]),
      [
        [1, "schema"],
        [3, "schema"],
      ],
    );
    assert.match(rejected[1].reason, /grant is required/);
  });

  it("time range: before 2000, or more than two days ahead of now", () => {
    const { rejected } = validateEvents(
      [usage(1, Date.UTC(1999, 11, 31)), usage(2, NOW + 2 * 86_400_000 + 1), usage(3, NOW + 86_400_000)],
      NOW,
    );
    assert.deepEqual(
      rejected.map((r) => [r.index, r.category]),
      [
        [0, "time_range"],
        [1, "time_range"],
      ],
    );
  });

  it("a batch spanning too many days keeps its busiest days", () => {
    const events = [
      usage(0),
      usage(1),
      ...Array.from({ length: MAX_DAYS_PER_BATCH + 1 }, (_, i) => usage(10 + i, T0 - (i + 1) * 86_400_000)),
    ];
    const { valid, rejected } = validateEvents(events, NOW);
    assert.equal(valid.length, 2 + MAX_DAYS_PER_BATCH - 1);
    assert.equal(rejected.length, 2);
    assert.ok(rejected.every((r) => r.category === "time_range"));
    assert.ok(valid.some((v) => v.event.pos === 0));
  });

  it("replaces NUL and lone surrogates in text (text and jsonb columns refuse them)", () => {
    const { valid } = validateEvents([ev.session({ pos: 1, ts: T0, run: T0, sid: "1", realm: "a\u0000b", username: "x\ud800" })], NOW);
    const e = valid[0].event as { realm: string; username: string };
    assert.equal(e.realm, "a\ufffdb");
    assert.equal(e.username, "x\ufffd");
  });

  it("reasons are short", () => {
    const { rejected } = validateEvents(
      [{ type: "session", pos: -1, ts: "x", run: "y", sid: "z".repeat(500), realm: 5, username: 6, lifetime: -1 }],
      NOW,
    );
    assert.ok(rejected[0].reason.length <= 500);
  });
});

describe("parseEnvelope", () => {
  const refusal = (body: unknown) => {
    try {
      parseEnvelope(body);
    } catch (err) {
      assert.ok(err instanceof IngestRejected);
      return [err.status, err.code];
    }
    return null;
  };
  it("accepts a valid batch and refuses bad envelopes and versions", () => {
    assert.equal(refusal(batch("s", [])), null);
    assert.deepEqual(refusal(null), [400, "invalid_batch"]);
    assert.deepEqual(refusal([]), [400, "invalid_batch"]);
    assert.deepEqual(refusal({ ...batch("s", []), checkpoint: undefined }), [400, "invalid_batch"]);
    assert.deepEqual(refusal(batch("s", [], { version: 0 })), [400, "unsupported_version"]);
    assert.deepEqual(refusal({ ...batch("s", []), events: new Array(5001).fill({}) }), [413, "too_many_events"]);
  });
});
