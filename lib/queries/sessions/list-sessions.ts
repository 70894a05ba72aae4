// The sessions explorer: raw relay_session rows (not rollups) active in the range, filtered, sorted
// by a closed list of keys and paged by keyset (keyset.ts). Its parameters: list-sessions-params.ts.
//
// "Active in the range" = started before `to`, and last seen at or after `from` or still open then: an
// open allocation lives until its last refresh plus its lifetime (coturn logs every refresh, so a
// live session is seen at least that often; one silent for longer lost its close line). Sessions are found
// through their start time (the (tenant_id, started_at) index), so only sessions that started at most
// LOOKBACK_HOURS before `from` are considered: that bound keeps every page a bounded index range at
// 10M sessions. A longer session shows in ranges that reach back to its start. Admins (every tenant)
// read through the same index, tenant by tenant. The total is counted only on the first page and up
// to TOTAL_CAP ("10,000+"), never over the whole range on every page.
import { runQuery } from "../../db/run-query";
import type { QueryScope } from "../query-scope";
import { encodeCursor, sortName } from "./keyset";
import { type ClientTransport, SESSION_SORT_KEYS, type SessionSortKey } from "./list-options";
import type { SessionListParams } from "./list-sessions-params";

export { parseSessionListParams, type SessionListParams } from "./list-sessions-params";

export const LOOKBACK_HOURS = 24;
/** coturn's default allocation lifetime, for sessions whose lifetime was not logged. */
const DEFAULT_LIFETIME_SECONDS = 600;
export const TOTAL_CAP = 10_000;

export type SessionListRow = {
  id: string;
  tenant: string;
  server: string;
  realm: string | null;
  user: string | null;
  transport: ClientTransport | null;
  tls: boolean;
  clientPrefix: string | null;
  relayAddress: string | null;
  startedAt: string;
  endedAt: string | null;
  lastSeenAt: string;
  durationSeconds: number;
  closeReason: string | null;
  bytes: { clientRx: number; clientTx: number; peerRx: number; peerTx: number; total: number };
  authFailures: number;
  errors: number;
  /** Browser connections joined to this session (client_connection.relay_session_id). */
  connections: number;
};

export type SessionList = {
  rows: SessionListRow[];
  hasMore: boolean;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** First page only (no cursor): sessions matching, counted up to TOTAL_CAP. */
  total: { count: number; capped: boolean } | null;
  sort: string;
  limit: number;
  lookbackHours: number;
  /** Shared filters that do not apply to relay sessions (`app`: browsers' apps), when given. */
  ignoredFilters: string[];
};

const TOTAL_BYTES = "(s.client_rx_bytes + s.client_tx_bytes + s.peer_rx_bytes + s.peer_tx_bytes)";
const DURATION = "extract(epoch FROM coalesce(s.ended_at, s.last_seen_at) - s.started_at)";

// The closed list of orderings: SQL fragments, never input. `cast` reads a cursor value back.
const SORT_SQL: Record<SessionSortKey, { expr: string; cast: string }> = {
  started: { expr: "s.started_at", cast: "timestamptz" },
  ended: { expr: "coalesce(s.ended_at, 'infinity'::timestamptz)", cast: "timestamptz" },
  bytes: { expr: TOTAL_BYTES, cast: "numeric" },
  duration: { expr: DURATION, cast: "numeric" },
  user: { expr: "coalesce(s.stable_user, '')", cast: "text" },
};

// $1 tenants (null = all: read tenant by tenant so the index still serves), $2 from, $3 to,
// $4 servers, $5 realms, $6 exact user, $7 user LIKE pattern, $8 transports, $9 close reasons,
// $10/$11 bytes, $12/$13 duration (s), $14 open.
const WHERE = `
  s.tenant_id = ANY(coalesce($1::uuid[], ARRAY(SELECT id FROM tenant)))
  AND s.started_at < $3::timestamptz
  AND s.started_at >= $2::timestamptz - make_interval(hours => ${LOOKBACK_HOURS})
  AND (s.last_seen_at >= $2::timestamptz
       OR (s.ended_at IS NULL AND s.last_seen_at + make_interval(secs => coalesce(s.lifetime_seconds, ${DEFAULT_LIFETIME_SECONDS})) >= $2::timestamptz))
  AND ($4::uuid[] IS NULL OR s.server_id = ANY($4::uuid[]))
  AND ($5::text[] IS NULL OR s.realm = ANY($5::text[]))
  AND ($6::text IS NULL OR s.stable_user = $6::text)
  AND ($7::text IS NULL OR s.stable_user LIKE $7::text)
  AND ($8::text[] IS NULL OR s.client_transport::text = ANY($8::text[]))
  AND ($9::text[] IS NULL OR s.close_reason = ANY($9::text[]))
  AND ($10::numeric IS NULL OR ${TOTAL_BYTES} >= $10::numeric)
  AND ($11::numeric IS NULL OR ${TOTAL_BYTES} <= $11::numeric)
  AND ($12::numeric IS NULL OR ${DURATION} >= $12::numeric)
  AND ($13::numeric IS NULL OR ${DURATION} <= $13::numeric)
  AND ($14::boolean IS NULL OR (s.ended_at IS NULL) = $14::boolean)`;

