// The filters every dashboard page and /api/v1 endpoint shares, as URL search parameters: the pages
// keep all their state in the URL (nuqs) and call the read API with the same query string, so a
// number on a page and the API's answer for that page's URL are the same query.
//
//   range=1h|6h|24h|7d|30d|90d          preset, ending now (default 24h)
//   from=<ISO>&to=<ISO>                 custom range instead of a preset (both required)
//   server=<name> (repeatable)          TURN servers by name
//   region=<region> (repeatable)        servers' regions
//   tenant=<slug> (repeatable)          within the caller's own tenants only
//   realm=<realm> (repeatable)          relay-side figures only (browsers do not know the realm)
//   app=<app id> (repeatable)           client-side figures only (the SDK's app)
//
// Everything is bounded: at most MAX_VALUES values per filter, MAX_VALUE_LENGTH characters each,
// ranges up to MAX_RANGE_DAYS. Bad input is a 400 naming the parameter, never a guess.
import { z } from "zod";

export const RANGE_PRESETS = {
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
  "90d": 90 * 86_400_000,
} as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
export const DEFAULT_PRESET: RangePreset = "24h";
export const MAX_RANGE_DAYS = 400;
export const MAX_VALUES = 20;
export const MAX_VALUE_LENGTH = 255;

/** The list filters, by URL parameter name. */
export const LIST_FILTERS = ["server", "region", "tenant", "realm", "app"] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export type DashboardFilters = {
  from: Date;
  to: Date;
  /** The preset the range came from, or null for a custom range. */
  preset: RangePreset | null;
  servers: string[];
  regions: string[];
  tenants: string[];
  realms: string[];
  apps: string[];
};

export type FilterParseResult = { ok: true; filters: DashboardFilters } | { ok: false; param: string; message: string };

const value = z.string().trim().min(1).max(MAX_VALUE_LENGTH);
const uuid = z.uuid();
const isoTime = z.iso.datetime({ offset: true });

function isPreset(v: string): v is RangePreset {
  return Object.hasOwn(RANGE_PRESETS, v);
}

function listOf(params: URLSearchParams, name: ListFilter): { ok: true; values: string[] } | { ok: false; message: string } {
  // Repeated parameters and comma lists are both accepted: `server=a&server=b` or `server=a,b`.
  const values = params.getAll(name).flatMap((v) => v.split(","));
  if (values.length > MAX_VALUES) return { ok: false, message: `at most ${MAX_VALUES} values` };
  const out: string[] = [];
  for (const raw of values) {
    const parsed = (name === "app" ? uuid : value).safeParse(raw.trim());
    if (!parsed.success)
      return {
        ok: false,
        message: name === "app" ? `"${raw.slice(0, 60)}" is not an app id` : `values must be 1–${MAX_VALUE_LENGTH} characters`,
      };
    if (!out.includes(parsed.data)) out.push(parsed.data);
  }
  return { ok: true, values: out };
}

/** Parses the shared filters; `now` ends preset ranges. */
export function parseDashboardFilters(params: URLSearchParams, now: Date = new Date()): FilterParseResult {
  const fromRaw = params.get("from");
  const toRaw = params.get("to");
  const rangeRaw = params.get("range");
  let from: Date;
  let to: Date;
  let preset: RangePreset | null = null;
  if (fromRaw !== null || toRaw !== null) {
    if (rangeRaw !== null) return { ok: false, param: "range", message: "give either range or from/to, not both" };
    if (fromRaw === null || !isoTime.safeParse(fromRaw).success)
      return { ok: false, param: "from", message: "from must be an ISO 8601 time with a zone, e.g. 2026-11-20T00:00:00Z" };
    if (toRaw === null || !isoTime.safeParse(toRaw).success)
      return { ok: false, param: "to", message: "to must be an ISO 8601 time with a zone, e.g. 2026-11-21T00:00:00Z" };
    from = new Date(fromRaw);
    to = new Date(toRaw);
    if (to.getTime() <= from.getTime()) return { ok: false, param: "to", message: "to must be after from" };
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000)
      return { ok: false, param: "from", message: `a range may span at most ${MAX_RANGE_DAYS} days` };
  } else {
    const name = rangeRaw ?? DEFAULT_PRESET;
    if (!isPreset(name)) return { ok: false, param: "range", message: `range must be one of ${Object.keys(RANGE_PRESETS).join(", ")}` };
    preset = name;
    to = now;
    from = new Date(now.getTime() - RANGE_PRESETS[name]);
  }
  const lists: Partial<Record<ListFilter, string[]>> = {};
  for (const name of LIST_FILTERS) {
    const r = listOf(params, name);
    if (!r.ok) return { ok: false, param: name, message: `${name}: ${r.message}` };
    lists[name] = r.values;
  }
  return {
    ok: true,
    filters: {
      from,
      to,
      preset,
      servers: lists.server ?? [],
      regions: lists.region ?? [],
      tenants: lists.tenant ?? [],
      realms: lists.realm ?? [],
      apps: lists.app ?? [],
    },
  };
}

/** The rollup table granularity a chart reads: the coarsest that still draws the range in enough points. */
export type Granularity = "minute" | "hour" | "day";
export const GRANULARITY_MS: Record<Granularity, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function granularityFor(from: Date, to: Date): Granularity {
  const span = to.getTime() - from.getTime();
  if (span <= 6 * 3_600_000) return "minute";
  if (span <= 14 * 86_400_000) return "hour";
  return "day";
}

/** The range widened to whole buckets of the granularity (what the rollup tables can answer exactly). */
export function alignRange(from: Date, to: Date, g: Granularity): { from: Date; to: Date } {
  const step = GRANULARITY_MS[g];
  return { from: new Date(Math.floor(from.getTime() / step) * step), to: new Date(Math.ceil(to.getTime() / step) * step) };
}
