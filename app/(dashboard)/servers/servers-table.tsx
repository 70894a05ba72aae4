"use client";
// One row per TURN server: its sources' status, last data, live allocations against capacity, and
// its traffic over the range. Sortable; every figure as text.
import type { ServerRow } from "../../../lib/queries/list-servers";
import { type Column, DataTable } from "../ui/data-table";
import { SourceStatus } from "./source-status";

const relayed = (s: ServerRow) => s.traffic.clientRxBytes + s.traffic.clientTxBytes + s.traffic.peerRxBytes + s.traffic.peerTxBytes;

const COLUMNS: readonly Column<ServerRow>[] = [
  { key: "name", label: "Server", value: (s) => s.name, href: (s) => `#server-${s.name}` },
  { key: "region", label: "Region", value: (s) => s.region },
  { key: "version", label: "Version", value: (s) => s.version ?? s.software },
  {
    key: "coturn",
    label: "Logs",
    value: (s) => s.sources.coturn.status,
    render: (s) => <SourceStatus status={s.sources.coturn.status} source="coturn logs" />,
  },
  {
    key: "metrics",
    label: "Metrics",
    value: (s) => s.sources.metrics.status,
    render: (s) => <SourceStatus status={s.sources.metrics.status} source="metrics" />,
  },
  {
    key: "sdk",
    label: "Browsers",
    value: (s) => s.sources.sdk.status,
    render: (s) => <SourceStatus status={s.sources.sdk.status} source="browsers (SDK)" />,
  },
  { key: "last", label: "Last data", value: (s) => (s.lastDataAt ? new Date(s.lastDataAt) : null) },
  { key: "allocations", label: "Allocations", unit: "count", value: (s) => s.allocations?.total ?? null },
  { key: "ceiling", label: "Capacity", unit: "count", value: (s) => s.allocations?.capacity.ceiling ?? null },
  { key: "use", label: "Used", unit: "ratio", value: (s) => s.allocations?.utilisation ?? null },
  { key: "bytes", label: "Relayed bytes", unit: "bytes", value: relayed },
  { key: "sessions", label: "Sessions", unit: "count", value: (s) => s.traffic.sessionsStarted },
  { key: "auth", label: "Auth failures", unit: "count", value: (s) => s.traffic.authFailures },
  { key: "errors", label: "Errors", unit: "count", value: (s) => s.traffic.errors },
];

export function ServersTable({ servers }: { servers: readonly ServerRow[] }) {
  return (
    <DataTable
      caption="TURN servers"
      hideCaption
      columns={COLUMNS}
      rows={servers}
      rowKey={(s) => s.name}
      defaultSort={{ key: "name", direction: "asc" }}
    />
  );
}
