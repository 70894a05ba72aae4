// The dashboard's URL state as plain data, and the query string a page sends to /api/v1 for it.
// Kept free of React and nuqs so the mapping (which parameters, in which form) is one pure function:
// the page's URL and the API call it makes must describe the same figures (lib/queries/dashboard-filters.ts).
import { DEFAULT_PRESET, LIST_FILTERS, type ListFilter, RANGE_PRESETS, type RangePreset } from "../../../lib/queries/dashboard-filters";

export const PRESETS = Object.keys(RANGE_PRESETS) as RangePreset[];

/** Page-only: how often widgets re-fetch. Never sent to the API. */
export const REFRESH_OPTIONS = ["off", "30s", "1m", "5m"] as const;
export type RefreshInterval = (typeof REFRESH_OPTIONS)[number];
export const REFRESH_MS: Record<RefreshInterval, number | null> = { off: null, "30s": 30_000, "1m": 60_000, "5m": 300_000 };

export type DashboardState = {
  range: RangePreset | null;
  from: Date | null;
  to: Date | null;
  refresh: RefreshInterval;
} & Record<ListFilter, string[]>;

/** Extra endpoint parameters (page size, sort, cursor…). A key given here replaces a shared one. */
export type ExtraParams = Readonly<Record<string, string | number | boolean | readonly (string | number)[] | null | undefined>>;

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses a URL time the way the API accepts it (ISO 8601 with a zone); anything else is no time. */
export function parseIsoTime(v: string): Date | null {
  if (!ISO_WITH_ZONE.test(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "2026-11-20T00:00:00Z": ISO without the ".000" that would only lengthen shared URLs. */
export function isoTime(d: Date): string {
  return d.toISOString().replace(".000Z", "Z");
}

/** A custom range needs both ends; a half-given one falls back to the preset (as the URL shows it). */
export function customRange(s: Pick<DashboardState, "from" | "to">): { from: Date; to: Date } | null {
  return s.from && s.to && s.to.getTime() > s.from.getTime() ? { from: s.from, to: s.to } : null;
}

/** The preset in effect, or null when a custom range is. */
export function effectivePreset(s: Pick<DashboardState, "range" | "from" | "to">): RangePreset | null {
  return customRange(s) ? null : (s.range ?? DEFAULT_PRESET);
}

/** The /api/v1 query string (without "?") for the state plus endpoint-specific parameters. */
export function dashboardQuery(s: Omit<DashboardState, "refresh">, extra?: ExtraParams): string {
  const params = new URLSearchParams();
  const custom = customRange(s);
  if (custom) {
    params.set("from", isoTime(custom.from));
    params.set("to", isoTime(custom.to));
  } else params.set("range", s.range ?? DEFAULT_PRESET);
  for (const name of LIST_FILTERS) for (const v of s[name]) params.append(name, v);
  for (const [key, value] of Object.entries(extra ?? {})) {
    params.delete(key);
    if (value === null || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  return params.toString();
}
