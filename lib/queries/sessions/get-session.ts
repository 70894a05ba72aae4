// One relay session, from raw rows: its facts, its event timeline, its usage deltas over time, the
// peers it was allowed to reach (classified) and the browser connections joined to it. Only within
// the caller's tenants: anyone else's session is "not found" (null), exactly like an unknown id.
// The session row is read first; its life then bounds the reads of the day-partitioned tables, so
// only the partitions it touched are scanned. Past 300 lines because it is one answer (the session
// page's and /api/v1/sessions/:id's) made of five reads, with their row and answer types side by side.
import { runQuery } from "../../db/run-query";
import { encodeCallKey } from "../calls/call-key";
import { isUuid } from "./keyset";
import { sessionTimeline, type TimelineEntry, type TimelineEvent } from "./timeline";

/** At most this many timeline events and peers (a session hammering a denied peer logs thousands). */
export const MAX_EVENTS = 500;
export const MAX_PEERS = 500;
export const MAX_CONNECTIONS = 50;
/** Usage buckets: the smallest width (seconds) that draws the session in at most MAX_POINTS points. */
export const BUCKET_WIDTHS = [1, 5, 10, 30, 60, 300, 900, 3600, 6 * 3600, 86_400] as const;
export const MAX_POINTS = 240;
// Rows of a session lie within its life; the margin only guards clock quirks of approximate times.
const MARGIN_HOURS = 24;

export function bucketSeconds(startedAt: Date, lastSeenAt: Date): number {
  const span = Math.max(0, (lastSeenAt.getTime() - startedAt.getTime()) / 1000);
  return BUCKET_WIDTHS.find((w) => span / w <= MAX_POINTS) ?? BUCKET_WIDTHS[BUCKET_WIDTHS.length - 1];
}

const SESSION_SQL = `
  SELECT s.id, tn.slug AS tenant, t.name AS server, t.region, s.realm, s.username, s.stable_user, s.credential_expires_at,
         s.client_prefix::text AS client_prefix, s.client_transport::text AS transport, s.tls_cipher, s.tls_method,
         s.listener_address,
         CASE WHEN s.relay_ip IS NULL THEN NULL
              WHEN family(s.relay_ip) = 6 THEN '[' || host(s.relay_ip) || ']:' || coalesce(s.relay_port::text, '?')
              ELSE host(s.relay_ip) || ':' || coalesce(s.relay_port::text, '?') END AS relay_address,
         s.relay_port, s.tcp_relay, s.lifetime_seconds, s.started_at, s.allocated_at, s.last_seen_at, s.ended_at, s.close_reason,
         extract(epoch FROM coalesce(s.ended_at, s.last_seen_at) - s.started_at)::float8 AS duration_s,
         s.time_approximate, s.run_started_at, s.coturn_session_id::text AS coturn_session_id,
         s.client_rx_bytes::text AS client_rx_bytes, s.client_tx_bytes::text AS client_tx_bytes,
         s.peer_rx_bytes::text AS peer_rx_bytes, s.peer_tx_bytes::text AS peer_tx_bytes,
         s.client_rx_packets::text AS client_rx_packets, s.client_tx_packets::text AS client_tx_packets,
         s.peer_rx_packets::text AS peer_rx_packets, s.peer_tx_packets::text AS peer_tx_packets,
         s.auth_failures, s.error_count, s.tenant_id
  FROM relay_session s
  JOIN turn_server t ON t.id = s.server_id
  JOIN tenant tn ON tn.id = s.tenant_id
  WHERE s.id = $1::uuid AND ($2::uuid[] IS NULL OR s.tenant_id = ANY($2::uuid[]))`;

// $1 session, $2 its tenant, $3/$4 its life widened by the margin.
const EVENTS_SQL = `
  SELECT ts, kind, code, method, message, detail->>'reason' AS reason, peer_prefix::text AS peer_prefix, peer_class
  FROM relay_event
  WHERE session_id = $1::uuid AND tenant_id = $2::uuid AND ts >= $3::timestamptz AND ts <= $4::timestamptz
  ORDER BY ts, id
  LIMIT ${MAX_EVENTS + 1}`;

