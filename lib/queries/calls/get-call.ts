// One call (app + call id) from raw client_connection rows: each participant's connections with
// their path, TURN url, candidates, RTT, jitter, loss, bytes, state and ICE errors, and the coturn
// session that carried each (the join), or why none did. Only within the caller's tenants: another
// tenant's call is "not found" (null), like an unknown one. The joined session is read in the
// connection's own tenant (joins never cross tenants; this keeps it so on the page).
import { runQuery } from "../../db/run-query";
import { type CallKey, encodeCallKey } from "./call-key";
import { type JoinStatus, joinStatus } from "./join-status";
import { type CallListRow, callState } from "./list-calls";
import { PATH_KINDS, type PathKind } from "./list-options";

export const MAX_CONNECTIONS = 500;

const SQL = `
  SELECT c.id, c.tenant_id, tn.slug AS tenant, a.name AS app, c.participant_id, c.connection_id,
         c.first_received_at, c.last_received_at, c.path_kind::text AS path_kind,
         c.local_candidate_type, c.remote_candidate_type, c.turn_url, cs.name AS turn_server, c.relay_port,
         host(c.relay_ip) AS relay_ip, c.forced_relay, c.rtt_ms, c.rtt_ms_max, rep.rtt_avg, c.jitter_ms, c.loss_pct,
         c.bytes_sent::text AS bytes_sent, c.bytes_received::text AS bytes_received,
         c.packets_sent::text AS packets_sent, c.packets_received::text AS packets_received, c.packets_lost::text AS packets_lost,
         c.ice_error_count, c.ice_errors, c.path_changes, c.time_to_connect_ms, c.state, c.client_prefix::text AS client_prefix,
         c.sdk_version, c.relay_session_id, c.joined_at, c.join_attempts,
         rs.id AS rs_id, rt.name AS rs_server, rs.client_transport::text AS rs_transport, rs.relay_port AS rs_relay_port,
         rs.stable_user AS rs_user, rs.started_at AS rs_started_at, rs.ended_at AS rs_ended_at, rs.close_reason AS rs_close_reason,
         (rs.client_rx_bytes + rs.client_tx_bytes + rs.peer_rx_bytes + rs.peer_tx_bytes)::text AS rs_bytes
  FROM client_connection c
  JOIN app a ON a.id = c.app_id
  JOIN tenant tn ON tn.id = c.tenant_id
  LEFT JOIN turn_server cs ON cs.id = c.turn_server_id
  LEFT JOIN relay_session rs ON rs.id = c.relay_session_id AND rs.tenant_id = c.tenant_id
  LEFT JOIN turn_server rt ON rt.id = rs.server_id
  -- The average over the connection's samples (the row keeps the latest and the max). Its reports
  -- sit in the partition of its first-receive time, so each lookup reads one partition's index.
  LEFT JOIN LATERAL (
    SELECT avg(r.rtt_ms) AS rtt_avg FROM client_report r
    WHERE r.connection_id = c.id AND r.connection_first_received_at = c.first_received_at AND r.item_type = 'stats'
  ) rep ON true
  WHERE c.app_id = $1::uuid AND c.call_id = $2::text AND ($3::uuid[] IS NULL OR c.tenant_id = ANY($3::uuid[]))
  ORDER BY c.participant_id, c.first_received_at, c.connection_id
  LIMIT ${MAX_CONNECTIONS + 1}`;

type Row = {
  id: string;
  tenant_id: string;
  tenant: string;
  app: string;
  participant_id: string;
  connection_id: string;
  first_received_at: Date;
  last_received_at: Date;
  path_kind: PathKind | null;
  local_candidate_type: string | null;
  remote_candidate_type: string | null;
  turn_url: string | null;
  turn_server: string | null;
  relay_port: number | null;
  relay_ip: string | null;
  forced_relay: boolean;
  rtt_ms: number | null;
  rtt_ms_max: number | null;
  rtt_avg: number | null;
  jitter_ms: number | null;
  loss_pct: number | null;
  bytes_sent: string;
  bytes_received: string;
  packets_sent: string;
  packets_received: string;
  packets_lost: string;
  ice_error_count: number;
  ice_errors: unknown;
  path_changes: number;
  time_to_connect_ms: number | null;
  state: string | null;
  client_prefix: string | null;
  sdk_version: string | null;
  relay_session_id: string | null;
  joined_at: Date | null;
  join_attempts: number;
  rs_id: string | null;
  rs_server: string | null;
  rs_transport: string | null;
  rs_relay_port: number | null;
  rs_user: string | null;
  rs_started_at: Date | null;
  rs_ended_at: Date | null;
  rs_close_reason: string | null;
  rs_bytes: string | null;
};

export type IceError = { url: string | null; code: number | null; text: string | null; count: number };

export type CarryingSession = {
  id: string;
  server: string;
  transport: string | null;
  relayPort: number | null;
  user: string | null;
  startedAt: string;
  endedAt: string | null;
  closeReason: string | null;
  bytes: number;
};

export type CallConnection = {
  id: string;
  connectionId: string;
  firstReceivedAt: string;
  lastReceivedAt: string;
  pathKind: PathKind | null;
  localCandidateType: string | null;
  remoteCandidateType: string | null;
  turnUrl: string | null;
  /** The TURN server the url names, when relayscope collects from it. */
  turnServer: string | null;
  relayPort: number | null;
  forcedRelay: boolean;
  /** Latest RTT reported (ms). */
  rttMs: number | null;
  /** Mean RTT over the connection's samples. */
  rttMsAvg: number | null;
  rttMsMax: number | null;
  jitterMs: number | null;
  lossPct: number | null;
  bytesSent: number;
  bytesReceived: number;
  packetsSent: number;
  packetsReceived: number;
  packetsLost: number;
  state: string | null;
  timeToConnectMs: number | null;
  pathChanges: number;
  iceErrorCount: number;
  iceErrors: IceError[];
  clientPrefix: string | null;
  sdkVersion: string | null;
  join: JoinStatus;
  /** The coturn session that carried it (the join), or null (see join.explanation). */
  relaySession: CarryingSession | null;
};

