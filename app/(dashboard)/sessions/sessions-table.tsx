"use client";
// One page of the sessions explorer. The server sorts (the Sort control), so the headers do not: a
// header click would only reorder the rows of this page, which reads as the whole list's order.
import { formatDuration, formatTimestamp } from "../../../lib/format/time";
import type { SessionListRow } from "../../../lib/queries/sessions/list-sessions";
import { type Column, DataTable } from "../ui/data-table";

const BASE: readonly Column<SessionListRow>[] = [
  {
    key: "started",
    label: "Started",
    value: (r) => new Date(r.startedAt),
    render: (r) => formatTimestamp(r.startedAt, { seconds: true }),
    href: (r) => `/sessions/${r.id}`,
  },
  { key: "server", label: "Server", value: (r) => r.server },
  { key: "user", label: "User", value: (r) => r.user },
  { key: "realm", label: "Realm", value: (r) => r.realm },
  { key: "transport", label: "Transport", value: (r) => (r.transport ? r.transport.toUpperCase() : null) },
  { key: "client", label: "Client /24", value: (r) => r.clientPrefix },
  {
    key: "duration",
    label: "Duration",
    unit: "seconds",
    value: (r) => r.durationSeconds,
    render: (r) => (r.endedAt ? formatDuration(r.durationSeconds) : `${formatDuration(r.durationSeconds)} so far`),
  },
  { key: "bytes", label: "Bytes", unit: "bytes", value: (r) => r.bytes.total },
  {
    key: "end",
    label: "Ended",
    value: (r) => r.closeReason,
    render: (r) => (r.endedAt ? (r.closeReason ?? "ended") : <span className="badge">open</span>),
  },
  { key: "auth", label: "Auth failures", unit: "count", value: (r) => r.authFailures },
  { key: "connections", label: "Browser connections", unit: "count", value: (r) => r.connections },
];
const COLUMNS = BASE.map((c) => ({ ...c, sortable: false }));

export function SessionsTable({ rows }: { rows: readonly SessionListRow[] }) {
  return <DataTable caption="Relay sessions" hideCaption columns={COLUMNS} rows={rows} rowKey={(r) => r.id} />;
}