const USAGE_SQL = `
  SELECT date_bin(make_interval(secs => $5), ts, $3::timestamptz) AS bucket,
         sum(rx_bytes) FILTER (WHERE leg = 'client')::text AS client_rx, sum(tx_bytes) FILTER (WHERE leg = 'client')::text AS client_tx,
         sum(rx_bytes) FILTER (WHERE leg = 'peer')::text AS peer_rx, sum(tx_bytes) FILTER (WHERE leg = 'peer')::text AS peer_tx,
         count(*)::int AS deltas
  FROM relay_usage_delta
  WHERE session_id = $1::uuid AND tenant_id = $2::uuid AND ts >= $3::timestamptz AND ts <= $4::timestamptz
  GROUP BY 1
  ORDER BY 1`;

// Non-public peers first: they are why someone opens this page.
const PEERS_SQL = `
  SELECT "grant"::text AS "grant", peer_prefix::text AS peer_prefix, host(peer_address) AS peer_address, peer_port, peer_class,
         first_seen_at, last_seen_at, deleted_at, updates
  FROM relay_peer
  WHERE session_id = $1::uuid AND tenant_id = $2::uuid
  ORDER BY (peer_class = 'public'), first_seen_at, peer_prefix
  LIMIT ${MAX_PEERS + 1}`;

const CONNECTIONS_SQL = `
  SELECT c.id, c.app_id, a.name AS app, c.call_id, c.participant_id, c.connection_id, c.path_kind::text AS path_kind, c.turn_url,
         c.rtt_ms, c.rtt_ms_max, c.loss_pct, c.state, c.first_received_at, c.last_received_at
  FROM client_connection c JOIN app a ON a.id = c.app_id
  WHERE c.relay_session_id = $1::uuid AND c.tenant_id = $2::uuid
  ORDER BY c.first_received_at
  LIMIT ${MAX_CONNECTIONS}`;

type SessionRow = {
  id: string;
  tenant: string;
  server: string;
  region: string | null;
  realm: string | null;
  username: string | null;
  stable_user: string | null;
  credential_expires_at: Date | null;
  client_prefix: string | null;
  transport: string | null;
  tls_cipher: string | null;
  tls_method: string | null;
  listener_address: string | null;
  relay_address: string | null;
  relay_port: number | null;
  tcp_relay: boolean;
  lifetime_seconds: number | null;
  started_at: Date;
  allocated_at: Date | null;
  last_seen_at: Date;
  ended_at: Date | null;
  close_reason: string | null;
  duration_s: number;
  time_approximate: boolean;
  run_started_at: Date;
  coturn_session_id: string;
  client_rx_bytes: string;
  client_tx_bytes: string;
  peer_rx_bytes: string;
  peer_tx_bytes: string;
  client_rx_packets: string;
  client_tx_packets: string;
  peer_rx_packets: string;
  peer_tx_packets: string;
  auth_failures: number;
  error_count: number;
  tenant_id: string;
};

type EventRow = {
  ts: Date;
  kind: string;
  code: number | null;
  method: string | null;
  message: string | null;
  reason: string | null;
  peer_prefix: string | null;
  peer_class: string | null;
};
type UsageRow = {
  bucket: Date;
  client_rx: string | null;
  client_tx: string | null;
  peer_rx: string | null;
  peer_tx: string | null;
  deltas: number;
};
type PeerRow = {
  grant: string;
  peer_prefix: string;
  peer_address: string | null;
  peer_port: number | null;
  peer_class: string;
  first_seen_at: Date;
  last_seen_at: Date;
  deleted_at: Date | null;
  updates: number;
};
type ConnectionRow = {
  id: string;
  app_id: string;
  app: string;
  call_id: string;
  participant_id: string;
  connection_id: string;
  path_kind: string | null;
  turn_url: string | null;
  rtt_ms: number | null;
  rtt_ms_max: number | null;
  loss_pct: number | null;
  state: string | null;
  first_received_at: Date;
  last_received_at: Date;
};

