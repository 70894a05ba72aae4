// `collect --direct` takes batches larger than the wire's bound (no HTTP body in between); the
// envelope check follows the bound its caller gives and still refuses anything past it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DIRECT_MAX_EVENTS_PER_BATCH } from "../../../collectors/agent/direct";
import { COTURN_WIRE_VERSION, MAX_EVENTS_PER_BATCH } from "../../../collectors/schema/coturn";
import { parseEnvelope } from "../../../lib/ingest/coturn/envelope";
import { IngestRejected } from "../../../lib/ingest/coturn/errors";

const body = (n: number) => ({
  version: COTURN_WIRE_VERSION,
  agentId: "a1",
  server: "turn-1",
  source: { fileId: "fp:1", path: "/var/log/turn.log" },
  events: Array.from({ length: n }, (_, i) => ({ type: "usage", pos: i })),
  checkpoint: { fileId: "fp:1", offset: n, state: null },
});

describe("direct batch size", () => {
  it("the wire bound by default, the in-process one when given; events are passed on untouched", () => {
    assert.ok(DIRECT_MAX_EVENTS_PER_BATCH > MAX_EVENTS_PER_BATCH);
    const large = body(MAX_EVENTS_PER_BATCH + 1);
    assert.throws(
      () => parseEnvelope(large),
      (e) => e instanceof IngestRejected && e.status === 413,
    );
    const parsed = parseEnvelope(large, DIRECT_MAX_EVENTS_PER_BATCH);
    assert.equal(parsed.events.length, MAX_EVENTS_PER_BATCH + 1);
    assert.equal(parsed.events[7], large.events[7]);
    assert.equal(parsed.checkpoint.offset, MAX_EVENTS_PER_BATCH + 1);
    assert.throws(
      () => parseEnvelope(body(DIRECT_MAX_EVENTS_PER_BATCH + 1), DIRECT_MAX_EVENTS_PER_BATCH),
      (e) => e instanceof IngestRejected && e.status === 413,
    );
  });

  it("a large envelope is still checked without its events", () => {
    const bad = { ...body(MAX_EVENTS_PER_BATCH + 1), agentId: "" };
    assert.throws(
      () => parseEnvelope(bad, DIRECT_MAX_EVENTS_PER_BATCH),
      (e) => e instanceof IngestRejected && e.status === 400,
    );
  });
});
