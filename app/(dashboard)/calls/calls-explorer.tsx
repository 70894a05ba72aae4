"use client";
// The calls list: the shared filter bar (client-side filters: server, region, tenant, app), the
// list's own filters, and one page of calls with keyset paging. Every figure comes from
// GET /api/v1/calls with the same parameters as this page's URL.
import { Pager, usePaging } from "../sessions/pager";
import { useFirstPageTotal, useWiderRangeAction } from "../sessions/wider-range";
import { ChartCard } from "../ui/chart-card";
import { EmptyState } from "../ui/empty-state";
import { FilterBar } from "../ui/filter-bar";
import { useDashboardParams, useDashboardQuery } from "../ui/use-dashboard-params";
import { CallFilters } from "./call-filters";
import { CallsTable } from "./calls-table";
import { callFilterParams, hasCallFilters, useCallParams } from "./use-call-params";
import { useCallList, useFilterOptions } from "./use-calls";

const CLIENT_FILTERS = ["server", "region", "tenant", "app"] as const;

function NoCalls() {
  const dash = useDashboardParams();
  const [s, set] = useCallParams();
  const wider = useWiderRangeAction();
  if (hasCallFilters(s) || CLIENT_FILTERS.some((f) => dash.state[f].length > 0))
    return (
      <EmptyState
        title="No call matches these filters"
        message="No call that began in this range matches the filters. Loosen or clear them, or widen the range."
        action={
          <button
            type="button"
            className="secondary"
            onClick={() => {
              dash.clearFilters();
              void set({ pathKind: null, relayed: null, cursor: null });
            }}
          >
            Clear all filters
          </button>
        }
      />
    );
  return (
    <EmptyState
      title="No calls in this range"
      message="No browser connection reported a call that began in this range. Widen the range; if calls are running, check that your pages load the relayscope SDK and that its app key is valid (Overview shows each app's last report)."
      action={wider}
    />
  );
}

export function CallsExplorer() {
  const [s, set] = useCallParams();
  const filterParams = callFilterParams(s);
  const resetKey = useDashboardQuery(filterParams);
  // Going back to the first page replaces the history entry: Back then undoes the filter change itself.
  const paging = usePaging(s.cursor, (cursor) => void set({ cursor }, { history: cursor === null ? "replace" : "push" }), resetKey);
  const list = useCallList({ ...filterParams, cursor: s.cursor });
  const options = useFilterOptions();
  const total = useFirstPageTotal(list.data?.total);

  return (
    <div className="dashboard calls-page">
      <h1>Calls</h1>
      <FilterBar options={options.data} filters={CLIENT_FILTERS} />
      <CallFilters />
      <ChartCard
        title="Calls"
        description="Browser connections grouped by app and call id, for calls whose first connection arrived in the range (the server and region filters keep calls relayed through those servers). Open one for each participant's path and the relay sessions that carried it."
        query={list}
        toggle={false}
        wide
      >
        {(d) =>
          d.rows.length === 0 && paging.trail.length === 0 ? (
            <NoCalls />
          ) : (
            <>
              <CallsTable rows={d.rows} />
              <Pager paging={paging} page={{ ...d, rows: d.rows.length }} limit={d.limit} noun="calls" total={total} />
            </>
          )
        }
      </ChartCard>
    </div>
  );
}
