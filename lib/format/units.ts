// The units a chart series, table column or stat can carry, and the one place that turns a value
// in a unit into text. Charts, their table views and stats all format through here, so a figure in a
// tooltip and the same figure in the table view are the same string.
import { formatBitRate, formatByteRate, formatBytes } from "./bytes";
import { formatCompactCount, formatCount, formatPercent, formatPercentTick, formatRatio } from "./numbers";
import { formatDuration, formatMs } from "./time";

/**
 * bytes: decimal (1 GB = 10^9 B) · bits/s and bytes/s: shown as bit rates · percent: 0–100 ·
 * ratio: 0–1 shown as a percentage · ms: latency · seconds: durations · count: plain numbers.
 */
export const UNITS = ["bytes", "bits/s", "bytes/s", "percent", "ratio", "ms", "seconds", "count"] as const;
export type Unit = (typeof UNITS)[number];

type Formatter = (v: number | null | undefined) => string;

const EXACT: Record<Unit, Formatter> = {
  bytes: formatBytes,
  "bits/s": formatBitRate,
  "bytes/s": formatByteRate,
  percent: formatPercent,
  ratio: formatRatio,
  ms: formatMs,
  seconds: formatDuration,
  count: formatCount,
};

// Axis ticks are short: counts compact ("1.2 M"), percentages without a needless ".0".
const TICK: Record<Unit, Formatter> = {
  ...EXACT,
  percent: formatPercentTick,
  ratio: (v) => formatPercentTick(typeof v === "number" ? v * 100 : v),
  count: formatCompactCount,
};

/** The value as tooltips, tables and stats show it. */
export function formatValue(value: number | null | undefined, unit: Unit): string {
  return EXACT[unit](value);
}

/** The value as an axis label. */
export function formatTick(value: number | null | undefined, unit: Unit): string {
  return TICK[unit](value);
}

/** Reads a row cell as a number: numbers pass, numeric strings (Postgres bigint/numeric as JSON) parse. */
export function toNumber(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}