function listSql(key: SessionSortKey, dir: "asc" | "desc"): string {
  const { expr, cast } = SORT_SQL[key];
  const order = dir === "desc" ? "DESC" : "ASC";
  return `
    SELECT s.id, tn.slug AS tenant, t.name AS server, s.realm, s.stable_user, s.client_transport::text AS transport,
           s.tls_cipher IS NOT NULL OR s.client_transport IN ('tls', 'dtls') AS tls,
           s.client_prefix::text AS client_prefix,
           CASE WHEN s.relay_ip IS NULL THEN NULL
                WHEN family(s.relay_ip) = 6 THEN '[' || host(s.relay_ip) || ']:' || coalesce(s.relay_port::text, '?')
                ELSE host(s.relay_ip) || ':' || coalesce(s.relay_port::text, '?') END AS relay_address,
           s.started_at, s.ended_at, s.last_seen_at, (${DURATION})::text AS duration_s, s.close_reason,
           s.client_rx_bytes::text AS client_rx, s.client_tx_bytes::text AS client_tx,
           s.peer_rx_bytes::text AS peer_rx, s.peer_tx_bytes::text AS peer_tx, (${TOTAL_BYTES})::text AS total_bytes,
           s.auth_failures, s.error_count,
           (SELECT count(*) FROM client_connection c WHERE c.relay_session_id = s.id)::int AS connections
    FROM relay_session s
    JOIN turn_server t ON t.id = s.server_id
    JOIN tenant tn ON tn.id = s.tenant_id
    WHERE ${WHERE}
      AND ($15::text IS NULL OR (${expr}, s.id) ${dir === "desc" ? "<" : ">"} ($15::${cast}, $16::uuid))
    ORDER BY ${expr} ${order}, s.id ${order}
    LIMIT $17`;
}

const LIST_SQL = Object.fromEntries(
  SESSION_SORT_KEYS.flatMap((k) => [
    [`${k}:asc`, listSql(k, "asc")],
    [`${k}:desc`, listSql(k, "desc")],
  ]),
) as Record<`${SessionSortKey}:${"asc" | "desc"}`, string>;

// Counted newest first, stopping at the cap: sessions that started inside the range all match, so
// the cap is reached within them (through the started_at index, every tenant at once); an unordered
// scan would first wade through the LOOKBACK_HOURS before `from`, whose sessions mostly ended
// before it, and their number grows with the data.
const COUNT_SQL = `
  SELECT count(*)::int AS n FROM (SELECT 1 FROM relay_session s WHERE ${WHERE} ORDER BY s.started_at DESC LIMIT $15) x`;

type Row = {
  id: string;
  tenant: string;
  server: string;
  realm: string | null;
  stable_user: string | null;
  transport: ClientTransport | null;
  tls: boolean;
  client_prefix: string | null;
  relay_address: string | null;
  started_at: Date;
  ended_at: Date | null;
  last_seen_at: Date;
  duration_s: string;
  close_reason: string | null;
  client_rx: string;
  client_tx: string;
  peer_rx: string;
  peer_tx: string;
  total_bytes: string;
  auth_failures: number;
  error_count: number;
  connections: number;
};

/** The row's value of the sort key, as the cursor carries it (cast back by SORT_SQL[key].cast). */
function sortValue(key: SessionSortKey, r: Row): string {
  switch (key) {
    case "started":
      return r.started_at.toISOString();
    case "ended":
      return r.ended_at ? r.ended_at.toISOString() : "infinity";
    case "bytes":
      return r.total_bytes;
    case "duration":
      return r.duration_s;
    case "user":
      return r.stable_user ?? "";
  }
}

const likePrefix = (p: string) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listSessions(scope: QueryScope, p: SessionListParams): Promise<SessionList> {
  const filterParams = [
    scope.tenantIds,
    scope.from,
    scope.to,
    scope.serverIds,
    scope.realms,
    p.user && "exact" in p.user ? p.user.exact : null,
    p.user && "prefix" in p.user ? likePrefix(p.user.prefix) : null,
    p.transports,
    p.closeReasons,
    p.minBytes,
    p.maxBytes,
    p.minDuration,
    p.maxDuration,
    p.open,
  ];
  const [rows, count] = await Promise.all([
    runQuery<Row>(LIST_SQL[`${p.sort.key}:${p.sort.dir}`], [...filterParams, p.cursor?.value ?? null, p.cursor?.id ?? null, p.limit + 1]),
    p.cursor ? Promise.resolve(null) : runQuery<{ n: number }>(COUNT_SQL, [...filterParams, TOTAL_CAP + 1]),
  ]);
  const hasMore = rows.length > p.limit;
  const page = rows.slice(0, p.limit);
  const last = page.at(-1);
  const n = count?.[0]?.n;
  return {
    rows: page.map(toListRow),
    hasMore,
    nextCursor: hasMore && last ? encodeCursor(sortName(p.sort), { value: sortValue(p.sort.key, last), id: last.id }) : null,
    total: n === undefined ? null : { count: Math.min(n, TOTAL_CAP), capped: n > TOTAL_CAP },
    sort: sortName(p.sort),
    limit: p.limit,
    lookbackHours: LOOKBACK_HOURS,
    ignoredFilters: scope.appIds ? ["app"] : [],
  };
}

function toListRow(r: Row): SessionListRow {
  return {
    id: r.id,
    tenant: r.tenant,
    server: r.server,
    realm: r.realm,
    user: r.stable_user,
    transport: r.transport,
    tls: r.tls,
    clientPrefix: r.client_prefix,
    relayAddress: r.relay_address,
    startedAt: r.started_at.toISOString(),
    endedAt: r.ended_at?.toISOString() ?? null,
    lastSeenAt: r.last_seen_at.toISOString(),
    durationSeconds: Number(r.duration_s),
    closeReason: r.close_reason,
    bytes: {
      clientRx: Number(r.client_rx),
      clientTx: Number(r.client_tx),
      peerRx: Number(r.peer_rx),
      peerTx: Number(r.peer_tx),
      total: Number(r.total_bytes),
    },
    authFailures: r.auth_failures,
    errors: r.error_count,
    connections: r.connections,
  };
}
