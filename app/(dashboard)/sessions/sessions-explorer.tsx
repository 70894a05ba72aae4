"use client";
// The sessions explorer: the shared filter bar (relay-side filters: server, region, tenant, realm),
// the explorer's own filters, and one page of raw relay sessions with keyset paging. Every figure
// comes from GET /api/v1/sessions with the same parameters as this page's URL.
import type { SessionList } from "../../../lib/queries/sessions/list-sessions";
import { ChartCard } from "../ui/chart-card";
import { EmptyState } from "../ui/empty-state";
import { FilterBar } from "../ui/filter-bar";
import { useDashboardParams, useDashboardQuery } from "../ui/use-dashboard-params";
import { Pager, usePaging } from "./pager";
import { SessionFilters } from "./session-filters";
import { SessionsTable } from "./sessions-table";
import { hasSessionFilters, sessionFilterParams, useSessionParams } from "./use-session-params";
import { useFilterOptions, useSessionList } from "./use-sessions";
import { useFirstPageTotal, useWiderRangeAction } from "./wider-range";

const RELAY_FILTERS = ["server", "region", "tenant", "realm"] as const;

function NoSessions({ data }: { data: SessionList }) {
  const dash = useDashboardParams();
  const [s, set] = useSessionParams();
  const wider = useWiderRangeAction();
  const filtered = hasSessionFilters(s) || RELAY_FILTERS.some((f) => dash.state[f].length > 0);
  if (filtered)
    return (
      <EmptyState
        title="No session matches these filters"
        message="No relay session active in this range matches the filters. Loosen or clear them, or widen the range."
        action={
          <button
            type="button"
            className="secondary"
            onClick={() => {
              dash.clearFilters();
              void set({
                user: null,
                transport: null,
                closeReason: null,
                minBytes: null,
                maxBytes: null,
                minDuration: null,
                maxDuration: null,
                open: null,
                cursor: null,
              });
            }}
          >
            Clear all filters
          </button>
        }
      />
    );
  return (
    <EmptyState
      title="No relay sessions in this range"
      message={`No coturn session was active in this range (a session counts when it started at most ${data.lookbackHours} hours before the range and was still alive in it). Widen the range, or check on the Servers page that your coturn agents are delivering.`}
      action={wider}
    />
  );
}

export function SessionsExplorer() {
  const [s, set] = useSessionParams();
  const filterParams = sessionFilterParams(s);
  // Everything but the cursor: when it changes, paging starts again.
  const resetKey = useDashboardQuery(filterParams);
  // Going back to the first page replaces the history entry: Back then undoes the filter change itself.
  const paging = usePaging(s.cursor, (cursor) => void set({ cursor }, { history: cursor === null ? "replace" : "push" }), resetKey);
  const list = useSessionList({ ...filterParams, cursor: s.cursor });
  const options = useFilterOptions();
  const total = useFirstPageTotal(list.data?.total);

  return (
    <div className="dashboard sessions-page">
      <h1>Sessions</h1>
      <FilterBar options={options.data} filters={RELAY_FILTERS} />
      <SessionFilters />
      <ChartCard
        title="Relay sessions"
        description="coturn sessions active in the range, from the raw session rows. Open one for its timeline, usage, peers and browser connections."
        query={list}
        toggle={false}
        wide
      >
        {(d) =>
          d.rows.length === 0 && paging.trail.length === 0 ? (
            <NoSessions data={d} />
          ) : (
            <>
              <SessionsTable rows={d.rows} />
              <Pager paging={paging} page={{ ...d, rows: d.rows.length }} limit={d.limit} noun="sessions" total={total} />
            </>
          )
        }
      </ChartCard>
    </div>
  );
}
