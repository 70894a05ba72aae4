"use client";
// The peers one session reached, classified: a relay reaching anything but a public address
// (loopback, private, CGNAT, cloud metadata…) is worth a look, so those come first and say so in
// words, not only colour.
import { formatTimestamp } from "../../../../lib/format/time";
import type { SessionPeer } from "../../../../lib/queries/sessions/get-session";
import { type Column, DataTable } from "../../ui/data-table";

const COLUMNS: readonly Column<SessionPeer>[] = [
  {
    key: "class",
    label: "Class",
    value: (p) => p.peerClass,
    render: (p) => (p.nonPublic ? <span className="badge badge-warn">{p.peerClass.replaceAll("_", " ")} (not public)</span> : p.peerClass),
  },
  { key: "prefix", label: "Peer prefix", value: (p) => p.peerPrefix },
  { key: "address", label: "Address", value: (p) => (p.peerAddress ? `${p.peerAddress}${p.peerPort ? `:${p.peerPort}` : ""}` : null) },
  { key: "grant", label: "Grant", value: (p) => p.grant },
  {
    key: "first",
    label: "First seen",
    value: (p) => new Date(p.firstSeenAt),
    render: (p) => formatTimestamp(p.firstSeenAt, { seconds: true }),
  },
  {
    key: "last",
    label: "Last seen",
    value: (p) => new Date(p.lastSeenAt),
    render: (p) => formatTimestamp(p.lastSeenAt, { seconds: true }),
  },
  { key: "deleted", label: "Deleted", value: (p) => (p.deletedAt ? new Date(p.deletedAt) : null) },
  { key: "updates", label: "Updates", unit: "count", value: (p) => p.updates },
];

export function PeersTable({ peers, truncated }: { peers: readonly SessionPeer[]; truncated: boolean }) {
  const nonPublic = peers.filter((p) => p.nonPublic).length;
  return (
    <>
      {nonPublic > 0 ? (
        <p className="card-warning" role="status">
          {nonPublic} of {peers.length} peers are not public addresses.
        </p>
      ) : null}
      <DataTable
        caption="Peers of this session"
        hideCaption
        columns={COLUMNS}
        rows={peers}
        rowKey={(p) => `${p.grant}-${p.peerPrefix}-${p.firstSeenAt}`}
      />
      {truncated ? <p className="muted">Only the first {peers.length} peers are shown.</p> : null}
    </>
  );
}
