// How an overview query reads the rollups for a range: the granularity (the coarsest table that
// still draws the range in enough points), the range widened to whole buckets, and the SQL
// parameters every overview query shares. The answer says which table and range it used, so a
// caller comparing with raw rows knows what was summed.
import { SERIES_MINUTES } from "../../rollups/client-series-rollup-sql";
import { alignRange, GRANULARITY_MS, type Granularity, granularityFor } from "../dashboard-filters";
import type { QueryScope } from "../query-scope";

export type RangeInfo = { from: string; to: string; granularity: Granularity; bucketSeconds: number };

export type RollupRead = {
  granularity: Granularity;
  info: RangeInfo;
  /** Client rollups: $1 from, $2 to, $3 tenants, $4 servers, $5 apps (null = no restriction). */
  client: unknown[];
  /** Relay rollups: $1 from, $2 to, $3 tenants, $4 servers, $5 realms. */
  relay: unknown[];
  /** Call rollups: $1 from, $2 to, $3 tenants, $4 apps. */
  calls: unknown[];
};

export function rollupRead(scope: QueryScope): RollupRead {
  const granularity = granularityFor(scope.from, scope.to);
  const { from, to } = alignRange(scope.from, scope.to, granularity);
  return {
    granularity,
    info: { from: from.toISOString(), to: to.toISOString(), granularity, bucketSeconds: GRANULARITY_MS[granularity] / 1000 },
    client: [from, to, scope.tenantIds, scope.serverIds, scope.appIds],
    relay: [from, to, scope.tenantIds, scope.serverIds, scope.realms],
    calls: [from, to, scope.tenantIds, scope.appIds],
  };
}

const STEP: Record<Granularity, string> = { minute: "1 minute", hour: "1 hour", day: "1 day" };

/**
 * One statement per rollup table of a family, for the granularity rollupRead picks: `sql` gets the
 * table (named `${family}_rollup_${granularity}`) and its bucket step, both from this closed list,
 * never from input.
 */
export type RollupFamily = "relay" | "client" | "client_series" | "call" | "ice_error";

/**
 * A family's table of a granularity, named `alias`. The series have no minute table: their minutes
 * are the client minutes projected (SERIES_MINUTES).
 */
function tableAs(family: RollupFamily, g: Granularity, alias = `${family}_rollup_${g}`): string {
  const table = family === "client_series" && g === "minute" ? SERIES_MINUTES : `${family}_rollup_${g}`;
  return `${table} AS ${alias}`;
}

export function perGranularity(family: RollupFamily, sql: (table: string, step: string) => string): Record<Granularity, string> {
  return {
    minute: sql(tableAs(family, "minute"), STEP.minute),
    hour: sql(tableAs(family, "hour"), STEP.hour),
    day: sql(tableAs(family, "day"), STEP.day),
  };
}

const ORIGIN = "timestamptz '2000-01-01 00:00:00+00'";

/**
 * For figures summed over the whole range (no series): the same rows' sums, read from far fewer
 * rows. A range read by the hour takes its whole UTC days from the day table and only the hours at
 * either end from the hour table (a week: 6 day buckets and ~24 hour buckets instead of 168 hour
 * buckets). The tables of a family have the same columns in the same order (a test checks), so
 * their rows stack. `from`/`to`: the statement's parameters holding the aligned range.
 */
export function totalsSource(family: RollupFamily, g: Granularity, alias: string, from = "$1", to = "$2"): string {
  if (g !== "hour") return tableAs(family, g, alias);
  // The first UTC midnight at or after `from`, and the last at or before `to`.
  const firstMidnight = `(date_bin('1 day', ${from}::timestamptz - interval '1 millisecond', ${ORIGIN}) + interval '1 day')`;
  const lastMidnight = `date_bin('1 day', ${to}::timestamptz, ${ORIGIN})`;
  const hour = `${family}_rollup_hour`;
  return `(
      SELECT * FROM ${hour} WHERE bucket >= ${from} AND bucket < least(${firstMidnight}, ${to}::timestamptz)
      UNION ALL SELECT * FROM ${family}_rollup_day WHERE bucket >= ${firstMidnight} AND bucket < ${lastMidnight}
      UNION ALL SELECT * FROM ${hour} WHERE bucket >= greatest(${lastMidnight}, ${firstMidnight}) AND bucket < ${to}
    ) AS ${alias}`;
}

/** totalsSource for each granularity, for statements over $1/$2; the source is named `${family}_rollup`. */
export function totalsPerGranularity(family: RollupFamily, sql: (table: string) => string): Record<Granularity, string> {
  const of = (g: Granularity) => sql(totalsSource(family, g, `${family}_rollup`));
  return { minute: of("minute"), hour: of("hour"), day: of("day") };
}

export type BandStatus = "below" | "within" | "above" | "no-data";

/** Where a relay share sits against the expected band. */
export function bandStatus(sharePct: number | null, band: { lowPct: number; highPct: number }): BandStatus {
  if (sharePct === null) return "no-data";
  return sharePct < band.lowPct ? "below" : sharePct > band.highPct ? "above" : "within";
}

/** Percent with one decimal, or null when the denominator is zero. */
export function pct(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

/** bigint / numeric columns arrive as strings: numbers are exact up to 2^53 bytes (9 PB). */
export const num = (v: string | number | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));
