"use client";
// A session's usage deltas over time, per leg and direction (bytes per bucket). The table view
// lists the same buckets.
import type { SessionDetail, UsagePoint } from "../../../../lib/queries/sessions/get-session";
import type { SeriesDef } from "../../ui/series";
import { TimeSeriesChart } from "../../ui/time-series-chart";

const SERIES: readonly SeriesDef<keyof UsagePoint & string>[] = [
  { key: "clientRx", label: "From client", unit: "bytes" },
  { key: "clientTx", label: "To client", unit: "bytes" },
  { key: "peerRx", label: "From peers", unit: "bytes" },
  { key: "peerTx", label: "To peers", unit: "bytes" },
];

export function UsageChart({ usage }: { usage: SessionDetail["usage"] }) {
  return <TimeSeriesChart label="Session usage over time" data={usage.points} timeKey="ts" series={SERIES} />;
}
