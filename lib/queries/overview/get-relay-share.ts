// Relay share (overview a): of the peer connections that connected, how many were relayed because
// they had to be, and how many because the app forced relay (iceTransportPolicy "relay") — counted
// apart so a forced-relay app does not look like a network problem. Per call too: a call is relayed
// when any of its connections was. Judged against the expected band (RELAYSCOPE_RELAY_SHARE_BAND).
import { runQuery } from "../../db/run-query";
import { env } from "../../env";
import type { QueryScope } from "../query-scope";
import { type BandStatus, bandStatus, num, pct, perGranularity, type RangeInfo, rollupRead } from "./rollup-range";
import { AXIS, CALL_WHERE, CLIENT_SERIES_WHERE } from "./rollup-where";

function connectionsSql(table: string, step: string): string {
  return `
    WITH r AS (
      SELECT bucket, sum(connections) AS connections, sum(connected_count) AS connected,
        sum(connections) FILTER (WHERE path_class = 'relayed' AND NOT forced_relay) AS relayed,
        sum(connections) FILTER (WHERE path_class = 'relayed' AND forced_relay) AS forced,
        sum(connected_count) FILTER (WHERE forced_relay) AS forced_connected
      FROM ${table} WHERE ${CLIENT_SERIES_WHERE} GROUP BY bucket
    )
    SELECT t AS bucket, COALESCE(connections, 0)::text AS connections, COALESCE(connected, 0)::text AS connected,
      COALESCE(relayed, 0)::text AS relayed, COALESCE(forced, 0)::text AS forced, COALESCE(forced_connected, 0)::text AS forced_connected
    FROM ${AXIS(step)} AS t LEFT JOIN r ON r.bucket = t ORDER BY t`;
}

function callsSql(table: string, step: string): string {
  return `
    WITH c AS (
      SELECT bucket, sum(calls) AS calls, sum(connected_calls) AS connected, sum(relayed_calls) AS relayed, sum(forced_relay_calls) AS forced
      FROM ${table} WHERE ${CALL_WHERE} GROUP BY bucket
    )
    SELECT t AS bucket, COALESCE(calls, 0)::text AS calls, COALESCE(connected, 0)::text AS connected,
      COALESCE(relayed, 0)::text AS relayed, COALESCE(forced, 0)::text AS forced
    FROM ${AXIS(step)} AS t LEFT JOIN c ON c.bucket = t ORDER BY t`;
}

const CONNECTIONS = perGranularity("client_series", connectionsSql);
const CALLS = perGranularity("call", callsSql);

export type ShareFigures = {
  /** Connections (or calls) that connected at all: the denominator. */
  connected: number;
  relayedByNeed: number;
  forcedRelay: number;
  /** relayedByNeed / (connected − forced), in percent; null without connections. */
  sharePct: number | null;
  /** forcedRelay / connected, in percent. */
  forcedPct: number | null;
};

export type RelayShare = {
  range: RangeInfo;
  band: { lowPct: number; highPct: number };
  /** Where the per-connection share sits against the band. */
  status: BandStatus;
  connections: ShareFigures & { total: number; direct: number };
  calls: ShareFigures & { total: number };
  series: Array<{
    t: string;
    connected: number;
    relayedByNeed: number;
    forcedRelay: number;
    sharePct: number | null;
    callSharePct: number | null;
  }>;
};

function figures(connected: number, relayed: number, forced: number, forcedConnected: number): ShareFigures {
  return {
    connected,
    relayedByNeed: relayed,
    forcedRelay: forced,
    sharePct: pct(relayed, connected - forcedConnected),
    forcedPct: pct(forced, connected),
  };
}

type ConnRow = { bucket: Date; connections: string; connected: string; relayed: string; forced: string; forced_connected: string };
type CallRow = { bucket: Date; calls: string; connected: string; relayed: string; forced: string };

export async function getRelayShare(scope: QueryScope): Promise<RelayShare> {
  const read = rollupRead(scope);
  const [conns, calls] = await Promise.all([
    runQuery<ConnRow>(CONNECTIONS[read.granularity], read.client),
    runQuery<CallRow>(CALLS[read.granularity], read.calls),
  ]);
  const sum = <R>(rows: R[], k: keyof R) => rows.reduce((a, r) => a + num(r[k] as string), 0);
  const connected = sum(conns, "connected");
  const forcedConnected = sum(conns, "forced_connected");
  const relayed = sum(conns, "relayed");
  const connections = {
    total: sum(conns, "connections"),
    direct: connected - relayed - sum(conns, "forced"),
    ...figures(connected, relayed, sum(conns, "forced"), forcedConnected),
  };
  const callsFig = {
    total: sum(calls, "calls"),
    ...figures(sum(calls, "connected"), sum(calls, "relayed"), sum(calls, "forced"), sum(calls, "forced")),
  };
  const [lowPct, highPct] = env().RELAYSCOPE_RELAY_SHARE_BAND;
  const band = { lowPct, highPct };
  return {
    range: read.info,
    band,
    status: bandStatus(connections.sharePct, band),
    connections,
    calls: callsFig,
    series: conns.map((c, i) => {
      const k = calls[i];
      return {
        t: c.bucket.toISOString(),
        connected: num(c.connected),
        relayedByNeed: num(c.relayed),
        forcedRelay: num(c.forced),
        sharePct: pct(num(c.relayed), num(c.connected) - num(c.forced_connected)),
        callSharePct: k ? pct(num(k.relayed), num(k.connected) - num(k.forced)) : null,
      };
    }),
  };
}
