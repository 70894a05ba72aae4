// Dirty minutes become a few time ranges to recompute: runs of minutes merge (small gaps too, since
// one statement over a slightly wider range is cheaper than many), and each range widens to whole
// hours and days for the coarser tables.
export type TimeRange = { from: Date; to: Date };

const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** Minutes apart that still merge into one range. */
const MERGE_GAP_MINUTES = 5;

/** Sorted, merged [from, to) ranges covering every given minute start. */
export function minuteRanges(minutes: readonly Date[]): TimeRange[] {
  const sorted = [...new Set(minutes.map((m) => Math.floor(m.getTime() / MINUTE) * MINUTE))].sort((a, b) => a - b);
  const out: TimeRange[] = [];
  for (const start of sorted) {
    const last = out[out.length - 1];
    if (last && start - last.to.getTime() <= MERGE_GAP_MINUTES * MINUTE) last.to = new Date(start + MINUTE);
    else out.push({ from: new Date(start), to: new Date(start + MINUTE) });
  }
  return out;
}

/** The ranges widened to whole steps (hours or days, UTC), merged where they touch. */
export function widen(ranges: readonly TimeRange[], step: number): TimeRange[] {
  const out: TimeRange[] = [];
  for (const r of [...ranges].sort((a, b) => a.from.getTime() - b.from.getTime())) {
    const from = Math.floor(r.from.getTime() / step) * step;
    const to = Math.ceil(r.to.getTime() / step) * step;
    const last = out[out.length - 1];
    if (last && from <= last.to.getTime()) last.to = new Date(Math.max(last.to.getTime(), to));
    else out.push({ from: new Date(from), to: new Date(to) });
  }
  return out;
}

/** A range cut into pieces of at most `step` (a rebuild recomputes a day at a time). */
export function split(range: TimeRange, step: number): TimeRange[] {
  const out: TimeRange[] = [];
  for (let t = range.from.getTime(); t < range.to.getTime(); t += step) {
    out.push({ from: new Date(t), to: new Date(Math.min(t + step, range.to.getTime())) });
  }
  return out;
}
