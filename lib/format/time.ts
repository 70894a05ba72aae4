// Durations, latencies and timestamps. The product shows every time in UTC and says so ("UTC"):
// relays, logs and billing windows are UTC, and operators in different zones compare screens.
// Months are spelled out by hand rather than by Intl so output never depends on the runtime's ICU.
import { grouped, isNumber, NONE } from "./numbers";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const pad = (n: number) => String(n).padStart(2, "0");

export type TimeInput = Date | string | number | null | undefined;

/** A Date from an ISO string, epoch milliseconds or a Date; null when missing or invalid. */
export function toDate(t: TimeInput): Date | null {
  if (t === null || t === undefined || t === "") return null;
  const d = t instanceof Date ? t : new Date(t);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A latency in milliseconds: "0.4 ms", "12 ms", "1.25 s", then a duration past a minute. */
export function formatMs(ms: number | null | undefined): string {
  if (!isNumber(ms)) return NONE;
  const abs = Math.abs(ms);
  if (abs < 10) return `${grouped(ms, 1)} ms`;
  if (Math.round(abs) < 1000) return `${grouped(ms, 0)} ms`;
  if (abs < 60_000) return `${grouped(ms / 1000, abs < 9_995 ? 2 : 1)} s`;
  return formatDuration(ms / 1000);
}

const STEPS = [
  [86_400, "d"],
  [3_600, "h"],
  [60, "min"],
  [1, "s"],
] as const;

/** A duration in seconds, in its two largest units: "45 s", "5 min 3 s", "1 h 5 min", "2 d 3 h". */
export function formatDuration(seconds: number | null | undefined): string {
  if (!isNumber(seconds)) return NONE;
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  if (seconds > 0 && seconds < 1) return "< 1 s";
  let rest = Math.round(seconds);
  if (rest === 0) return "0 s";
  const parts: string[] = [];
  for (const [size, unit] of STEPS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (parts.length === 0) {
      if (n > 0) parts.push(`${grouped(n)} ${unit}`);
      continue;
    }
    // The unit right after the largest one, unless it is zero: "1 h 5 min", "1 h" (not "1 h 0 min").
    if (n > 0) parts.push(`${grouped(n)} ${unit}`);
    break;
  }
  return parts.join(" ");
}

/** "2026-11-20 14:05 UTC" (or with seconds). */
export function formatTimestamp(t: TimeInput, opts: { seconds?: boolean } = {}): string {
  const d = toDate(t);
  if (!d) return NONE;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${opts.seconds ? `:${pad(d.getUTCSeconds())}` : ""}`;
  return `${formatDate(d)} ${time} UTC`;
}

/** "2026-11-20" (the UTC calendar day). */
export function formatDate(t: TimeInput): string {
  const d = toDate(t);
  return d ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` : NONE;
}

/** A wall-clock time for "last updated": "14:05:32 UTC". */
export function formatClock(t: TimeInput): string {
  const d = toDate(t);
  return d ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC` : NONE;
}

/** "2026-11-20 00:00 – 2026-11-21 00:00 UTC": a custom range, "UTC" said once. */
export function formatRange(from: TimeInput, to: TimeInput): string {
  const a = formatTimestamp(from);
  const b = formatTimestamp(to);
  if (a === NONE || b === NONE) return NONE;
  return `${a.replace(/ UTC$/, "")} – ${b}`;
}

/** An axis label: the time of day for steps under a day (the date at midnight), else "Nov 20". */
export function formatTimeTick(t: TimeInput, stepMs: number): string {
  const d = toDate(t);
  if (!d) return "";
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  if (stepMs >= 86_400_000) return day;
  const midnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0;
  return midnight && stepMs >= 3_600_000 ? day : `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const TICK_STEPS = [MIN, 5 * MIN, 15 * MIN, 30 * MIN, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY];

/**
 * Axis ticks on round UTC times (whole minutes, hours, days) so labels read "14:00", not "13:47":
 * the smallest step that keeps at most `maxTicks` ticks between `fromMs` and `toMs`.
 */
export function timeTicks(fromMs: number, toMs: number, maxTicks = 6): { ticks: number[]; stepMs: number } {
  if (!(toMs > fromMs)) return { ticks: Number.isFinite(fromMs) ? [fromMs] : [], stepMs: HOUR };
  const span = toMs - fromMs;
  const step = TICK_STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / DAY) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) ticks.push(t);
  return { ticks, stepMs: step };
}

/** The value of an `<input type="datetime-local">` that shows `t` in UTC: "2026-11-20T14:05". */
export function toUtcInputValue(t: TimeInput): string {
  const d = toDate(t);
  return d ? `${formatDate(d)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : "";
}

/** Reads a datetime-local value as UTC (the inputs are labelled "UTC"); null when incomplete. */
export function fromUtcInputValue(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 2026-02-31 over into March; a date that does not exist is not a date.
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 ? date : null;
}
