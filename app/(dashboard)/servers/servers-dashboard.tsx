"use client";
// The Servers page: the servers table, allocations over time by transport, relayed bytes per server,
// then one card per server. Two endpoints feed it (/api/v1/servers, /api/v1/allocations); the
// servers answer is fetched once and shared by the widgets that show parts of it.
import { LIST_FILTERS } from "../../../lib/queries/dashboard-filters";
import { ChartCard } from "../ui/chart-card";
import { EmptyState } from "../ui/empty-state";
import { FilterBar } from "../ui/filter-bar";
import { useDashboardParams } from "../ui/use-dashboard-params";
import { AllocationsChart, noAllocationSeries } from "./allocations-chart";
import { ServerCard } from "./server-card";
import { ServersTable } from "./servers-table";
import { TrafficChart } from "./traffic-chart";
import { useAllocations, useFilterOptions, useServers } from "./use-servers";

const ADD_SERVER = "npx relayscope server add turn-eu-1 --region eu-west --url turn:turn.example.com:3478";

function NoServers() {
  const { state, clearFilters } = useDashboardParams();
  const filtered = LIST_FILTERS.some((f) => state[f].length > 0);
  if (filtered) {
    return (
      <EmptyState
        title="No server matches these filters"
        message="None of the TURN servers you can see matches the server, region or tenant filter."
        action={
          <button type="button" className="secondary" onClick={clearFilters}>
            Clear filters
          </button>
        }
      />
    );
  }
  return (
    <EmptyState
      title="No TURN servers yet"
      message="Add a TURN server from a terminal in relayscope's folder, give its host a collector key, and start the coturn agent there; its sources appear here as they deliver."
      action={
        <pre>
          <code>{ADD_SERVER}</code>
        </pre>
      }
    />
  );
}

export function ServersDashboard() {
  const servers = useServers();
  const allocations = useAllocations();
  const options = useFilterOptions();
  const none = servers.data !== undefined && servers.data.servers.length === 0;
  return (
    <div className="dashboard servers-page">
      <h1>Servers</h1>
      <FilterBar options={options.data} />
      {none ? (
        <section className="card" aria-label="Servers">
          <NoServers />
        </section>
      ) : (
        <>
          <div className="dash-grid">
            <ChartCard
              title="Servers"
              description="Sources, live allocations against capacity, and traffic in the selected range."
              query={servers}
              toggle={false}
              wide
            >
              {(d) => (
                <>
                  <ServersTable servers={d.servers} />
                  {d.truncated ? (
                    <p className="muted">Only the first {d.servers.length} servers by name are shown; narrow with the filters.</p>
                  ) : null}
                </>
              )}
            </ChartCard>
            <ChartCard
              title="Allocations by transport"
              description="Live allocation gauges (coturn turn_total_allocations, eturnal, STUNner), the newest scrape in each step."
              query={allocations}
              isEmpty={noAllocationSeries}
              emptyMessage="No allocation gauge was scraped in this range: run `relayscope collect prometheus` for your servers (coturn needs --prometheus)."
            >
              {(d) => <AllocationsChart data={d} />}
            </ChartCard>
            <ChartCard
              title="Relayed bytes by server"
              description="Per leg and direction, from the relay rollups."
              query={servers}
              isEmpty={(d) =>
                d.servers.every(
                  (s) => s.traffic.clientRxBytes + s.traffic.clientTxBytes + s.traffic.peerRxBytes + s.traffic.peerTxBytes === 0,
                )
              }
              emptyMessage="No relayed bytes in this range."
            >
              {(d) => <TrafficChart servers={d.servers} />}
            </ChartCard>
          </div>
          {servers.data ? (
            <section aria-labelledby="server-details" className="server-details">
              <h2 id="server-details">Server details</h2>
              {servers.data.servers.map((s) => (
                <ServerCard key={s.name} server={s} />
              ))}
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}
