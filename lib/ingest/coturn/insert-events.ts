// Auth failures, denied peers, quota, errors and config warnings as relay_event rows; the per-session
// auth_failures / error_count grow only by the rows this statement added (a replay adds nothing).
// A row of a known session takes that session's tenant, so one session's rows never split.
import type { Queryable } from "../../db/run-query";
import { runQuery } from "../../db/run-query";
import type { EventRow } from "./rows";

const SQL = `
  WITH x AS (
    SELECT * FROM json_to_recordset($2::json) AS x(
      id uuid, ts timestamptz, tenant_id uuid, session_id uuid, coturn_session_id int8, kind text, code int, method text,
      realm text, username text, stable_user text, peer_prefix inet, peer_ip_hash text, peer_class text, client_prefix inet,
      client_ip_hash text, message text, detail jsonb)
  ), ins AS (
    INSERT INTO relay_event (id, ts, tenant_id, server_id, session_id, coturn_session_id, kind, code, method, realm, username,
                             stable_user, peer_prefix, peer_ip_hash, peer_class, client_prefix, client_ip_hash, message, detail)
    SELECT x.id, x.ts, COALESCE(s.tenant_id, x.tenant_id), $1, x.session_id, x.coturn_session_id, x.kind, x.code, x.method,
           x.realm, x.username, x.stable_user, x.peer_prefix, x.peer_ip_hash, x.peer_class, x.client_prefix, x.client_ip_hash,
           x.message, x.detail
    FROM x LEFT JOIN relay_session s ON s.id = x.session_id
    ORDER BY x.id
    ON CONFLICT DO NOTHING
    RETURNING session_id, kind
  ), per_session AS (
    SELECT session_id,
           count(*) FILTER (WHERE kind = 'auth_failure') AS auth_failures,
           count(*) FILTER (WHERE kind IN ('error', 'quota', 'no_relay_port', 'peer_denied')) AS errors
    FROM ins WHERE session_id IS NOT NULL GROUP BY session_id
  ), counted AS (
    UPDATE relay_session s
    SET auth_failures = s.auth_failures + p.auth_failures, error_count = s.error_count + p.errors, updated_at = now()
    FROM per_session p
    WHERE s.id = p.session_id AND (p.auth_failures > 0 OR p.errors > 0)
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM ins)::int AS inserted, (SELECT count(*) FROM counted)::int AS sessions`;

/** The statement's JSON parameter (null: no events), built while the batch is prepared. */
export const eventParams = (rows: readonly EventRow[]): string | null => (rows.length ? JSON.stringify(rows) : null);

/** Inserts the events and counts the new ones on their sessions; returns how many were new. */
export async function insertEvents(db: Queryable, serverId: string, rowsJson: string | null): Promise<number> {
  if (rowsJson === null) return 0;
  const [r] = await runQuery<{ inserted: number }>(SQL, [serverId, rowsJson], db);
  return r?.inserted ?? 0;
}
