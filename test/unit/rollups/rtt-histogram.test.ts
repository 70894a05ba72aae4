import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addHistograms, percentile, RTT_BOUNDS_MS, RTT_BUCKETS } from "../../../lib/rollups/rtt-histogram";

/** The histogram PostgreSQL's width_bucket(rtt, bounds) would build. */
function histogramOf(samples: number[]): number[] {
  const h = new Array<number>(RTT_BUCKETS).fill(0);
  for (const s of samples) {
    let i = 0;
    while (i < RTT_BOUNDS_MS.length && s >= RTT_BOUNDS_MS[i]) i++;
    h[i]++;
  }
  return h;
}

describe("RTT histograms", () => {
  it("add bucket by bucket, accepting the strings and empty arrays PostgreSQL returns", () => {
    assert.deepEqual(addHistograms([["1", "2"], [], [3n, 4n, 5n]]).slice(0, 3), [4, 6, 5]);
    assert.equal(addHistograms([]).length, RTT_BUCKETS);
  });

  it("estimate percentiles within one bucket's width of the exact value", () => {
    const samples = Array.from({ length: 1000 }, (_, i) => 5 + (i % 200) * 1.7);
    const sorted = [...samples].sort((a, b) => a - b);
    for (const p of [0.5, 0.95, 0.99]) {
      const exact = sorted[Math.ceil(p * sorted.length) - 1];
      const est = percentile(histogramOf(samples), p);
      const i = RTT_BOUNDS_MS.findIndex((b) => exact < b);
      const width = RTT_BOUNDS_MS[i] - (i === 0 ? 0 : RTT_BOUNDS_MS[i - 1]);
      assert.ok(est.ms !== null && Math.abs(est.ms - exact) <= width, `p${p * 100}: ${est.ms} vs ${exact}`);
      assert.equal(est.atLeast, false);
    }
  });

  it("say 'no samples' for an empty histogram and 'at least' in the open last bucket", () => {
    assert.deepEqual(percentile(new Array(RTT_BUCKETS).fill(0), 0.5), { ms: null, atLeast: false });
    assert.deepEqual(percentile(histogramOf([5000, 6000]), 0.5), { ms: RTT_BOUNDS_MS[RTT_BOUNDS_MS.length - 1], atLeast: true });
  });
});
