"use client";
// One page of calls. The server sorts (the Sort control), so the headers do not.
import { formatCount } from "../../../lib/format/numbers";
import { formatTimestamp } from "../../../lib/format/time";
import type { CallListRow } from "../../../lib/queries/calls/list-calls";
import { type Column, DataTable } from "../ui/data-table";

export function CallState({ state, failed }: { state: CallListRow["state"]; failed: number }) {
  if (state === "ok") return <span className="badge badge-ok">ok</span>;
  if (state === "failed") return <span className="badge badge-bad">failed</span>;
  return <span className="badge badge-warn">{formatCount(failed)} failed</span>;
}

const BASE: readonly Column<CallListRow>[] = [
  {
    key: "started",
    label: "Started",
    value: (r) => new Date(r.startedAt),
    render: (r) => formatTimestamp(r.startedAt, { seconds: true }),
    href: (r) => `/calls/${r.id}`,
  },
  { key: "app", label: "App", value: (r) => r.app },
  { key: "call", label: "Call", value: (r) => r.callId },
  { key: "participants", label: "Participants", unit: "count", value: (r) => r.participants },
  { key: "connections", label: "Connections", unit: "count", value: (r) => r.connections },
  {
    key: "relayed",
    label: "Relayed",
    value: (r) => r.relayedConnections,
    render: (r) => (
      <>
        {r.relayedConnections === 0 ? "no" : `${formatCount(r.relayedConnections)} of ${formatCount(r.connections)}`}
        {r.forcedRelay ? <span className="badge"> forced</span> : null}
      </>
    ),
  },
  { key: "joined", label: "Joined to sessions", unit: "count", value: (r) => r.joinedConnections },
  { key: "rtt", label: "Worst RTT", unit: "ms", value: (r) => r.worstRttMs },
  { key: "loss", label: "Worst loss", unit: "percent", value: (r) => r.worstLossPct },
  { key: "state", label: "State", value: (r) => r.state, render: (r) => <CallState state={r.state} failed={r.failedConnections} /> },
  { key: "bytes", label: "Bytes", unit: "bytes", value: (r) => r.bytes },
];
const COLUMNS = BASE.map((c) => ({ ...c, sortable: false }));

export function CallsTable({ rows }: { rows: readonly CallListRow[] }) {
  return <DataTable caption="Calls" hideCaption columns={COLUMNS} rows={rows} rowKey={(r) => r.id} />;
}
