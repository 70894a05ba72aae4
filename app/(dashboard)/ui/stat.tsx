"use client";
// A headline figure (relay share, relayed GB, p95 RTT…): big number with its unit, a label, and
// optionally the band it is expected in and the previous period's value. Outside the band the stat
// turns to the warning colour and says "above/below expected", so colour is never the only signal.
import { NONE } from "../../../lib/format/numbers";
import { formatTick, formatValue, type Unit } from "../../../lib/format/units";

export type StatStatus = "ok" | "warn" | "bad";

export type StatProps = {
  label: string;
  /** undefined while loading; null when there is no figure (shown as "—"). */
  value: number | null | undefined;
  unit: Unit;
  /** Expected band, in the value's unit: e.g. relay share {min: 15, max: 25} → "expected 15–25 %". */
  expected?: { min: number; max: number };
  /** The same figure for the previous period: "+12.0 % vs previous 24 h". */
  previous?: { value: number | null | undefined; label: string };
  /** Forces a status (otherwise derived from `expected`). */
  status?: StatStatus;
  hint?: string;
  /** Shown in place of the figure when loading failed. */
  error?: string;
};

/** "1.23 GB" → ["1.23", "GB"] so the unit can be set smaller; durations stay whole. */
function split(text: string): [string, string] {
  const m = /^([-+<\d.,\s]*\d) (%|[A-Za-z/]+)$/.exec(text);
  return m ? [m[1], m[2]] : [text, ""];
}

function band(min: number, max: number, unit: Unit): string {
  const [a, ua] = split(formatTick(min, unit));
  const [b, ub] = split(formatTick(max, unit));
  return ua === ub ? `${a}–${b}${ua ? ` ${ua}` : ""}` : `${formatTick(min, unit)} – ${formatTick(max, unit)}`;
}

function change(value: number, prev: number, unit: Unit): string | null {
  const sign = (d: number) => (d > 0 ? "+" : d < 0 ? "−" : "±");
  // Percentages change in points: 20 % → 22 % is "+2.0 pp", not "+10 %".
  if (unit === "percent" || unit === "ratio") {
    const d = (value - prev) * (unit === "ratio" ? 100 : 1);
    return `${sign(d)}${Math.abs(d).toFixed(1)} pp`;
  }
  if (prev === 0) return null;
  const rel = ((value - prev) / Math.abs(prev)) * 100;
  return `${sign(rel)}${Math.abs(rel).toFixed(1)} %`;
}

export function Stat({ label, value, unit, expected, previous, status, hint, error }: StatProps) {
  const loading = value === undefined && !error;
  const [num, unitText] = loading || error ? ["…", ""] : split(formatValue(value, unit));
  const outside = expected && typeof value === "number" ? (value < expected.min ? "below" : value > expected.max ? "above" : null) : null;
  const shown = status ?? (expected && typeof value === "number" ? (outside ? "warn" : "ok") : undefined);
  const delta = typeof value === "number" && typeof previous?.value === "number" ? change(value, previous.value, unit) : null;
  // A description list: screen readers read the label with its value ("Relay share: 18.2 %").
  return (
    <dl className={`stat${shown ? ` status-${shown}` : ""}`} aria-busy={loading || undefined}>
      <dt className="stat-label">{label}</dt>
      <dd className="stat-value">
        {error ? NONE : num}
        {unitText ? <span className="stat-unit"> {unitText}</span> : null}
      </dd>
      {error ? <dd className="stat-note error-text">{error}</dd> : null}
      {expected ? (
        <dd className="stat-note stat-band">
          {outside ? `${outside === "above" ? "Above" : "Below"} expected` : "Expected"} {band(expected.min, expected.max, unit)}
        </dd>
      ) : null}
      {previous && delta ? (
        <dd className="stat-note">
          {delta} vs {previous.label}
        </dd>
      ) : null}
      {hint ? <dd className="stat-note">{hint}</dd> : null}
    </dl>
  );
}