export type LegBytes = { rx: number; tx: number };
export type UsagePoint = { ts: string; clientRx: number; clientTx: number; peerRx: number; peerTx: number; deltas: number };
export type SessionPeer = {
  grant: string;
  peerPrefix: string;
  /** Kept only for special-purpose ranges (not personal data): internal and metadata addresses. */
  peerAddress: string | null;
  peerPort: number | null;
  peerClass: string;
  /** Anything but a public address: loopback, private, CGNAT, metadata… (abuse rules R1/R2). */
  nonPublic: boolean;
  firstSeenAt: string;
  lastSeenAt: string;
  deletedAt: string | null;
  updates: number;
};
export type SessionConnection = {
  id: string;
  appId: string;
  app: string;
  callId: string;
  /** The call page's id (lib/queries/calls/call-key.ts). */
  callKey: string;
  participantId: string;
  connectionId: string;
  pathKind: string | null;
  turnUrl: string | null;
  rttMs: number | null;
  rttMsMax: number | null;
  lossPct: number | null;
  state: string | null;
  firstReceivedAt: string;
  lastReceivedAt: string;
};

export type SessionDetail = {
  session: {
    id: string;
    tenant: string;
    server: string;
    region: string | null;
    realm: string | null;
    user: string | null;
    credentialExpiresAt: string | null;
    clientPrefix: string | null;
    transport: string | null;
    tls: { cipher: string | null; method: string | null } | null;
    listenerAddress: string | null;
    relayAddress: string | null;
    relayPort: number | null;
    tcpRelay: boolean;
    lifetimeSeconds: number | null;
    startedAt: string;
    allocatedAt: string | null;
    lastSeenAt: string;
    endedAt: string | null;
    open: boolean;
    durationSeconds: number;
    closeReason: string | null;
    timeApproximate: boolean;
    runStartedAt: string;
    coturnSessionId: string;
    bytes: { client: LegBytes; peer: LegBytes; total: number };
    packets: { client: LegBytes; peer: LegBytes };
    authFailures: number;
    errors: number;
  };
  timeline: TimelineEntry[];
  /** More than MAX_EVENTS events: the timeline shows the first ones. */
  timelineTruncated: boolean;
  usage: {
    bucketSeconds: number;
    points: UsagePoint[];
    /** Sums of every usage delta of the session (equal to the session's totals: derived only from them). */
    totals: { client: LegBytes; peer: LegBytes; deltas: number };
  };
  peers: SessionPeer[];
  peersTruncated: boolean;
  connections: SessionConnection[];
};

