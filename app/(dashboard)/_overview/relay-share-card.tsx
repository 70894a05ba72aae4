"use client";
// Overview a: relay share per connection and per call over time, against the expected band.
import { formatValue } from "../../../lib/format/units";
import { ChartCard } from "../ui/chart-card";
import { TimeSeriesChart } from "../ui/time-series-chart";
import { useRelayShare } from "./use-overview";

export function RelayShareCard() {
  const q = useRelayShare();
  return (
    <ChartCard
      title="Relay share"
      description={
        q.data
          ? `Expected ${q.data.band.lowPct}–${q.data.band.highPct} %. Forced relay (${formatValue(q.data.connections.forcedRelay, "count")} connections) is counted apart.`
          : undefined
      }
      query={q}
      isEmpty={(d) => d.connections.total === 0}
      emptyMessage="No browser connections in this range: relay share needs the SDK in your web app (see Setup)."
    >
      {(d) => (
        <>
          <p className="muted">
            {formatValue(d.connections.relayedByNeed, "count")} of{" "}
            {formatValue(d.connections.connected - d.connections.forcedRelay, "count")} connections relayed by need (
            {formatValue(d.connections.sharePct, "percent")}), {formatValue(d.calls.relayedByNeed, "count")} of{" "}
            {formatValue(d.calls.connected - d.calls.forcedRelay, "count")} calls ({formatValue(d.calls.sharePct, "percent")}).
          </p>
          <TimeSeriesChart
            label="Relay share over time"
            data={d.series}
            timeKey="t"
            domain={{ from: d.range.from, to: d.range.to }}
            band={{ from: d.band.lowPct, to: d.band.highPct, label: `expected ${d.band.lowPct}–${d.band.highPct} %` }}
            series={[
              { key: "sharePct", label: "Connections relayed", unit: "percent" },
              { key: "callSharePct", label: "Calls relayed", unit: "percent" },
            ]}
          />
        </>
      )}
    </ChartCard>
  );
}
