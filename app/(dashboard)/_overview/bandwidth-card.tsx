"use client";
// Overview c: relayed traffic per leg and direction as bit rates (bytes per bucket over the
// bucket's length), live to the minute from coturn's usage deltas; per server and per tenant below.
import type { Bandwidth } from "../../../lib/queries/overview/get-bandwidth";
import { ChartCard } from "../ui/chart-card";
import { DataTable } from "../ui/data-table";
import { TimeSeriesChart } from "../ui/time-series-chart";
import { useBandwidth } from "./use-overview";

const LEGS = [
  { key: "clientTx", label: "To clients", unit: "bits/s" },
  { key: "clientRx", label: "From clients", unit: "bits/s" },
  { key: "peerTx", label: "To peers", unit: "bits/s" },
  { key: "peerRx", label: "From peers", unit: "bits/s" },
] as const;

function rates(d: Bandwidth) {
  const perSecond = 8 / d.range.bucketSeconds;
  return d.series.map((p) => ({
    t: p.t,
    clientTx: p.clientTx * perSecond,
    clientRx: p.clientRx * perSecond,
    peerTx: p.peerTx * perSecond,
    peerRx: p.peerRx * perSecond,
  }));
}

type Breakdown = { key: string; label: string; clientRx: number; clientTx: number; peerRx: number; peerTx: number };

function BreakdownTable({ caption, rows, what }: { caption: string; rows: Breakdown[]; what: string }) {
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(r) => r.key}
      defaultSort={{ key: "total", direction: "desc" }}
      columns={[
        { key: "name", label: what, value: (r) => r.label },
        { key: "clientTx", label: "To clients", unit: "bytes", value: (r) => r.clientTx },
        { key: "clientRx", label: "From clients", unit: "bytes", value: (r) => r.clientRx },
        { key: "peerTx", label: "To peers", unit: "bytes", value: (r) => r.peerTx },
        { key: "peerRx", label: "From peers", unit: "bytes", value: (r) => r.peerRx },
        { key: "total", label: "Total", unit: "bytes", value: (r) => r.clientRx + r.clientTx + r.peerRx + r.peerTx },
      ]}
    />
  );
}

export function BandwidthCard() {
  const q = useBandwidth();
  return (
    <ChartCard
      title="Relayed bandwidth"
      description="Per leg and direction, from coturn's usage lines"
      wide
      query={q}
      isEmpty={(d) => d.totals.total === 0}
      emptyMessage={(d) =>
        d.ignoredFilters.length
          ? "No relayed bytes in this range (the app filter does not apply to server-side traffic)."
          : "No relayed bytes in this range."
      }
    >
      {(d) => (
        <>
          <TimeSeriesChart
            label="Relayed bandwidth over time"
            data={rates(d)}
            timeKey="t"
            kind="area"
            stacked
            domain={{ from: d.range.from, to: d.range.to }}
            series={LEGS}
          />
          <BreakdownTable
            caption="Relayed bytes by server"
            what="Server"
            rows={d.byServer.map((s) => ({ key: s.server, label: s.region ? `${s.server} (${s.region})` : s.server, ...s }))}
          />
          <BreakdownTable
            caption="Relayed bytes by tenant"
            what="Tenant"
            rows={d.byTenant.map((t) => ({ key: t.tenant, label: t.name, ...t }))}
          />
        </>
      )}
    </ChartCard>
  );
}
