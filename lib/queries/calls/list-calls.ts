// The calls list: browser connections (raw client_connection rows, not rollups) grouped by (app, call
// id), for calls whose first connection arrived in the range. A call's figures cover its connections
// up to CALL_SPAN_HOURS after the range too; a call whose first connection came before the range
// belongs to an earlier range. One index range scan (first_received_at, widened by CALL_SPAN_HOURS
// on both sides) reads every connection needed, so a page costs the range, never the table: only a
// call whose connections arrive more than CALL_SPAN_HOURS apart is split (the call page, which reads
// all its connections, then shows more than its row here). Sorted by a closed list of keys, paged
// by keyset (../sessions/keyset.ts).
//
// Shared filters: app and tenant as everywhere; server/region keep calls with a connection relayed
// through those servers; realm is relay-side and does not apply to calls.
import { runQuery } from "../../db/run-query";
import type { QueryScope } from "../query-scope";
import {
  type CursorPosition,
  decodeCursor,
  isBoundedText,
  isIsoTime,
  parseBoolean,
  parseEnumList,
  parseLimit,
  parseSort,
  type Sort,
  sortName,
} from "../sessions/keyset";
import { CALL_AGGREGATES, callPage, callState, PARTICIPANT_AGGREGATES, type Row } from "./call-rows";
import { listCallsByStart } from "./list-calls-by-start";
import { CALL_SORT_KEYS, type CallSortKey, PATH_KINDS, type PathKind } from "./list-options";

export type CallListParams = {
  pathKinds: PathKind[] | null;
  /** true: calls with a relayed connection; false: calls with none. */
  relayed: boolean | null;
  sort: Sort<CallSortKey>;
  limit: number;
  cursor: CursorPosition | null;
};

export type CallListRow = {
  /** The call page's id (call-key.ts). */
  id: string;
  appId: string;
  app: string;
  tenant: string;
  callId: string;
  startedAt: string;
  lastReportAt: string;
  participants: number;
  connections: number;
  /** Connections whose path went through a TURN relay (ours or the remote side's). */
  relayedConnections: number;
  /** Relayed connections joined to a coturn session we collect. */
  joinedConnections: number;
  forcedRelay: boolean;
  pathKinds: PathKind[];
  /** Worst RTT of any connection (its max, else its latest), ms. */
  worstRttMs: number | null;
  /** Worst loss of any connection, percent. */
  worstLossPct: number | null;
  failedConnections: number;
  /** ok | some-failed | failed (every connection failed). */
  state: "ok" | "some-failed" | "failed";
  bytes: number;
};

export type CallList = {
  rows: CallListRow[];
  hasMore: boolean;
  nextCursor: string | null;
  /** First page only (no cursor): calls matching. */
  total: { count: number; capped: boolean } | null;
  sort: string;
  limit: number;
  /** Shared filters that do not apply to calls (`realm`: browsers do not know it), when given. */
  ignoredFilters: string[];
};

/** Connections of one call arriving further apart than this count as separate calls in the list. */
export const CALL_SPAN_HOURS = 12;

// The closed list of orderings; nulls sort as -1 (after every real value when descending).
const SORT_SQL: Record<CallSortKey, { expr: string; cast: string }> = {
  started: { expr: "k.started_at", cast: "timestamptz" },
  participants: { expr: "k.participants", cast: "int" },
  connections: { expr: "k.connections", cast: "int" },
  rtt: { expr: "coalesce(k.worst_rtt, -1)", cast: "float8" },
  loss: { expr: "coalesce(k.worst_loss, -1)", cast: "float8" },
  bytes: { expr: "k.bytes", cast: "numeric" },
};

