import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deterministicUuid, idsWith, positionIds } from "../../../lib/ingest/ids";

describe("deterministicUuid", () => {
  it("is a stable RFC 4122 version-5 uuid of its parts", () => {
    const id = deterministicUuid("relay_usage_delta", "srv", "file", 120, 0);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(deterministicUuid("relay_usage_delta", "srv", "file", 120, 0), id);
  });
  it("differs when any part differs, and the part boundaries count", () => {
    const ids = new Set([
      deterministicUuid("a", 1),
      deterministicUuid("a", "1"),
      deterministicUuid("a", 2),
      deterministicUuid("a:b", "c"),
      deterministicUuid("a", "b:c"),
      deterministicUuid("a", 1, null),
      deterministicUuid("a", 1n),
    ]);
    assert.equal(ids.size, 7);
  });
});

describe("idsWith", () => {
  it("gives exactly deterministicUuid of the joined parts", () => {
    const ids = idsWith("relay_usage_delta", "srv", "file");
    assert.equal(ids(120, 0), deterministicUuid("relay_usage_delta", "srv", "file", 120, 0));
    assert.equal(ids(121, 3), deterministicUuid("relay_usage_delta", "srv", "file", 121, 3));
    assert.equal(ids(), deterministicUuid("relay_usage_delta", "srv", "file"));
    assert.equal(idsWith()("a", 1), deterministicUuid("a", 1));
  });
});

describe("positionIds", () => {
  const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it("is deterministic, a valid version-8 UUID, and ascends with the position within one stream", () => {
    const ids = positionIds("relay_usage_delta", "srv", "fp:1");
    const a = ids(120, 0);
    assert.equal(positionIds("relay_usage_delta", "srv", "fp:1")(120, 0), a);
    assert.match(a, UUID_V8);
    const ordered = [ids(0, 0), ids(0, 1), ids(1, 0), ids(4095, 0), ids(2 ** 32, 0), ids(2 ** 48 - 1, 4095)];
    assert.deepEqual([...ordered].sort(), ordered);
    for (const id of ordered) assert.match(id, UUID_V8);
  });

  it("never gives two positions, sub-indexes or streams the same id", () => {
    const seen = new Set<string>();
    const streams = [
      positionIds("relay_usage_delta", "srv", "fp:1"),
      positionIds("relay_usage_delta", "srv", "fp:2"),
      positionIds("relay_usage_delta", "srv2", "fp:1"),
      positionIds("relay_event", "srv", "fp:1"),
    ];
    for (const ids of streams)
      for (const pos of [0, 1, 255, 256, 65_536, 2 ** 40]) for (const sub of [0, 1, 15, 16, 4095]) seen.add(ids(pos, sub));
    assert.equal(seen.size, streams.length * 6 * 5);
  });

  it("falls back to deterministicUuid where the layout has no room (positions past 2^48, sub-indexes past 4095)", () => {
    const ids = positionIds("relay_event", "srv", "fp:1");
    assert.equal(ids(2 ** 48, 0), deterministicUuid("relay_event", "srv", "fp:1", 2 ** 48, 0));
    assert.equal(ids(7, 4096), deterministicUuid("relay_event", "srv", "fp:1", 7, 4096));
    assert.equal(ids(7, 1_000_000), deterministicUuid("relay_event", "srv", "fp:1", 7, 1_000_000));
  });
});
