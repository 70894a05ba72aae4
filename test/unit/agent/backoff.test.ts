import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffCeiling, backoffDelay } from "../../../collectors/agent/backoff";

describe("backoff: exponential with full jitter", () => {
  it("ceilings double from 250 ms and stop at 30 s, even for absurd attempt numbers", () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffCeiling(a)),
      [250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000],
    );
    assert.equal(backoffCeiling(10_000), BACKOFF_CAP_MS);
    assert.equal(backoffCeiling(-3), BACKOFF_BASE_MS);
  });

  it("the delay is uniform in [0, ceiling): pinned at both ends with an injected random", () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = backoffCeiling(attempt);
      assert.equal(backoffDelay(attempt, { random: () => 0 }), 0);
      const top = backoffDelay(attempt, { random: () => 0.999_999_999 });
      assert.ok(top < ceiling && top >= ceiling - 1, `attempt ${attempt}: ${top} vs ${ceiling}`);
      assert.equal(backoffDelay(attempt, { random: () => 0.5 }), Math.floor(ceiling / 2));
    }
  });

  it("a misbehaving random source cannot push the delay out of bounds", () => {
    assert.equal(backoffDelay(3, { random: () => -1 }), 0);
    assert.ok(backoffDelay(3, { random: () => 7 }) < backoffCeiling(3));
  });

  it("base and cap are options", () => {
    assert.equal(backoffCeiling(4, { baseMs: 10, capMs: 100 }), 100);
    assert.equal(backoffDelay(2, { baseMs: 10, capMs: 100, random: () => 0.5 }), 20);
  });
});