// $1 tenants (null = all, read tenant by tenant so the index serves), $2 from, $3 to, $4 apps,
// $5 servers, $6 path kinds, $7 relayed, $8/$9 cursor, $10 limit.
function listSql(key: CallSortKey, dir: "asc" | "desc"): string {
  const { expr, cast } = SORT_SQL[key];
  const order = dir === "desc" ? "DESC" : "ASC";
  return `
    WITH p AS (
      -- Per participant first, so no aggregate needs DISTINCT (which sorts inside every group).
${PARTICIPANT_AGGREGATES}
      FROM client_connection c
      WHERE c.tenant_id = ANY(coalesce($1::uuid[], ARRAY(SELECT id FROM tenant)))
        AND c.first_received_at >= $2::timestamptz - make_interval(hours => ${CALL_SPAN_HOURS})
        AND c.first_received_at < $3::timestamptz + make_interval(hours => ${CALL_SPAN_HOURS})
        AND ($4::uuid[] IS NULL OR c.app_id = ANY($4::uuid[]))
      GROUP BY c.tenant_id, c.app_id, c.call_id, c.participant_id
    ), k AS (
${CALL_AGGREGATES}
      HAVING min(p.started_at) >= $2::timestamptz AND min(p.started_at) < $3::timestamptz
    ), matching AS (
      SELECT k.* FROM k
      WHERE ($5::uuid[] IS NULL OR k.on_servers)
        AND ($6::text[] IS NULL OR k.path_kinds && $6::text[])
        AND ($7::boolean IS NULL OR (k.relayed > 0) = $7::boolean)
    )
    SELECT k.app_id, a.name AS app, tn.slug AS tenant, k.call_id, k.started_at, k.last_at, k.participants, k.connections,
           k.relayed, k.joined, k.forced_relay, k.path_kinds, k.worst_rtt, k.worst_loss,
           k.failed, k.bytes::text AS bytes, (${expr})::text AS sort_value, (SELECT count(*) FROM matching)::int AS total
    FROM matching k
    JOIN app a ON a.id = k.app_id
    JOIN tenant tn ON tn.id = k.tenant_id
    WHERE $8::text IS NULL OR (${expr}, k.app_id::text || '.' || k.call_id) ${dir === "desc" ? "<" : ">"} ($8::${cast}, $9::text)
    ORDER BY ${expr} ${order}, k.app_id::text || '.' || k.call_id ${order}
    LIMIT $10`;
}

// Every order but the default one (list-calls-by-start.ts reads that without aggregating the range).
type AggregatedSortKey = Exclude<CallSortKey, "started">;
const LIST_SQL = Object.fromEntries(
  CALL_SORT_KEYS.filter((k): k is AggregatedSortKey => k !== "started").flatMap((k) => [
    [`${k}:asc`, listSql(k, "asc")],
    [`${k}:desc`, listSql(k, "desc")],
  ]),
) as Record<`${AggregatedSortKey}:${"asc" | "desc"}`, string>;

const isFloat = (v: string) => v.length <= 40 && /^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(v);
const CURSOR_VALUE: Record<CallSortKey, (v: string) => boolean> = {
  started: isIsoTime,
  participants: (v) => /^\d{1,9}$/.test(v),
  connections: (v) => /^\d{1,9}$/.test(v),
  rtt: isFloat,
  loss: isFloat,
  bytes: (v) => /^\d{1,30}$/.test(v),
};

export type ParseResult = { ok: true; params: CallListParams } | { ok: false; param: string; message: string };

export function parseCallListParams(q: URLSearchParams): ParseResult {
  const sort = parseSort(q.get("sort"), CALL_SORT_KEYS, { key: "started", dir: "desc" });
  if (!sort.ok) return sort;
  const limit = parseLimit(q.get("limit"));
  if (!limit.ok) return limit;
  const pathKinds = parseEnumList(q, "pathKind", PATH_KINDS);
  if (!pathKinds.ok) return pathKinds;
  const relayed = parseBoolean(q.get("relayed"), "relayed");
  if (!relayed.ok) return relayed;
  const cursor = decodeCursor(q.get("cursor"), sortName(sort.value), { id: isBoundedText(200), value: CURSOR_VALUE[sort.value.key] });
  if (!cursor.ok) return cursor;
  return {
    ok: true,
    params: { pathKinds: pathKinds.value, relayed: relayed.value, sort: sort.value, limit: limit.value, cursor: cursor.value },
  };
}

export async function listCalls(scope: QueryScope, p: CallListParams): Promise<CallList> {
  const key = p.sort.key;
  if (key === "started") return listCallsByStart(scope, p);
  const rows = await runQuery<Row>(LIST_SQL[`${key}:${p.sort.dir}`], [
    scope.tenantIds,
    scope.from,
    scope.to,
    scope.appIds,
    scope.serverIds,
    p.pathKinds,
    p.relayed,
    p.cursor?.value ?? null,
    p.cursor?.id ?? null,
    p.limit + 1,
  ]);
  // The aggregation covers every matching call anyway (any sort needs it), so the count is exact.
  return callPage(rows, p, scope, (r) => r.sort_value, p.cursor ? null : { count: rows[0]?.total ?? 0, capped: false });
}

export { callState };
