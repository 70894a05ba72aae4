// ICE candidate errors per ICE server url and error code, recomputed from the connections' bounded
// error lists for [$1, $2): they fall in the minute of the connection's first report, like the
// connection counts of the client rollups, and are recomputed with them (same 'client' marks).
// url '' = an error reported without one; a connection with no known server has the nil server id.

import { NIL } from "./client-rollup-sql";

export const ICE_ERROR_MINUTES_DELETE = "DELETE FROM ice_error_rollup_minute WHERE bucket >= $1 AND bucket < $2";
export const ICE_ERROR_MINUTES_INSERT = `
  INSERT INTO ice_error_rollup_minute (bucket, tenant_id, app_id, turn_server_id, url, code, text, errors, connections)
  SELECT relayscope_minute(c.first_received_at), c.tenant_id, c.app_id, COALESCE(c.turn_server_id, ${NIL}),
    COALESCE(e->>'url', ''), (e->>'code')::int, max(e->>'text'), sum(COALESCE((e->>'count')::int, 1)), count(DISTINCT c.id)
  FROM client_connection c CROSS JOIN LATERAL jsonb_array_elements(c.ice_errors) e
  WHERE c.first_received_at >= $1 AND c.first_received_at < $2 AND c.ice_error_count > 0
  GROUP BY 1, 2, 3, 4, 5, 6`;

/** Coarser buckets from finer ones ($1, $2: range of the finer table). */
function iceErrorUp(to: string, from: string, step: string): string {
  return `
  INSERT INTO ${to} (bucket, tenant_id, app_id, turn_server_id, url, code, text, errors, connections)
  SELECT date_bin('${step}', bucket, timestamptz '2000-01-01 00:00:00+00'), tenant_id, app_id, turn_server_id, url, code,
    max(text), sum(errors)::bigint, sum(connections)::bigint
  FROM ${from} WHERE bucket >= $1 AND bucket < $2 GROUP BY 1, 2, 3, 4, 5, 6`;
}

export const ICE_ERROR_HOURS_DELETE = "DELETE FROM ice_error_rollup_hour WHERE bucket >= $1 AND bucket < $2";
export const ICE_ERROR_HOURS_INSERT = iceErrorUp("ice_error_rollup_hour", "ice_error_rollup_minute", "1 hour");
export const ICE_ERROR_DAYS_DELETE = "DELETE FROM ice_error_rollup_day WHERE bucket >= $1 AND bucket < $2";
export const ICE_ERROR_DAYS_INSERT = iceErrorUp("ice_error_rollup_day", "ice_error_rollup_hour", "1 day");
