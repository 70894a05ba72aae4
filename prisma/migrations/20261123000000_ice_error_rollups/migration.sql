-- ICE candidate errors per ICE server url and error code, rolled up like the other client facts
-- (dashboard issue, call setup): the overview's "errors per url" table read the errors of every
-- connection of the range from raw rows, so its cost grew with the data (5× from 1 M to 10 M
-- sessions at 90 days). Rows fall in the minute of their connection's first report, like the
-- connection counts of client_rollup_*, and are recomputed with them from the same 'client' marks.
-- url '' stands for an error reported without a url (the browser omits it for host candidates).

CREATE TABLE "ice_error_rollup_minute" (
  "bucket" timestamptz(3) NOT NULL,
  "tenant_id" uuid NOT NULL,
  "app_id" uuid NOT NULL,
  "turn_server_id" uuid NOT NULL,
  "url" varchar(512) NOT NULL,
  "code" integer NOT NULL,
  "text" varchar(256),
  "errors" bigint NOT NULL DEFAULT 0,
  "connections" bigint NOT NULL DEFAULT 0,
  CONSTRAINT "ice_error_rollup_minute_pkey" PRIMARY KEY ("bucket", "tenant_id", "app_id", "turn_server_id", "url", "code")
);
CREATE TABLE "ice_error_rollup_hour" (LIKE "ice_error_rollup_minute" INCLUDING DEFAULTS,
  CONSTRAINT "ice_error_rollup_hour_pkey" PRIMARY KEY ("bucket", "tenant_id", "app_id", "turn_server_id", "url", "code"));
CREATE TABLE "ice_error_rollup_day" (LIKE "ice_error_rollup_minute" INCLUDING DEFAULTS,
  CONSTRAINT "ice_error_rollup_day_pkey" PRIMARY KEY ("bucket", "tenant_id", "app_id", "turn_server_id", "url", "code"));

-- The reader used this index to scan raw errors; the rollups replace it, and every connection
-- update that adds an error no longer rewrites a copy of the error list in it.
DROP INDEX IF EXISTS "client_connection_ice_errors_idx";

-- Existing data: the next `relayscope rollups rebuild` (or the job, as new data marks its minutes)
-- fills these tables; fill them now so an upgraded install shows its past errors at once.
INSERT INTO "ice_error_rollup_minute" (bucket, tenant_id, app_id, turn_server_id, url, code, text, errors, connections)
SELECT relayscope_minute(c.first_received_at), c.tenant_id, c.app_id,
  COALESCE(c.turn_server_id, '00000000-0000-0000-0000-000000000000'::uuid), left(COALESCE(e->>'url', ''), 512), (e->>'code')::int,
  left(max(e->>'text'), 256), sum(COALESCE((e->>'count')::int, 1)), count(DISTINCT c.id)
FROM client_connection c CROSS JOIN LATERAL jsonb_array_elements(c.ice_errors) e
WHERE c.ice_error_count > 0 AND e->>'code' IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO "ice_error_rollup_hour" SELECT date_bin('1 hour', bucket, timestamptz '2000-01-01 00:00:00+00'), tenant_id, app_id,
  turn_server_id, url, code, max(text), sum(errors), sum(connections)
FROM "ice_error_rollup_minute" GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO "ice_error_rollup_day" SELECT date_bin('1 day', bucket, timestamptz '2000-01-01 00:00:00+00'), tenant_id, app_id,
  turn_server_id, url, code, max(text), sum(errors), sum(connections)
FROM "ice_error_rollup_hour" GROUP BY 1, 2, 3, 4, 5, 6;
