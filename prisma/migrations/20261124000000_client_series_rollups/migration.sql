-- The client rollups without their transport detail, for the overview's time series (dashboard
-- issue, latency, relay share, call setup). A series groups every row of each bucket, and the
-- client rollups keep one row per path kind and forced flag: at 10 M sessions a week held 22,414
-- hour rows against 12,005 at 1 M, and the series' cost grew with them. Keyed by what the series
-- filter and split on (tenant, app, TURN server, and the path class: direct, relayed or none), a
-- bucket holds a few rows per app and server at most, however much traffic it saw. The detailed
-- tables stay for the breakdowns (by transport, by server).
-- Each row is its client_rollup_* bucket projected; the job recomputes them right after those. Hours
-- and days only: a minute seldom holds two transports of one app and server, so minutes are read
-- from client_rollup_minute through the same projection (lib/rollups/client-series-rollup-sql.ts).

CREATE TYPE "path_class" AS ENUM ('direct', 'relayed', 'none');

CREATE TABLE "client_series_rollup_hour" (
  "bucket" timestamptz(3) NOT NULL,
  "tenant_id" uuid NOT NULL,
  "app_id" uuid NOT NULL,
  "turn_server_id" uuid NOT NULL,
  "path_class" "path_class" NOT NULL,
  "forced_relay" boolean NOT NULL,
  "connections" bigint NOT NULL DEFAULT 0,
  "connected_count" bigint NOT NULL DEFAULT 0,
  "failed_count" bigint NOT NULL DEFAULT 0,
  "ice_errors" bigint NOT NULL DEFAULT 0,
  "connect_time_count" bigint NOT NULL DEFAULT 0,
  "connect_time_sum_ms" double precision NOT NULL DEFAULT 0,
  "rtt_samples" bigint NOT NULL DEFAULT 0,
  "rtt_histogram" bigint[] NOT NULL DEFAULT ARRAY[]::bigint[],
  CONSTRAINT "client_series_rollup_hour_pkey" PRIMARY KEY ("bucket", "tenant_id", "app_id", "turn_server_id", "path_class", "forced_relay")
);
CREATE TABLE "client_series_rollup_day" (LIKE "client_series_rollup_hour" INCLUDING DEFAULTS,
  CONSTRAINT "client_series_rollup_day_pkey" PRIMARY KEY ("bucket", "tenant_id", "app_id", "turn_server_id", "path_class", "forced_relay"));

-- Existing data: project the client rollups now, so an upgraded install draws its past series at once.
INSERT INTO "client_series_rollup_hour" SELECT bucket, tenant_id, app_id, turn_server_id,
  CASE path_kind WHEN 'direct' THEN 'direct' WHEN 'none' THEN 'none' ELSE 'relayed' END::path_class, forced_relay,
  sum(connections), sum(connected_count), sum(failed_count), sum(ice_errors), sum(connect_time_count), sum(connect_time_sum_ms), sum(rtt_samples),
  CASE WHEN sum(rtt_samples) > 0 THEN ARRAY[COALESCE(sum(rtt_histogram[1]), 0), COALESCE(sum(rtt_histogram[2]), 0), COALESCE(sum(rtt_histogram[3]), 0), COALESCE(sum(rtt_histogram[4]), 0), COALESCE(sum(rtt_histogram[5]), 0), COALESCE(sum(rtt_histogram[6]), 0), COALESCE(sum(rtt_histogram[7]), 0), COALESCE(sum(rtt_histogram[8]), 0), COALESCE(sum(rtt_histogram[9]), 0), COALESCE(sum(rtt_histogram[10]), 0), COALESCE(sum(rtt_histogram[11]), 0), COALESCE(sum(rtt_histogram[12]), 0), COALESCE(sum(rtt_histogram[13]), 0), COALESCE(sum(rtt_histogram[14]), 0), COALESCE(sum(rtt_histogram[15]), 0), COALESCE(sum(rtt_histogram[16]), 0), COALESCE(sum(rtt_histogram[17]), 0), COALESCE(sum(rtt_histogram[18]), 0), COALESCE(sum(rtt_histogram[19]), 0), COALESCE(sum(rtt_histogram[20]), 0), COALESCE(sum(rtt_histogram[21]), 0)]::bigint[] ELSE '{}' END
FROM "client_rollup_hour" GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO "client_series_rollup_day" SELECT bucket, tenant_id, app_id, turn_server_id,
  CASE path_kind WHEN 'direct' THEN 'direct' WHEN 'none' THEN 'none' ELSE 'relayed' END::path_class, forced_relay,
  sum(connections), sum(connected_count), sum(failed_count), sum(ice_errors), sum(connect_time_count), sum(connect_time_sum_ms), sum(rtt_samples),
  CASE WHEN sum(rtt_samples) > 0 THEN ARRAY[COALESCE(sum(rtt_histogram[1]), 0), COALESCE(sum(rtt_histogram[2]), 0), COALESCE(sum(rtt_histogram[3]), 0), COALESCE(sum(rtt_histogram[4]), 0), COALESCE(sum(rtt_histogram[5]), 0), COALESCE(sum(rtt_histogram[6]), 0), COALESCE(sum(rtt_histogram[7]), 0), COALESCE(sum(rtt_histogram[8]), 0), COALESCE(sum(rtt_histogram[9]), 0), COALESCE(sum(rtt_histogram[10]), 0), COALESCE(sum(rtt_histogram[11]), 0), COALESCE(sum(rtt_histogram[12]), 0), COALESCE(sum(rtt_histogram[13]), 0), COALESCE(sum(rtt_histogram[14]), 0), COALESCE(sum(rtt_histogram[15]), 0), COALESCE(sum(rtt_histogram[16]), 0), COALESCE(sum(rtt_histogram[17]), 0), COALESCE(sum(rtt_histogram[18]), 0), COALESCE(sum(rtt_histogram[19]), 0), COALESCE(sum(rtt_histogram[20]), 0), COALESCE(sum(rtt_histogram[21]), 0)]::bigint[] ELSE '{}' END
FROM "client_rollup_day" GROUP BY 1, 2, 3, 4, 5, 6;
