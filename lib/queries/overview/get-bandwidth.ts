// Bandwidth (overview c): relayed bytes per leg and direction from the relay rollups, which the
// rollup job keeps current to the minute from coturn's usage deltas; as a series and per server and
// per tenant. Client leg: rx = from the client, tx = to the client; peer leg likewise towards peers.
import { runQuery } from "../../db/run-query";
import type { QueryScope } from "../query-scope";
import { num, perGranularity, type RangeInfo, rollupRead, totalsPerGranularity } from "./rollup-range";
import { AXIS, RELAY_WHERE } from "./rollup-where";

const LEGS = `sum(client_rx_bytes) AS client_rx, sum(client_tx_bytes) AS client_tx, sum(peer_rx_bytes) AS peer_rx, sum(peer_tx_bytes) AS peer_tx`;
const OUT = `COALESCE(client_rx, 0)::text AS client_rx, COALESCE(client_tx, 0)::text AS client_tx,
  COALESCE(peer_rx, 0)::text AS peer_rx, COALESCE(peer_tx, 0)::text AS peer_tx`;

function seriesSql(table: string, step: string): string {
  return `
    WITH r AS (SELECT bucket, ${LEGS} FROM ${table} WHERE ${RELAY_WHERE} GROUP BY bucket)
    SELECT t AS bucket, ${OUT} FROM ${AXIS(step)} AS t LEFT JOIN r ON r.bucket = t ORDER BY t`;
}

function byServerSql(table: string): string {
  return `
    SELECT s.name AS key, s.region, ${OUT}
    FROM (SELECT server_id, ${LEGS} FROM ${table} WHERE ${RELAY_WHERE} GROUP BY server_id) r
    JOIN turn_server s ON s.id = r.server_id
    ORDER BY (client_rx + client_tx + peer_rx + peer_tx) DESC, s.name LIMIT 50`;
}

function byTenantSql(table: string): string {
  return `
    SELECT t.slug AS key, t.name AS region, ${OUT}
    FROM (SELECT tenant_id, ${LEGS} FROM ${table} WHERE ${RELAY_WHERE} GROUP BY tenant_id) r
    JOIN tenant t ON t.id = r.tenant_id
    ORDER BY (client_rx + client_tx + peer_rx + peer_tx) DESC, t.slug LIMIT 50`;
}

const SERIES = perGranularity("relay", seriesSql);
const BY_SERVER = totalsPerGranularity("relay", byServerSql);
const BY_TENANT = totalsPerGranularity("relay", byTenantSql);

export type LegBytes = { clientRx: number; clientTx: number; peerRx: number; peerTx: number };
export type Bandwidth = {
  range: RangeInfo;
  /** Filters that do not apply to relay-side figures. */
  ignoredFilters: string[];
  totals: LegBytes & { total: number };
  series: Array<LegBytes & { t: string }>;
  byServer: Array<LegBytes & { server: string; region: string | null }>;
  byTenant: Array<LegBytes & { tenant: string; name: string }>;
};

type Row = { client_rx: string; client_tx: string; peer_rx: string; peer_tx: string };
const legs = (r: Row): LegBytes => ({
  clientRx: num(r.client_rx),
  clientTx: num(r.client_tx),
  peerRx: num(r.peer_rx),
  peerTx: num(r.peer_tx),
});

export async function getBandwidth(scope: QueryScope): Promise<Bandwidth> {
  const read = rollupRead(scope);
  const g = read.granularity;
  const [series, servers, tenants] = await Promise.all([
    runQuery<Row & { bucket: Date }>(SERIES[g], read.relay),
    runQuery<Row & { key: string; region: string | null }>(BY_SERVER[g], read.relay),
    runQuery<Row & { key: string; region: string }>(BY_TENANT[g], read.relay),
  ]);
  const totals = series.map(legs).reduce(
    (a, b) => ({
      clientRx: a.clientRx + b.clientRx,
      clientTx: a.clientTx + b.clientTx,
      peerRx: a.peerRx + b.peerRx,
      peerTx: a.peerTx + b.peerTx,
    }),
    { clientRx: 0, clientTx: 0, peerRx: 0, peerTx: 0 },
  );
  return {
    range: read.info,
    ignoredFilters: scope.appIds ? ["app"] : [],
    totals: { ...totals, total: totals.clientRx + totals.clientTx + totals.peerRx + totals.peerTx },
    series: series.map((r) => ({ t: r.bucket.toISOString(), ...legs(r) })),
    byServer: servers.map((r) => ({ server: r.key, region: r.region, ...legs(r) })),
    byTenant: tenants.map((r) => ({ tenant: r.key, name: r.region, ...legs(r) })),
  };
}