const n = (v: string | null) => (v === null ? 0 : Number(v));
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export async function getSession(tenantIds: string[] | null, id: string): Promise<SessionDetail | null> {
  if (!isUuid(id)) return null;
  const [s] = await runQuery<SessionRow>(SESSION_SQL, [id, tenantIds]);
  if (!s) return null;
  const lo = new Date(s.started_at.getTime() - MARGIN_HOURS * 3_600_000);
  const hi = new Date(Math.max(s.last_seen_at.getTime(), s.ended_at?.getTime() ?? 0) + MARGIN_HOURS * 3_600_000);
  const width = bucketSeconds(s.started_at, s.last_seen_at);
  const [events, usage, peers, connections] = await Promise.all([
    runQuery<EventRow>(EVENTS_SQL, [id, s.tenant_id, lo, hi]),
    runQuery<UsageRow>(USAGE_SQL, [id, s.tenant_id, lo, hi, width]),
    runQuery<PeerRow>(PEERS_SQL, [id, s.tenant_id]),
    runQuery<ConnectionRow>(CONNECTIONS_SQL, [id, s.tenant_id]),
  ]);

  const session: SessionDetail["session"] = {
    id: s.id,
    tenant: s.tenant,
    server: s.server,
    region: s.region,
    realm: s.realm,
    user: s.stable_user,
    credentialExpiresAt: iso(s.credential_expires_at),
    clientPrefix: s.client_prefix,
    transport: s.transport,
    tls: s.tls_cipher || s.tls_method ? { cipher: s.tls_cipher, method: s.tls_method } : null,
    listenerAddress: s.listener_address,
    relayAddress: s.relay_address,
    relayPort: s.relay_port,
    tcpRelay: s.tcp_relay,
    lifetimeSeconds: s.lifetime_seconds,
    startedAt: s.started_at.toISOString(),
    allocatedAt: iso(s.allocated_at),
    lastSeenAt: s.last_seen_at.toISOString(),
    endedAt: iso(s.ended_at),
    open: s.ended_at === null,
    durationSeconds: s.duration_s,
    closeReason: s.close_reason,
    timeApproximate: s.time_approximate,
    runStartedAt: s.run_started_at.toISOString(),
    coturnSessionId: s.coturn_session_id,
    bytes: {
      client: { rx: n(s.client_rx_bytes), tx: n(s.client_tx_bytes) },
      peer: { rx: n(s.peer_rx_bytes), tx: n(s.peer_tx_bytes) },
      total: n(s.client_rx_bytes) + n(s.client_tx_bytes) + n(s.peer_rx_bytes) + n(s.peer_tx_bytes),
    },
    packets: {
      client: { rx: n(s.client_rx_packets), tx: n(s.client_tx_packets) },
      peer: { rx: n(s.peer_rx_packets), tx: n(s.peer_tx_packets) },
    },
    authFailures: s.auth_failures,
    errors: s.error_count,
  };

  const timelineEvents: TimelineEvent[] = events.slice(0, MAX_EVENTS).map((e) => ({
    ts: e.ts.toISOString(),
    kind: e.kind,
    code: e.code,
    method: e.method,
    message: e.message,
    reason: e.reason,
    peerPrefix: e.peer_prefix,
    peerClass: e.peer_class,
  }));

  const points: UsagePoint[] = usage.map((u) => ({
    ts: u.bucket.toISOString(),
    clientRx: n(u.client_rx),
    clientTx: n(u.client_tx),
    peerRx: n(u.peer_rx),
    peerTx: n(u.peer_tx),
    deltas: u.deltas,
  }));
  const sum = (f: (p: UsagePoint) => number) => points.reduce((acc, p) => acc + f(p), 0);

  return {
    session,
    timeline: sessionTimeline(session, timelineEvents),
    timelineTruncated: events.length > MAX_EVENTS,
    usage: {
      bucketSeconds: width,
      points,
      totals: {
        client: { rx: sum((p) => p.clientRx), tx: sum((p) => p.clientTx) },
        peer: { rx: sum((p) => p.peerRx), tx: sum((p) => p.peerTx) },
        deltas: sum((p) => p.deltas),
      },
    },
    peers: peers.slice(0, MAX_PEERS).map((p) => ({
      grant: p.grant,
      peerPrefix: p.peer_prefix,
      peerAddress: p.peer_address,
      peerPort: p.peer_port,
      peerClass: p.peer_class,
      nonPublic: p.peer_class !== "public",
      firstSeenAt: p.first_seen_at.toISOString(),
      lastSeenAt: p.last_seen_at.toISOString(),
      deletedAt: iso(p.deleted_at),
      updates: p.updates,
    })),
    peersTruncated: peers.length > MAX_PEERS,
    connections: connections.map((c) => ({
      id: c.id,
      appId: c.app_id,
      app: c.app,
      callId: c.call_id,
      callKey: encodeCallKey({ appId: c.app_id, callId: c.call_id }),
      participantId: c.participant_id,
      connectionId: c.connection_id,
      pathKind: c.path_kind,
      turnUrl: c.turn_url,
      rttMs: c.rtt_ms,
      rttMsMax: c.rtt_ms_max,
      lossPct: c.loss_pct,
      state: c.state,
      firstReceivedAt: c.first_received_at.toISOString(),
      lastReceivedAt: c.last_received_at.toISOString(),
    })),
  };
}
