// The overview's headline figures in one answer, for scripts and status boards: each comes from the
// same query as its chart on the page (relay share, bandwidth, latency, call setup, relay sessions),
// so the numbers agree. Alerts arrive with the alerts feature; until then the answer says so.
import { runQuery } from "../../db/run-query";
import type { Granularity } from "../dashboard-filters";
import type { QueryScope } from "../query-scope";
import { getBandwidth } from "./get-bandwidth";
import { getCallSetup } from "./get-call-setup";
import { getLatency } from "./get-latency";
import { getRelayShare } from "./get-relay-share";
import { num, type RangeInfo, rollupRead } from "./rollup-range";
import { RELAY_WHERE } from "./rollup-where";

const sessionsSql = (table: string) => `
  SELECT COALESCE(sum(sessions_started), 0)::text AS started, COALESCE(sum(sessions_ended), 0)::text AS ended,
    COALESCE(sum(auth_failures), 0)::text AS auth_failures, COALESCE(sum(errors), 0)::text AS errors
  FROM ${table} WHERE ${RELAY_WHERE}`;
const SESSIONS: Record<Granularity, string> = {
  minute: sessionsSql("relay_rollup_minute"),
  hour: sessionsSql("relay_rollup_hour"),
  day: sessionsSql("relay_rollup_day"),
};

export type Overview = {
  range: RangeInfo;
  relayShare: {
    sharePct: number | null;
    status: "below" | "within" | "above" | "no-data";
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

export async function getOverview(scope: QueryScope): Promise<Overview> {
  const read = rollupRead(scope);
  const [share, bandwidth, latency, setup, [sessions]] = await Promise.all([
    getRelayShare(scope),
    getBandwidth(scope),
    getLatency(scope),
    getCallSetup(scope),
    runQuery<{ started: string; ended: string; auth_failures: string; errors: string }>(SESSIONS[read.granularity], read.relay),
  ]);
  return {
    range: read.info,
    relayShare: {
      sharePct: share.connections.sharePct,
      status: share.status,
      band: share.band,
      forcedPct: share.connections.forcedPct,
      callSharePct: share.calls.sharePct,
    },
    relaySessions: {
      started: num(sessions.started),
      ended: num(sessions.ended),
      authFailures: num(sessions.auth_failures),
      errors: num(sessions.errors),
    },
    bandwidth: { totalBytes: bandwidth.totals.total, serverEgressBytes: bandwidth.totals.clientTx + bandwidth.totals.peerTx },
    latency: { relayedP95: latency.relayed.p95, directP95: latency.direct.p95 },
    callSetup: { connections: setup.connections, failureRatePct: setup.failureRatePct, connectTimeMeanMs: setup.connectTimeMeanMs },
    alerts: { available: false, needs: "the alerts feature (not installed yet)" },
  };
}
