"use client";
// Allocations over the range by client transport, summed over the listed servers: the allocation
// gauge sampled once per step (the newest scrape in each step, not the step's peak).
import type { AllocationsResponse, AllocationTransport } from "../../../lib/queries/get-live-allocations";
import { TimeSeriesChart } from "../ui/time-series-chart";
import { TRANSPORT_LABEL, TRANSPORT_ORDER } from "./labels";

type Row = { t: string } & Partial<Record<AllocationTransport, number | null>>;

export function AllocationsChart({ data }: { data: AllocationsResponse }) {
  const present = TRANSPORT_ORDER.filter((k) => data.series.some((p) => p.byTransport[k] !== undefined));
  const rows: Row[] = data.series.map((p) => {
    const row: Row = { t: p.t };
    for (const k of present) row[k] = p.total === null ? null : (p.byTransport[k] ?? 0);
    return row;
  });
  const series = present.map((k) => ({ key: k, label: TRANSPORT_LABEL[k], unit: "count" as const }));
  return <TimeSeriesChart label="Allocations by transport over time" data={rows} timeKey="t" series={series} kind="area" stacked />;
}

/** Nothing to draw: no server had an allocation gauge sample in the range. */
export const noAllocationSeries = (d: AllocationsResponse) => d.series.every((p) => p.total === null);
