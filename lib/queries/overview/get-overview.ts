// The overview's headline figures in one answer, for scripts, status boards and the page's first
// row. Three lean statements over the same rollup tables and WHERE clauses as the charts (so the
// numbers agree with /relay-share, /bandwidth, /latency and /call-setup, which a test checks),
// totals only: the charts' series and breakdowns are not computed twice. Alerts arrive with the
// alerts feature; until then the answer says so.
import { runQuery } from "../../db/run-query";
import { env } from "../../env";
import { addHistograms, HISTOGRAM_SUM_SQL, percentile } from "../../rollups/rtt-histogram";
import type { QueryScope } from "../query-scope";
import { type BandStatus, bandStatus, num, pct, type RangeInfo, rollupRead, totalsPerGranularity } from "./rollup-range";
import { CALL_WHERE, CLIENT_SERIES_WHERE, RELAY_WHERE } from "./rollup-where";

// Totals by path class, so from the series rollups (no transport detail): the same sums as the
// charts' client figures, over a bounded number of rows whatever the traffic.
const clientSql = (table: string) => `
  SELECT path_class = 'direct' AS direct, path_class <> 'none' AS measured,
    sum(connections)::text AS connections, sum(connected_count)::text AS connected, sum(failed_count)::text AS failed,
    (sum(connections) FILTER (WHERE path_class = 'relayed' AND NOT forced_relay))::text AS relayed,
    (sum(connections) FILTER (WHERE path_class = 'relayed' AND forced_relay))::text AS forced,
    (sum(connected_count) FILTER (WHERE forced_relay))::text AS forced_connected,
    sum(connect_time_count)::text AS ct_n, sum(connect_time_sum_ms) AS ct_sum,
    ${HISTOGRAM_SUM_SQL}::text[] AS h
  FROM ${table} WHERE ${CLIENT_SERIES_WHERE} GROUP BY 1, 2`;

const callSql = (table: string) => `
  SELECT COALESCE(sum(connected_calls), 0)::text AS connected, COALESCE(sum(relayed_calls), 0)::text AS relayed,
    COALESCE(sum(forced_relay_calls), 0)::text AS forced
  FROM ${table} WHERE ${CALL_WHERE}`;

const relaySql = (table: string) => `
  SELECT COALESCE(sum(sessions_started), 0)::text AS started, COALESCE(sum(sessions_ended), 0)::text AS ended,
    COALESCE(sum(auth_failures), 0)::text AS auth_failures, COALESCE(sum(errors), 0)::text AS errors,
    COALESCE(sum(client_rx_bytes + client_tx_bytes + peer_rx_bytes + peer_tx_bytes), 0)::text AS total,
    COALESCE(sum(client_tx_bytes + peer_tx_bytes), 0)::text AS egress
  FROM ${table} WHERE ${RELAY_WHERE}`;

const CLIENT = totalsPerGranularity("client_series", clientSql);
const CALLS = totalsPerGranularity("call", callSql);
const RELAY = totalsPerGranularity("relay", relaySql);

export type Overview = {
  range: RangeInfo;
  relayShare: {
    sharePct: number | null;
    status: BandStatus;
    band: { lowPct: number; highPct: number };
    forcedPct: number | null;
    callSharePct: number | null;
  };
  relaySessions: { started: number; ended: number; authFailures: number; errors: number };
  bandwidth: { totalBytes: number; serverEgressBytes: number };
  latency: { relayedP95: number | null; directP95: number | null };
  callSetup: { connections: number; failureRatePct: number | null; connectTimeMeanMs: number | null };
  alerts: { available: false; needs: string };
};

type ClientRow = {
  direct: boolean;
  measured: boolean;
  connections: string;
  connected: string;
  failed: string;
  relayed: string | null;
  forced: string | null;
  forced_connected: string | null;
  ct_n: string;
  ct_sum: number;
  h: string[];
};

export async function getOverview(scope: QueryScope): Promise<Overview> {
  const read = rollupRead(scope);
  const g = read.granularity;
  const [client, [calls], [relay]] = await Promise.all([
    runQuery<ClientRow>(CLIENT[g], read.client),
    runQuery<{ connected: string; relayed: string; forced: string }>(CALLS[g], read.calls),
    runQuery<{ started: string; ended: string; auth_failures: string; errors: string; total: string; egress: string }>(
      RELAY[g],
      read.relay,
    ),
  ]);
  const sum = (k: keyof ClientRow, rows = client) => rows.reduce((a, r) => a + num(r[k] as string | null), 0);
  const connected = sum("connected");
  const sharePct = pct(sum("relayed"), connected - sum("forced_connected"));
  const [lowPct, highPct] = env().RELAYSCOPE_RELAY_SHARE_BAND;
  const band = { lowPct, highPct };
  const p95 = (rows: ClientRow[]) => percentile(addHistograms(rows.map((r) => r.h.map(num))), 0.95).ms;
  const ctN = sum("ct_n");
  return {
    range: read.info,
    relayShare: {
      sharePct,
      status: bandStatus(sharePct, band),
      band,
      forcedPct: pct(sum("forced"), connected),
      callSharePct: pct(num(calls.relayed), num(calls.connected) - num(calls.forced)),
    },
    relaySessions: {
      started: num(relay.started),
      ended: num(relay.ended),
      authFailures: num(relay.auth_failures),
      errors: num(relay.errors),
    },
    bandwidth: { totalBytes: num(relay.total), serverEgressBytes: num(relay.egress) },
    latency: { relayedP95: p95(client.filter((r) => r.measured && !r.direct)), directP95: p95(client.filter((r) => r.direct)) },
    callSetup: {
      connections: sum("connections"),
      failureRatePct: pct(sum("failed"), sum("connections")),
      connectTimeMeanMs: ctN > 0 ? Math.round(sum("ct_sum") / ctN) : null,
    },
    alerts: { available: false, needs: "the alerts feature (not installed yet)" },
  };
}