export type CallDetail = {
  /** The same figures as a row of the calls list. */
  call: CallListRow;
  participants: Array<{ participantId: string; connections: CallConnection[] }>;
  /** More than MAX_CONNECTIONS connections: the first ones are shown. */
  truncated: boolean;
};

function iceErrors(raw: unknown): IceError[] {
  if (!Array.isArray(raw)) return [];
  return raw.slice(0, 50).map((e) => {
    const o = (e ?? {}) as Record<string, unknown>;
    return {
      url: typeof o.url === "string" ? o.url : null,
      code: typeof o.code === "number" ? o.code : null,
      text: typeof o.text === "string" ? o.text : null,
      count: typeof o.count === "number" ? o.count : 1,
    };
  });
}

function toConnection(r: Row, now: Date): CallConnection {
  return {
    id: r.id,
    connectionId: r.connection_id,
    firstReceivedAt: r.first_received_at.toISOString(),
    lastReceivedAt: r.last_received_at.toISOString(),
    pathKind: r.path_kind,
    localCandidateType: r.local_candidate_type,
    remoteCandidateType: r.remote_candidate_type,
    turnUrl: r.turn_url,
    turnServer: r.turn_server,
    relayPort: r.relay_port,
    forcedRelay: r.forced_relay,
    rttMs: r.rtt_ms,
    rttMsAvg: r.rtt_avg === null ? null : Number(r.rtt_avg),
    rttMsMax: r.rtt_ms_max,
    jitterMs: r.jitter_ms,
    lossPct: r.loss_pct,
    bytesSent: Number(r.bytes_sent),
    bytesReceived: Number(r.bytes_received),
    packetsSent: Number(r.packets_sent),
    packetsReceived: Number(r.packets_received),
    packetsLost: Number(r.packets_lost),
    state: r.state,
    timeToConnectMs: r.time_to_connect_ms,
    pathChanges: r.path_changes,
    iceErrorCount: r.ice_error_count,
    iceErrors: iceErrors(r.ice_errors),
    clientPrefix: r.client_prefix,
    sdkVersion: r.sdk_version,
    join: joinStatus(
      {
        pathKind: r.path_kind,
        turnUrl: r.turn_url,
        relayPort: r.relay_port,
        turnServer: r.turn_server,
        // A join to a session outside the connection's tenant is not shown (and never made).
        relaySessionId: r.rs_id,
        lastReceivedAt: r.last_received_at,
        joinAttempts: r.join_attempts,
      },
      now,
    ),
    relaySession:
      r.rs_id && r.rs_started_at
        ? {
            id: r.rs_id,
            server: r.rs_server ?? "",
            transport: r.rs_transport,
            relayPort: r.rs_relay_port,
            user: r.rs_user,
            startedAt: r.rs_started_at.toISOString(),
            endedAt: r.rs_ended_at?.toISOString() ?? null,
            closeReason: r.rs_close_reason,
            bytes: Number(r.rs_bytes ?? 0),
          }
        : null,
  };
}

const RELAYED = new Set(["turn-udp", "turn-tcp", "turn-tls", "turn-unknown"]);

export async function getCall(tenantIds: string[] | null, key: CallKey, now: Date = new Date()): Promise<CallDetail | null> {
  const rows = await runQuery<Row>(SQL, [key.appId, key.callId, tenantIds]);
  if (rows.length === 0) return null;
  // One (app, call) lives in one tenant (the app's); the first row names it.
  const kept = rows.slice(0, MAX_CONNECTIONS);
  const connections = kept.map((r) => toConnection(r, now));
  const participants: CallDetail["participants"] = [];
  for (const [i, c] of connections.entries()) {
    const pid = kept[i].participant_id;
    const last = participants.at(-1);
    if (last && last.participantId === pid) last.connections.push(c);
    else participants.push({ participantId: pid, connections: [c] });
  }
  // The same figures as the calls list (list-calls.ts), over the same rows.
  const max = (xs: Array<number | null>) => xs.reduce<number | null>((m, x) => (x === null ? m : m === null || x > m ? x : m), null);
  const failed = connections.filter((c) => c.state === "failed").length;
  const pathKinds = PATH_KINDS.filter((k) => connections.some((c) => c.pathKind === k));
  return {
    call: {
      id: encodeCallKey(key),
      appId: key.appId,
      app: rows[0].app,
      tenant: rows[0].tenant,
      callId: key.callId,
      startedAt: new Date(Math.min(...kept.map((r) => r.first_received_at.getTime()))).toISOString(),
      lastReportAt: new Date(Math.max(...kept.map((r) => r.last_received_at.getTime()))).toISOString(),
      participants: participants.length,
      connections: connections.length,
      relayedConnections: connections.filter((c) => c.pathKind !== null && RELAYED.has(c.pathKind)).length,
      joinedConnections: connections.filter((c) => c.relaySession !== null).length,
      forcedRelay: connections.some((c) => c.forcedRelay),
      pathKinds,
      worstRttMs: max(connections.map((c) => c.rttMsMax ?? c.rttMs)),
      worstLossPct: max(connections.map((c) => c.lossPct)),
      failedConnections: failed,
      state: callState(failed, connections.length),
      bytes: connections.reduce((acc, c) => acc + c.bytesSent + c.bytesReceived, 0),
    },
    participants,
    truncated: rows.length > MAX_CONNECTIONS,
  };
}
