import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deterministicUuid, idsWith } from "../../../lib/ingest/ids";

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
