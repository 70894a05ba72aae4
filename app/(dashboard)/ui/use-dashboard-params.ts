"use client";
// The dashboard's shared URL state (range, custom from/to, list filters, auto-refresh) through nuqs,
// so every control writes the URL and every widget reads it: a copied URL reopens the same view.
// Updates are shallow (no server round trip); widgets re-fetch through useReadApi.
import { createParser, parseAsNativeArrayOf, parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { useMemo } from "react";
import type { ListFilter, RangePreset } from "../../../lib/queries/dashboard-filters";
import {
  type DashboardState,
  dashboardQuery,
  type ExtraParams,
  effectivePreset,
  isoTime,
  PRESETS,
  parseIsoTime,
  REFRESH_OPTIONS,
  type RefreshInterval,
} from "./dashboard-query";

const parseAsTime = createParser({
  parse: parseIsoTime,
  serialize: isoTime,
  eq: (a: Date, b: Date) => a.getTime() === b.getTime(),
});
const list = parseAsNativeArrayOf(parseAsString);

/** The nuqs parsers of the shared parameters (usable with nuqs's createSerializer for links). */
export const dashboardParsers = {
  range: parseAsStringLiteral(PRESETS),
  from: parseAsTime,
  to: parseAsTime,
  server: list,
  region: list,
  tenant: list,
  realm: list,
  app: list,
  refresh: parseAsStringLiteral(REFRESH_OPTIONS).withDefault("off"),
};

export type DashboardParams = {
  state: DashboardState;
  /** The preset in effect, or null for a custom range. */
  preset: RangePreset | null;
  setPreset(preset: RangePreset): void;
  setCustomRange(from: Date, to: Date): void;
  setFilter(name: ListFilter, values: string[]): void;
  clearFilters(): void;
  setRefresh(refresh: RefreshInterval): void;
};

export function useDashboardParams(): DashboardParams {
  // Range and filter changes are history entries (Back undoes them); the refresh choice is not.
  const [state, set] = useQueryStates(dashboardParsers, { history: "push" });
  return useMemo(
    () => ({
      state,
      preset: effectivePreset(state),
      setPreset: (preset) => void set({ range: preset, from: null, to: null }),
      setCustomRange: (from, to) => void set({ range: null, from, to }),
      setFilter: (name, values) => void set({ [name]: values.length > 0 ? values : null }),
      clearFilters: () => void set({ server: null, region: null, tenant: null, realm: null, app: null }),
      setRefresh: (refresh) => void set({ refresh }, { history: "replace" }),
    }),
    [state, set],
  );
}

/** The /api/v1 query string (without "?") for the current URL state plus `extra`. */
export function useDashboardQuery(extra?: ExtraParams): string {
  const { state } = useDashboardParams();
  return dashboardQuery(state, extra);
}
