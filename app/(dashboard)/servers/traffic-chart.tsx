"use client";
// Relayed bytes per server over the range, by leg and direction (relay rollups), stacked.
import type { ServerRow } from "../../../lib/queries/list-servers";
import { BarChart } from "../ui/bar-chart";

type Row = { server: string; clientRx: number; clientTx: number; peerRx: number; peerTx: number };

const SERIES = [
  { key: "clientRx", label: "From clients", unit: "bytes" },
  { key: "clientTx", label: "To clients", unit: "bytes" },
  { key: "peerRx", label: "From peers", unit: "bytes" },
  { key: "peerTx", label: "To peers", unit: "bytes" },
] as const;

export function TrafficChart({ servers }: { servers: readonly ServerRow[] }) {
  const rows: Row[] = servers.map((s) => ({
    server: s.name,
    clientRx: s.traffic.clientRxBytes,
    clientTx: s.traffic.clientTxBytes,
    peerRx: s.traffic.peerRxBytes,
    peerTx: s.traffic.peerTxBytes,
  }));
  return (
    <BarChart label="Relayed bytes by server" data={rows} categoryKey="server" categoryLabel="Server" series={SERIES} stacked horizontal />
  );
}
