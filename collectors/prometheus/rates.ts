// Counters → per-second rates between two scrapes, with reset detection: a counter lower than its
// last value was reset (the server restarted), so it counted up from zero since, and its whole value
// is the increase. The first sample of a series has no rate. A series missing from a scrape is
// remembered (coturn prints a restarted counter without a sample until it first moves), for an hour
// and up to MAX_REMEMBERED series per target. Pure.
import type { SeriesSample } from "./parse";

export type CounterMemory = Map<string, { value: number; at: number }>;

const FORGET_AFTER_MS = 3_600_000;
const MAX_REMEMBERED = 50_000;
export type RatedSample = SeriesSample & { rate: number | null };

export function withRates(samples: readonly SeriesSample[], at: number, memory: CounterMemory): { samples: RatedSample[]; resets: number } {
  let resets = 0;
  const next: CounterMemory = new Map([...memory].filter(([, v]) => at - v.at < FORGET_AFTER_MS));
  const out = samples.map((s): RatedSample => {
    if (s.kind !== "counter") return { ...s, rate: null };
    const id = `${s.metric}{${s.labelsKey}}`;
    next.set(id, { value: s.value, at });
    const remembered = memory.get(id);
    const before = remembered && at - remembered.at < FORGET_AFTER_MS ? remembered : undefined;
    const seconds = before ? (at - before.at) / 1000 : 0;
    if (!before || seconds <= 0) return { ...s, rate: null };
    const reset = s.value < before.value;
    if (reset) resets++;
    // A counter is never negative; one that is (a broken exporter) gives no negative rate.
    return { ...s, rate: Math.max(0, reset ? s.value : s.value - before.value) / seconds };
  });
  memory.clear();
  // Newest last: beyond the bound, the series seen longest ago go first.
  const kept = [...next].sort((a, b) => a[1].at - b[1].at).slice(-MAX_REMEMBERED);
  for (const [k, v] of kept) memory.set(k, v);
  return { samples: out, resets };
}
