"use client";
// The browser connections this session carried (client_connection joined to it), each linked to its
// call. None is information too: say what it can mean.
import type { SessionConnection } from "../../../../lib/queries/sessions/get-session";
import { type Column, DataTable } from "../../ui/data-table";
import { EmptyState } from "../../ui/empty-state";

const COLUMNS: readonly Column<SessionConnection>[] = [
  { key: "app", label: "App", value: (c) => c.app },
  { key: "call", label: "Call", value: (c) => c.callId, href: (c) => `/calls/${c.callKey}` },
  { key: "participant", label: "Participant", value: (c) => c.participantId },
  { key: "connection", label: "Connection", value: (c) => c.connectionId },
  { key: "path", label: "Path", value: (c) => c.pathKind },
  { key: "rtt", label: "RTT", unit: "ms", value: (c) => c.rttMs },
  { key: "rttMax", label: "Max RTT", unit: "ms", value: (c) => c.rttMsMax },
  { key: "loss", label: "Loss", unit: "percent", value: (c) => c.lossPct },
  { key: "state", label: "State", value: (c) => c.state },
  { key: "first", label: "First report", value: (c) => new Date(c.firstReceivedAt) },
];

export function JoinedConnections({ connections }: { connections: readonly SessionConnection[] }) {
  if (connections.length === 0)
    return (
      <EmptyState
        title="No browser connection joined"
        message="No connection reported by the SDK was carried by this session. The client may not run the relayscope SDK (another app, a native client, or abuse of the credentials), the app may not have passed the TURN username, or the join may still be pending for a call that just started."
      />
    );
  return (
    <DataTable caption="Browser connections joined to this session" hideCaption columns={COLUMNS} rows={connections} rowKey={(c) => c.id} />
  );
}
