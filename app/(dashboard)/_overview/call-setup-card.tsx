"use client";
// Overview e: how connecting goes: ICE failure rate over time, mean time to connect, and ICE
// candidate errors per ICE server url (a wrong TURN credential shows up here as 401s).
import { formatValue } from "../../../lib/format/units";
import { ChartCard } from "../ui/chart-card";
import { DataTable } from "../ui/data-table";
import { TimeSeriesChart } from "../ui/time-series-chart";
import { useCallSetup } from "./use-overview";

export function CallSetupCard() {
  const q = useCallSetup();
  return (
    <ChartCard
      title="Call setup"
      description="ICE failures, time to connect and ICE errors per ICE server url"
      query={q}
      isEmpty={(d) => d.connections === 0}
      emptyMessage="No browser connections in this range: call setup needs the SDK in your web app."
    >
      {(d) => (
        <>
          <p className="muted">
            {formatValue(d.failed, "count")} of {formatValue(d.connections, "count")} connections failed (
            {formatValue(d.failureRatePct, "percent")}); mean time to connect {formatValue(d.connectTimeMeanMs, "ms")};{" "}
            {formatValue(d.iceErrors, "count")} ICE candidate errors.
          </p>
          <TimeSeriesChart
            label="ICE failure rate over time"
            data={d.series}
            timeKey="t"
            domain={{ from: d.range.from, to: d.range.to }}
            series={[{ key: "failureRatePct", label: "Failed connections", unit: "percent" }]}
          />
          <DataTable
            caption="ICE candidate errors by ICE server url"
            rows={d.errorsByUrl}
            rowKey={(r) => `${r.url} ${r.code}`}
            emptyMessage="No ICE candidate errors in this range."
            defaultSort={{ key: "count", direction: "desc" }}
            columns={[
              { key: "url", label: "ICE server url", value: (r) => r.url },
              { key: "code", label: "Code", value: (r) => String(r.code) },
              { key: "text", label: "Error", value: (r) => r.text ?? "" },
              { key: "count", label: "Errors", unit: "count", value: (r) => r.count },
              { key: "connections", label: "Connections", unit: "count", value: (r) => r.connections },
            ]}
          />
        </>
      )}
    </ChartCard>
  );
}
