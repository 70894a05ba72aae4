// Number formatting shared by every chart, table and stat, so one figure reads the same everywhere
// (the chart's tooltip, its table view, the CSV's neighbour on screen). en-US grouping, fixed: the
// product is English-only and a locale-dependent separator would make tables disagree between people.

/** What a missing figure shows: a gap, never a fake zero. */
export const NONE = "—";

const formatters = new Map<number, Intl.NumberFormat>();

/** `n` with en-US grouping and at most `decimals` fraction digits (trailing zeros dropped). */
export function grouped(n: number, decimals = 0): string {
  let f = formatters.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat("en-US", { maximumFractionDigits: decimals });
    formatters.set(decimals, f);
  }
  // A value that rounds to zero from below prints "-0": a sign on nothing only confuses.
  const out = f.format(n);
  return out === "-0" ? "0" : out;
}

export function isNumber(n: number | null | undefined): n is number {
  return typeof n === "number" && Number.isFinite(n);
}

/** A count: "1,234"; fractional counts (averages) keep one decimal: "2.5". */
export function formatCount(n: number | null | undefined): string {
  return isNumber(n) ? grouped(n, 1) : NONE;
}

const COMPACT = [
  [1e9, "bn"],
  [1e6, "M"],
  [1e3, "k"],
] as const;

/** A count for axes and big numbers: "950", "12.5 k", "1.2 M", "3 bn". */
export function formatCompactCount(n: number | null | undefined): string {
  if (!isNumber(n)) return NONE;
  const abs = Math.abs(n);
  for (const [size, suffix] of COMPACT) {
    if (abs >= size * 0.9995) {
      const v = n / size;
      return `${grouped(v, Math.abs(v) < 100 ? 1 : 0)} ${suffix}`;
    }
  }
  return grouped(n, abs < 10 ? 1 : 0);
}

/** A percentage given as 0–100, with one decimal: "12.3 %"; null or NaN shows "—". */
export function formatPercent(p: number | null | undefined): string {
  if (!isNumber(p)) return NONE;
  const fixed = p.toFixed(1);
  return `${fixed === "-0.0" ? "0.0" : fixed} %`;
}

/** A ratio given as 0–1, shown as a percentage: 0.123 → "12.3 %". */
export function formatRatio(r: number | null | undefined): string {
  return isNumber(r) ? formatPercent(r * 100) : NONE;
}

/** An axis label for a percentage: whole numbers drop the decimal ("20 %"). */
export function formatPercentTick(p: number | null | undefined): string {
  if (!isNumber(p)) return NONE;
  return `${grouped(p, Number.isInteger(p) ? 0 : 1)} %`;
}
