"use client";
// Overview d: RTT percentiles of relayed and direct connections over time, and by server, region
// and path kind (from the rollups' histograms: exact to one bucket).
import type { Latency, RttSummary } from "../../../lib/queries/overview/get-latency";
import { BarChart } from "../ui/bar-chart";
import { ChartCard } from "../ui/chart-card";
import { DataTable } from "../ui/data-table";
import { TimeSeriesChart } from "../ui/time-series-chart";
import { useLatency } from "./use-overview";

const PATH_LABELS: Record<string, string> = {
  direct: "Direct",
  "turn-udp": "TURN/UDP",
  "turn-tcp": "TURN/TCP",
  "turn-tls": "TURN/TLS",
  "turn-unknown": "TURN (remote)",
};

type Group = RttSummary & { name: string };

function groups(d: Latency): Group[] {
  return [
    ...d.byPathKind.map((g) => ({ ...g, name: `Path: ${PATH_LABELS[g.pathKind] ?? g.pathKind}` })),
    ...d.byRegion.map((g) => ({ ...g, name: `Region: ${g.region}` })),
    ...d.byServer.map((g) => ({ ...g, name: `Server: ${g.server}` })),
  ];
}

export function LatencyCard() {
  const q = useLatency();
  return (
    <ChartCard
      title="Latency (RTT)"
      description="Browsers' selected candidate pair round-trip time"
      query={q}
      isEmpty={(d) => d.relayed.samples + d.direct.samples === 0}
      emptyMessage="No RTT samples in this range: latency needs the SDK in your web app."
    >
      {(d) => (
        <>
          <TimeSeriesChart
            label="RTT percentiles over time"
            data={d.series}
            timeKey="t"
            domain={{ from: d.range.from, to: d.range.to }}
            series={[
              { key: "relayedP50", label: "Relayed p50", unit: "ms" },
              { key: "relayedP95", label: "Relayed p95", unit: "ms" },
              { key: "directP50", label: "Direct p50", unit: "ms" },
              { key: "directP95", label: "Direct p95", unit: "ms" },
            ]}
          />
          <BarChart
            label="RTT by server"
            data={d.byServer}
            categoryKey="server"
            categoryLabel="Server"
            horizontal
            series={[
              { key: "p50", label: "p50", unit: "ms" },
              { key: "p95", label: "p95", unit: "ms" },
              { key: "p99", label: "p99", unit: "ms" },
            ]}
          />
          <DataTable
            caption="RTT by path, region and server"
            rows={[{ ...d.relayed, name: "All relayed" }, { ...d.direct, name: "All direct" }, ...groups(d)]}
            rowKey={(r) => r.name}
            columns={[
              { key: "name", label: "Group", value: (r) => r.name },
              { key: "samples", label: "Samples", unit: "count", value: (r) => r.samples },
              { key: "p50", label: "p50", unit: "ms", value: (r) => r.p50 },
              { key: "p95", label: "p95", unit: "ms", value: (r) => r.p95 },
              { key: "p99", label: "p99", unit: "ms", value: (r) => r.p99, render: (r) => `${r.p99AtLeast ? "≥ " : ""}${r.p99 ?? "—"} ms` },
            ]}
          />
        </>
      )}
    </ChartCard>
  );
}
