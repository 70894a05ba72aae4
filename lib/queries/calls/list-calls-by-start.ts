// The calls list in its default order (by start), without aggregating the whole range: a call's
// first connection is its start, so every call that started in a time window has a connection in
// that window. The page reads the window next to the cursor (or the range's end), aggregates only
// the calls seen there (all their connections, by the (app, call) index), keeps those that started
// in the window, and widens the window (doubling its connections) until a page is full or the range
// is exhausted.
// A page costs the calls on it, not the range: 24 hours and 90 days cost the same.
// The total comes from the call rollups (the overview's own count, over the range widened to whole
// buckets) when no filter they cannot answer (path kind, relayed, server) is set; else it is null.
import { runQuery } from "../../db/run-query";
import type { Granularity } from "../dashboard-filters";
import { rollupRead } from "../overview/rollup-range";
import { CALL_WHERE } from "../overview/rollup-where";
import type { QueryScope } from "../query-scope";
import { CALL_AGGREGATES, callPage, PARTICIPANT_AGGREGATES, type Row } from "./call-rows";
import type { CallList, CallListParams } from "./list-calls";

/**
 * The window is sized by connections, not time: it reaches back to the Nth connection before the
 * edge (N first = CONNECTIONS_PER_ROW × the page, then doubled), so a page reads about the same
 * number of rows on a quiet install and on a busy one (a fixed hour held 10× more calls at 10 M
 * sessions than at 1 M). Calls have a few participants each, so 4 connections per row fill a page.
 */
const CONNECTIONS_PER_ROW = 4;

// The Nth connection (in the page's direction) from the edge: $1 tenants, $2 edge, $3 the range's
// other end, $4 apps, $5 N. Fewer than N: the window reaches the range's end.
function windowBoundSql(dir: "asc" | "desc"): string {
  const [edgeSide, otherSide] = dir === "desc" ? ["<", ">="] : [">=", "<"];
  return `
    SELECT ${dir === "desc" ? "min" : "max"}(t) AS bound, count(*)::int AS n FROM (
      SELECT c.first_received_at AS t FROM client_connection c
      WHERE c.tenant_id = ANY(coalesce($1::uuid[], ARRAY(SELECT id FROM tenant)))
        AND c.first_received_at ${edgeSide} $2::timestamptz AND c.first_received_at ${otherSide} $3::timestamptz
        AND ($4::uuid[] IS NULL OR c.app_id = ANY($4::uuid[]))
      ORDER BY c.first_received_at ${dir === "desc" ? "DESC" : "ASC"} LIMIT $5) x`;
}

const WINDOW_BOUND_SQL = { asc: windowBoundSql("asc"), desc: windowBoundSql("desc") };

// $1 tenants, $2 window from, $3 window to, $4 apps, $5 servers, $6 path kinds, $7 relayed,
// $8/$9 cursor (started, id), $10 limit, $11/$12 the range.
function windowSql(dir: "asc" | "desc"): string {
  const order = dir === "desc" ? "DESC" : "ASC";
  return `
    WITH seen AS (
      SELECT DISTINCT c.app_id, c.call_id FROM client_connection c
      WHERE c.tenant_id = ANY(coalesce($1::uuid[], ARRAY(SELECT id FROM tenant)))
        AND c.first_received_at >= $2::timestamptz AND c.first_received_at < $3::timestamptz
        AND ($4::uuid[] IS NULL OR c.app_id = ANY($4::uuid[]))
    ), p AS (
${PARTICIPANT_AGGREGATES}
      FROM seen JOIN client_connection c ON c.app_id = seen.app_id AND c.call_id = seen.call_id
      GROUP BY c.tenant_id, c.app_id, c.call_id, c.participant_id
    ), k AS (
${CALL_AGGREGATES}
      HAVING min(p.started_at) >= greatest($2::timestamptz, $11::timestamptz) AND min(p.started_at) < least($3::timestamptz, $12::timestamptz)
    )
    SELECT k.app_id, a.name AS app, tn.slug AS tenant, k.call_id, k.started_at, k.last_at, k.participants, k.connections,
           k.relayed, k.joined, k.forced_relay, k.path_kinds, k.worst_rtt, k.worst_loss,
           k.failed, k.bytes::text AS bytes, k.started_at::text AS sort_value, 0 AS total
    FROM k
    JOIN app a ON a.id = k.app_id
    JOIN tenant tn ON tn.id = k.tenant_id
    WHERE ($5::uuid[] IS NULL OR k.on_servers)
      AND ($6::text[] IS NULL OR k.path_kinds && $6::text[])
      AND ($7::boolean IS NULL OR (k.relayed > 0) = $7::boolean)
      AND ($8::timestamptz IS NULL OR (k.started_at, k.app_id::text || '.' || k.call_id) ${dir === "desc" ? "<" : ">"} ($8::timestamptz, $9::text))
    ORDER BY k.started_at ${order}, k.app_id::text || '.' || k.call_id ${order}
    LIMIT $10`;
}

