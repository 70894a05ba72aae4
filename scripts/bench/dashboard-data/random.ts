// Deterministic randomness for the dashboard data generator: one mulberry32 stream per run, so the
// same seed and size give the same rows (and benches compare like with like).

export type Rand = {
  /** Uniform in [0, 1). */
  (): number;
  /** Integer in [lo, hi]. */
  int: (lo: number, hi: number) => number;
  /** True with probability p. */
  chance: (p: number) => boolean;
  /** Log-normal with the given median and sigma (of the underlying normal). */
  logNormal: (median: number, sigma: number) => number;
  /** One of the keys of a cumulative weight table (see cumulative()). */
  pick: <T>(table: Cumulative<T>) => T;
};

export type Cumulative<T> = { values: T[]; bounds: number[] };

/** A weight table prepared for pick(): weights need not sum to 1. */
export function cumulative<T>(entries: ReadonlyArray<readonly [T, number]>): Cumulative<T> {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  return {
    values: entries.map(([v]) => v),
    bounds: entries.map(([, w]) => {
      acc += w / total;
      return acc;
    }),
  };
}

export function prng(seed: number): Rand {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rand = next as Rand;
  rand.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  rand.chance = (p) => next() < p;
  rand.logNormal = (median, sigma) => {
    const u = 1 - next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    return median * Math.exp(sigma * z);
  };
  rand.pick = <T>(table: Cumulative<T>): T => {
    const u = next();
    const { bounds, values } = table;
    for (let i = 0; i < bounds.length - 1; i++) if (u < bounds[i]) return values[i];
    return values[values.length - 1];
  };
  return rand;
}

/** A 32-bit integer hash (for stable per-user values without keeping them). */
export function hash32(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h >>> 0;
}
