"use client";
// Overview b: the client → TURN leg's transport seen from the browsers (getStats) and from the
// server logs side by side, in percent of each side's total, with live allocations by transport
// from the servers' metrics. The two sides differ when browsers lack the SDK or servers the agent.
import { formatValue } from "../../../lib/format/units";
import type { TransportMix } from "../../../lib/queries/overview/get-transport-mix";
import { BarChart } from "../ui/bar-chart";
import { ChartCard } from "../ui/chart-card";
import { useAllocations, useTransportMix } from "./use-overview";

type Row = { transport: string; browsers: number | null; logs: number | null };

const KINDS: Array<[string, TransportMix["client"][number]["transport"] | null, TransportMix["server"][number]["transport"]]> = [
  ["UDP", "turn-udp", "udp"],
  ["TCP", "turn-tcp", "tcp"],
  ["TLS", "turn-tls", "tls"],
  ["DTLS", null, "dtls"],
];

function rows(d: TransportMix): Row[] {
  return KINDS.map(([label, client, server]) => ({
    transport: label,
    browsers: client ? (d.client.find((c) => c.transport === client)?.pct ?? null) : null,
    logs: d.server.find((s) => s.transport === server)?.pct ?? null,
  }));
}

function LiveAllocations() {
  const q = useAllocations();
  const a = q.data;
  if (!a) return null;
  if (a.total === null) return <p className="muted">Live allocations: no metrics from these servers in the last hour (see Servers).</p>;
  const parts = Object.entries(a.byTransport)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([t, n]) => `${t.toUpperCase()} ${formatValue(n ?? 0, "count")}`);
  return (
    <p>
      Live allocations: <strong>{formatValue(a.total, "count")}</strong>
      {parts.length ? ` (${parts.join(", ")})` : ""}
    </p>
  );
}

export function TransportCard() {
  const q = useTransportMix();
  return (
    <ChartCard
      title="Transport mix"
      description="Client → TURN leg: browsers' relay candidates (getStats) against the server logs' sessions"
      query={q}
      isEmpty={(d) => d.client.every((c) => c.connections === 0) && d.server.every((s) => s.sessions === 0)}
      emptyMessage="No relayed connections and no relay sessions in this range."
    >
      {(d) => (
        <>
          <BarChart
            label="Transport mix"
            data={rows(d)}
            categoryKey="transport"
            categoryLabel="Transport"
            series={[
              { key: "browsers", label: "Browsers (share of relayed connections)", unit: "percent" },
              { key: "logs", label: "Server logs (share of sessions)", unit: "percent" },
            ]}
          />
          <LiveAllocations />
        </>
      )}
    </ChartCard>
  );
}
