// Round-trip times are rolled up as fixed-bucket histograms, so p50/p95/p99 can be re-aggregated
// over any range, app or server by adding the buckets (a mean or a percentile of percentiles could
// not). Bucket i holds RTT_BOUNDS_MS[i-1] ≤ rtt < RTT_BOUNDS_MS[i] (PostgreSQL's width_bucket);
// bucket 0 is below the first bound, the last one at or above the last bound.

/** Upper bounds in ms: fine where WebRTC calls live (10–300 ms), coarse beyond. */
export const RTT_BOUNDS_MS: readonly number[] = [
  10, 20, 30, 40, 50, 75, 100, 125, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000, 3000,
];
export const RTT_BUCKETS = RTT_BOUNDS_MS.length + 1;

/** Adds histograms bucket by bucket (empty arrays are "no samples"). */
export function addHistograms(histograms: ReadonlyArray<ReadonlyArray<number | string | bigint>>): number[] {
  const sum = new Array<number>(RTT_BUCKETS).fill(0);
  for (const h of histograms) for (let i = 0; i < h.length && i < RTT_BUCKETS; i++) sum[i] += Number(h[i]);
  return sum;
}

export type Percentile = {
  /** Estimated value in ms, or null without samples. */
  ms: number | null;
  /** True when the percentile falls in the open last bucket: the value is a lower bound (≥ ms). */
  atLeast: boolean;
};

/**
 * The p-quantile (0 < p < 1) of a histogram, interpolated linearly inside its bucket; bucket 0
 * starts at 0 ms. Error is at most one bucket's width.
 */
export function percentile(histogram: readonly number[], p: number): Percentile {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total <= 0) return { ms: null, atLeast: false };
  const rank = p * total;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const n = histogram[i];
    if (n > 0 && seen + n >= rank) {
      if (i >= RTT_BOUNDS_MS.length) return { ms: RTT_BOUNDS_MS[RTT_BOUNDS_MS.length - 1], atLeast: true };
      const lower = i === 0 ? 0 : RTT_BOUNDS_MS[i - 1];
      const upper = RTT_BOUNDS_MS[i];
      return { ms: Math.round((lower + ((rank - seen) / n) * (upper - lower)) * 10) / 10, atLeast: false };
    }
    seen += n;
  }
  return { ms: RTT_BOUNDS_MS[RTT_BOUNDS_MS.length - 1], atLeast: true };
}

/**
 * SQL adding the `rtt_histogram` arrays of a group bucket by bucket: one sum per bucket by subscript
 * (a NULL element, from an empty array, adds nothing). Unnesting instead multiplied the rows by the
 * bucket count and was the dashboard's slowest read. Built once from the constant bucket count.
 */
export const HISTOGRAM_SUM_SQL = `ARRAY[${Array.from({ length: RTT_BUCKETS }, (_, i) => `COALESCE(sum(rtt_histogram[${i + 1}]), 0)`).join(", ")}]::bigint[]`;

/**
 * SQL counting a group's samples into the histogram, given a column `wb` holding each sample's
 * width_bucket(rtt, RTT_BOUNDS_MS) (0 … RTT_BUCKETS − 1; NULL for no sample). One FILTER per bucket,
 * built once from the constant bucket count.
 */
export const HISTOGRAM_COUNT_SQL = `ARRAY[${Array.from({ length: RTT_BUCKETS }, (_, i) => `count(*) FILTER (WHERE wb = ${i})`).join(", ")}]::bigint[]`;