const WINDOW_SQL = { asc: windowSql("asc"), desc: windowSql("desc") };

const totalSql = (table: string) => `SELECT COALESCE(sum(calls), 0)::int AS n FROM ${table} WHERE ${CALL_WHERE}`;
const TOTAL_SQL: Record<Granularity, string> = {
  minute: totalSql("call_rollup_minute"),
  hour: totalSql("call_rollup_hour"),
  day: totalSql("call_rollup_day"),
};

async function pageRows(scope: QueryScope, p: CallListParams): Promise<Row[]> {
  const from = scope.from.getTime();
  const to = scope.to.getTime();
  // The cursor's own millisecond stays inside the window: the keyset condition drops what was shown.
  const edge = p.cursor ? new Date(p.cursor.value).getTime() + (p.sort.dir === "desc" ? 1 : 0) : p.sort.dir === "desc" ? to : from;
  for (let n = CONNECTIONS_PER_ROW * (p.limit + 1); ; n *= 2) {
    // An aggregate answers one row; its bound is null only when it counted no connection.
    const [b] = await runQuery<{ bound: Date | null; n: number }>(WINDOW_BOUND_SQL[p.sort.dir], [
      scope.tenantIds,
      new Date(edge),
      new Date(p.sort.dir === "desc" ? from : to),
      scope.appIds,
      n,
    ]);
    const bound = b.n < n || b.bound === null ? null : b.bound.getTime();
    const exhausted = bound === null;
    const [wFrom, wTo] = p.sort.dir === "desc" ? [bound ?? from, edge] : [edge, bound === null ? to : bound + 1];
    const rows = await runQuery<Row>(WINDOW_SQL[p.sort.dir], [
      scope.tenantIds,
      new Date(wFrom),
      new Date(wTo),
      scope.appIds,
      scope.serverIds,
      p.pathKinds,
      p.relayed,
      p.cursor?.value ?? null,
      p.cursor?.id ?? null,
      p.limit + 1,
      scope.from,
      scope.to,
    ]);
    if (rows.length > p.limit || exhausted) return rows;
  }
}

export async function listCallsByStart(scope: QueryScope, p: CallListParams): Promise<CallList> {
  const countable = !p.cursor && p.pathKinds === null && p.relayed === null && scope.serverIds === null;
  const read = rollupRead(scope);
  const [rows, total] = await Promise.all([
    pageRows(scope, p),
    countable ? runQuery<{ n: number }>(TOTAL_SQL[read.granularity], read.calls) : Promise.resolve(null),
  ]);
  return callPage(
    rows,
    p,
    scope,
    (r) => r.started_at.toISOString(),
    total ? { count: Math.max(total[0]?.n ?? 0, Math.min(rows.length, p.limit)), capped: false } : null,
  );
}
