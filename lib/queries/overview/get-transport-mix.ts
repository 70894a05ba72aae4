// Transport mix (overview b): the client → TURN leg seen from both ends, side by side. From the
// browsers (getStats): relayed connections by path kind, i.e. the local relay candidate's
// relayProtocol. From the server logs: sessions and bytes by client transport (coturn-logs.md §7).
// They differ when some browsers carry no SDK or some servers no agent; showing both says so.
// Live allocations by transport come from metrics: /api/v1/allocations.
import { runQuery } from "../../db/run-query";
import type { QueryScope } from "../query-scope";
import { num, pct, perGranularity, type RangeInfo, rollupRead, totalsPerGranularity } from "./rollup-range";
import { AXIS, CLIENT_WHERE, RELAY_WHERE, RELAYED_PATH } from "./rollup-where";

const CLIENT_TRANSPORTS = ["turn-udp", "turn-tcp", "turn-tls", "turn-unknown"] as const;
const SERVER_TRANSPORTS = ["udp", "tcp", "tls", "dtls"] as const;

function clientSql(table: string): string {
  return `
    SELECT path_kind::text AS k, sum(connected_count)::text AS n
    FROM ${table} WHERE ${CLIENT_WHERE} AND ${RELAYED_PATH}
    GROUP BY 1`;
}

function serverSql(table: string): string {
  return `
    SELECT client_transport::text AS k, sum(sessions_started)::text AS n,
      sum(client_rx_bytes + client_tx_bytes + peer_rx_bytes + peer_tx_bytes)::text AS bytes
    FROM ${table} WHERE ${RELAY_WHERE} GROUP BY 1`;
}

function serverSeriesSql(table: string, step: string): string {
  return `
    WITH r AS (
      SELECT bucket, sum(sessions_started) FILTER (WHERE client_transport = 'udp') AS udp,
        sum(sessions_started) FILTER (WHERE client_transport = 'tcp') AS tcp,
        sum(sessions_started) FILTER (WHERE client_transport = 'tls') AS tls,
        sum(sessions_started) FILTER (WHERE client_transport = 'dtls') AS dtls
      FROM ${table} WHERE ${RELAY_WHERE} GROUP BY bucket)
    SELECT t AS bucket, COALESCE(udp, 0)::text AS udp, COALESCE(tcp, 0)::text AS tcp, COALESCE(tls, 0)::text AS tls, COALESCE(dtls, 0)::text AS dtls
    FROM ${AXIS(step)} AS t LEFT JOIN r ON r.bucket = t ORDER BY t`;
}

const CLIENT = totalsPerGranularity("client", clientSql);
const SERVER = totalsPerGranularity("relay", serverSql);
const SERVER_SERIES = perGranularity("relay", serverSeriesSql);

export type TransportMix = {
  range: RangeInfo;
  /** From browsers: connected relayed connections per client → TURN transport. */
  client: Array<{ transport: (typeof CLIENT_TRANSPORTS)[number]; connections: number; pct: number | null }>;
  /** From coturn logs: relay sessions started (and their bytes) per client transport. */
  server: Array<{ transport: (typeof SERVER_TRANSPORTS)[number]; sessions: number; bytes: number; pct: number | null }>;
  serverSeries: Array<{ t: string; udp: number; tcp: number; tls: number; dtls: number }>;
};

export async function getTransportMix(scope: QueryScope): Promise<TransportMix> {
  const read = rollupRead(scope);
  const g = read.granularity;
  const [client, server, series] = await Promise.all([
    runQuery<{ k: string; n: string }>(CLIENT[g], read.client),
    runQuery<{ k: string; n: string; bytes: string }>(SERVER[g], read.relay),
    runQuery<{ bucket: Date; udp: string; tcp: string; tls: string; dtls: string }>(SERVER_SERIES[g], read.relay),
  ]);
  const clientTotal = client.reduce((a, r) => a + num(r.n), 0);
  const serverTotal = server.reduce((a, r) => a + num(r.n), 0);
  return {
    range: read.info,
    client: CLIENT_TRANSPORTS.map((transport) => {
      const n = num(client.find((r) => r.k === transport)?.n);
      return { transport, connections: n, pct: pct(n, clientTotal) };
    }),
    server: SERVER_TRANSPORTS.map((transport) => {
      const r = server.find((x) => x.k === transport);
      return { transport, sessions: num(r?.n), bytes: num(r?.bytes), pct: pct(num(r?.n), serverTotal) };
    }),
    serverSeries: series.map((r) => ({ t: r.bucket.toISOString(), udp: num(r.udp), tcp: num(r.tcp), tls: num(r.tls), dtls: num(r.dtls) })),
  };
}
