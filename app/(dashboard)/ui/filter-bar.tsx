"use client";
// The bar above every dashboard page: time range, the list filters (server, region, tenant, realm,
// app) and refresh. All of it lives in the URL (useDashboardParams); changing a control rewrites
// the URL and every widget's useReadApi re-fetches. Options come from GET /api/v1/filters.
import { LIST_FILTERS, type ListFilter } from "../../../lib/queries/dashboard-filters";
import type { FilterOptions } from "./filter-options";
import { MultiSelect, type Option } from "./multi-select";
import { RangePicker } from "./range-picker";
import { RefreshControl } from "./refresh-control";
import { useDashboardParams } from "./use-dashboard-params";

const LABELS: Record<ListFilter, string> = { server: "Server", region: "Region", tenant: "Tenant", realm: "Realm", app: "App" };
// Where a filter applies (lib/queries/dashboard-filters.ts): said inside its popover.
const HINTS: Partial<Record<ListFilter, string>> = {
  realm: "Relay-side figures only: browsers do not know the realm.",
  app: "Client-side figures only (the SDK's app).",
};

function optionsFor(name: ListFilter, o: FilterOptions): Option[] {
  const plain = (xs: string[]) => xs.map((x) => ({ value: x, label: x }));
  switch (name) {
    case "server":
      return plain(o.servers);
    case "region":
      return plain(o.regions);
    case "realm":
      return plain(o.realms);
    case "tenant":
      return o.tenants.map((t) => ({ value: t.slug, label: t.name }));
    case "app":
      return o.apps.map((a) => ({ value: a.id, label: `${a.name} (${a.tenant})` }));
  }
}

export type FilterBarProps = {
  /** From GET /api/v1/filters; undefined while loading (the list filters are disabled). */
  options: FilterOptions | undefined;
  /** The list filters this page offers (default: all five). */
  filters?: readonly ListFilter[];
};

export function FilterBar({ options, filters = LIST_FILTERS }: FilterBarProps) {
  const params = useDashboardParams();
  const any = LIST_FILTERS.some((f) => params.state[f].length > 0);
  return (
    <search className="filter-bar" aria-label="Dashboard filters">
      <RangePicker params={params} />
      <div className="filters">
        {filters.map((name) => {
          const opts = options ? optionsFor(name, options) : [];
          const selected = params.state[name];
          return (
            <MultiSelect
              key={name}
              label={LABELS[name]}
              hint={HINTS[name]}
              options={opts}
              selected={selected}
              loading={options === undefined}
              disabled={opts.length === 0 && selected.length === 0}
              onChange={(values) => params.setFilter(name, values)}
            />
          );
        })}
        {any ? (
          <button type="button" className="link" onClick={params.clearFilters}>
            Clear filters
          </button>
        ) : null}
      </div>
      <RefreshControl params={params} />
    </search>
  );
}
