// The rows of the calls list, shared by its two readers (list-calls.ts for any order,
// list-calls-by-start.ts for the default one): the aggregate SQL and the mapping to the API's rows.
import type { QueryScope } from "../query-scope";
import { encodeCursor, sortName } from "../sessions/keyset";
import { encodeCallKey } from "./call-key";
import type { CallList, CallListParams, CallListRow } from "./list-calls";
import type { PathKind } from "./list-options";

const RELAYED = "ARRAY['turn-udp', 'turn-tcp', 'turn-tls', 'turn-unknown']::path_kind[]";

/** Per (call, participant) figures of the connections in FROM, so no aggregate needs DISTINCT. */
export const PARTICIPANT_AGGREGATES = `
      SELECT c.tenant_id, c.app_id, c.call_id,
             min(c.first_received_at) AS started_at, max(c.last_received_at) AS last_at, count(*)::int AS connections,
             count(*) FILTER (WHERE c.path_kind = ANY(${RELAYED}))::int AS relayed,
             count(c.relay_session_id)::int AS joined,
             bool_or(c.forced_relay) AS forced_relay,
             bool_or(c.path_kind = 'direct') AS k_direct, bool_or(c.path_kind = 'turn-udp') AS k_udp,
             bool_or(c.path_kind = 'turn-tcp') AS k_tcp, bool_or(c.path_kind = 'turn-tls') AS k_tls,
             bool_or(c.path_kind = 'turn-unknown') AS k_unknown,
             max(coalesce(c.rtt_ms_max, c.rtt_ms)) AS worst_rtt,
             max(c.loss_pct) AS worst_loss,
             count(*) FILTER (WHERE c.state = 'failed')::int AS failed,
             sum(c.bytes_sent + c.bytes_received) AS bytes,
             bool_or(c.turn_server_id = ANY($5::uuid[])) AS on_servers`;

/** Per call, from the per-participant rows `p`. */
export const CALL_AGGREGATES = `
      SELECT p.tenant_id, p.app_id, p.call_id,
             min(p.started_at) AS started_at, max(p.last_at) AS last_at,
             count(*)::int AS participants, sum(p.connections)::int AS connections,
             sum(p.relayed)::int AS relayed, sum(p.joined)::int AS joined, bool_or(p.forced_relay) AS forced_relay,
             array_remove(ARRAY[
               CASE WHEN bool_or(p.k_direct) THEN 'direct' END, CASE WHEN bool_or(p.k_udp) THEN 'turn-udp' END,
               CASE WHEN bool_or(p.k_tcp) THEN 'turn-tcp' END, CASE WHEN bool_or(p.k_tls) THEN 'turn-tls' END,
               CASE WHEN bool_or(p.k_unknown) THEN 'turn-unknown' END], NULL) AS path_kinds,
             max(p.worst_rtt) AS worst_rtt, max(p.worst_loss) AS worst_loss, sum(p.failed)::int AS failed,
             sum(p.bytes) AS bytes, bool_or(p.on_servers) AS on_servers
      FROM p
      GROUP BY p.tenant_id, p.app_id, p.call_id`;

export type Row = {
  app_id: string;
  app: string;
  tenant: string;
  call_id: string;
  started_at: Date;
  last_at: Date;
  participants: number;
  connections: number;
  relayed: number;
  joined: number;
  forced_relay: boolean;
  path_kinds: PathKind[];
  worst_rtt: number | null;
  worst_loss: number | null;
  failed: number;
  bytes: string;
  sort_value: string;
  total: number;
};

export function toListRow(r: Row): CallListRow {
  return {
    id: encodeCallKey({ appId: r.app_id, callId: r.call_id }),
    appId: r.app_id,
    app: r.app,
    tenant: r.tenant,
    callId: r.call_id,
    startedAt: r.started_at.toISOString(),
    lastReportAt: r.last_at.toISOString(),
    participants: r.participants,
    connections: r.connections,
    relayedConnections: r.relayed,
    joinedConnections: r.joined,
    forcedRelay: r.forced_relay,
    pathKinds: r.path_kinds,
    worstRttMs: r.worst_rtt,
    worstLossPct: r.worst_loss,
    failedConnections: r.failed,
    state: callState(r.failed, r.connections),
    bytes: Number(r.bytes),
  };
}

export function callState(failed: number, connections: number): CallListRow["state"] {
  if (failed === 0) return "ok";
  return failed >= connections ? "failed" : "some-failed";
}

/**
 * One page of the list from the `limit + 1` rows a reader fetched: the extra row only says there is
 * more; the cursor is the last shown row's sort value (`cursorValue`) and its app.call id.
 */
export function callPage(
  rows: readonly Row[],
  p: CallListParams,
  scope: QueryScope,
  cursorValue: (r: Row) => string,
  total: CallList["total"],
): CallList {
  const hasMore = rows.length > p.limit;
  const page = rows.slice(0, p.limit);
  const last = page.at(-1);
  return {
    rows: page.map(toListRow),
    hasMore,
    nextCursor: hasMore && last ? encodeCursor(sortName(p.sort), { value: cursorValue(last), id: `${last.app_id}.${last.call_id}` }) : null,
    total,
    sort: sortName(p.sort),
    limit: p.limit,
    ignoredFilters: scope.realms ? ["realm"] : [],
  };
}
