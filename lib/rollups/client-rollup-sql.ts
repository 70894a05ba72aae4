// Client (getStats) rollups recomputed from raw rows for [$1, $2). Connection facts (count, had a
// selected pair, failed, ICE errors, time to connect) fall in the bucket of the connection's first
// report, keyed by its latest path; bytes and RTT samples fall in the bucket each report was received
// in, keyed by that report's own path ($3: RTT bucket bounds). A connection with no
// selected pair is path kind `none`; a direct one has the nil server id.
// Calls are counted once, in the bucket of their first connection; call_rollup is recomputed for
// every call that has a connection starting in the range.

import { HISTOGRAM_COUNT_SQL, HISTOGRAM_SUM_SQL } from "./rtt-histogram";

/** How long after its connection's first report a report is still rolled up. */
export const REPORT_SPAN_DAYS = 7;

/** The server id of a direct connection or of one whose server is unknown. */
export const NIL = "'00000000-0000-0000-0000-000000000000'::uuid";
const RELAYED = "('turn-udp', 'turn-tcp', 'turn-tls', 'turn-unknown')";

export const CLIENT_MINUTES_DELETE = "DELETE FROM client_rollup_minute WHERE bucket >= $1 AND bucket < $2";
export const CLIENT_MINUTES_INSERT = `
  WITH conn AS (
    SELECT relayscope_minute(first_received_at) AS bucket, tenant_id, app_id, COALESCE(turn_server_id, ${NIL}) AS turn_server_id,
      COALESCE(path_kind, 'none') AS path_kind, forced_relay,
      count(*) AS connections, count(*) FILTER (WHERE path_kind IS NOT NULL) AS connected_count,
      count(*) FILTER (WHERE state = 'failed') AS failed_count, COALESCE(sum(ice_error_count), 0) AS ice_errors,
      count(time_to_connect_ms) AS connect_time_count, COALESCE(sum(time_to_connect_ms), 0)::float8 AS connect_time_sum_ms
    FROM client_connection WHERE first_received_at >= $1 AND first_received_at < $2
    GROUP BY 1, 2, 3, 4, 5, 6
  ), rep AS (
    SELECT relayscope_minute(r.received_at) AS bucket, c.tenant_id, c.app_id, COALESCE(c.turn_server_id, ${NIL}) AS turn_server_id,
      COALESCE(r.path_kind, 'none') AS path_kind, c.forced_relay, r.bytes_sent_delta, r.bytes_received_delta, r.rtt_ms,
      width_bucket(r.rtt_ms, $3::float8[]) AS wb
    FROM client_report r JOIN client_connection c ON c.id = r.connection_id
    -- Reports are partitioned by their connection's first report: bounding that to the week before
    -- the range lets PostgreSQL skip every older partition (a report more than REPORT_SPAN_DAYS after
    -- its connection began is not rolled up; the SDK's connections last hours).
    WHERE r.received_at >= $1 AND r.received_at < $2 AND r.item_type = 'stats'
      AND r.connection_first_received_at >= $1::timestamptz - make_interval(days => ${REPORT_SPAN_DAYS})
      AND r.connection_first_received_at < $2
  ), rep_sum AS (
    SELECT bucket, tenant_id, app_id, turn_server_id, path_kind, forced_relay,
      sum(bytes_sent_delta) AS bytes_sent, sum(bytes_received_delta) AS bytes_received,
      count(rtt_ms) AS rtt_samples, COALESCE(sum(rtt_ms), 0) AS rtt_sum_ms,
      CASE WHEN count(rtt_ms) > 0 THEN ${HISTOGRAM_COUNT_SQL} ELSE '{}' END AS rtt_histogram
    FROM rep GROUP BY 1, 2, 3, 4, 5, 6
  )
  INSERT INTO client_rollup_minute (bucket, tenant_id, app_id, turn_server_id, path_kind, forced_relay, connections, connected_count,
    failed_count, ice_errors, bytes_sent, bytes_received, rtt_samples, rtt_sum_ms, rtt_histogram, connect_time_count, connect_time_sum_ms)
  SELECT bucket, tenant_id, app_id, turn_server_id, path_kind, forced_relay,
    COALESCE(connections, 0), COALESCE(connected_count, 0), COALESCE(failed_count, 0), COALESCE(ice_errors, 0),
    COALESCE(bytes_sent, 0), COALESCE(bytes_received, 0), COALESCE(rtt_samples, 0), COALESCE(rtt_sum_ms, 0),
    COALESCE(rtt_histogram, '{}'), COALESCE(connect_time_count, 0), COALESCE(connect_time_sum_ms, 0)
  FROM conn
  FULL JOIN rep_sum USING (bucket, tenant_id, app_id, turn_server_id, path_kind, forced_relay)`;

const CLIENT_COLUMNS = `bucket, tenant_id, app_id, turn_server_id, path_kind, forced_relay, connections, connected_count, failed_count,
    ice_errors, bytes_sent, bytes_received, rtt_samples, rtt_sum_ms, rtt_histogram, connect_time_count, connect_time_sum_ms`;
const KEYS = "tenant_id, app_id, turn_server_id, path_kind, forced_relay";

/** Coarser client buckets from finer ones ($1, $2: range of the finer table): sums, histograms bucket by bucket. */
function clientUp(to: string, from: string, step: string): string {
  return `
  INSERT INTO ${to} (${CLIENT_COLUMNS})
  SELECT date_bin('${step}', bucket, timestamptz '2000-01-01 00:00:00+00'), ${KEYS},
    sum(connections)::bigint, sum(connected_count)::bigint, sum(failed_count)::bigint,
    sum(ice_errors)::bigint, sum(bytes_sent)::bigint, sum(bytes_received)::bigint,
    sum(rtt_samples)::bigint, sum(rtt_sum_ms),
    CASE WHEN sum(rtt_samples) > 0 THEN ${HISTOGRAM_SUM_SQL} ELSE '{}' END,
    sum(connect_time_count)::bigint, sum(connect_time_sum_ms)
  FROM ${from} WHERE bucket >= $1 AND bucket < $2 GROUP BY 1, 2, 3, 4, 5, 6`;
}

export const CLIENT_HOURS_DELETE = "DELETE FROM client_rollup_hour WHERE bucket >= $1 AND bucket < $2";
export const CLIENT_HOURS_INSERT = clientUp("client_rollup_hour", "client_rollup_minute", "1 hour");
export const CLIENT_DAYS_DELETE = "DELETE FROM client_rollup_day WHERE bucket >= $1 AND bucket < $2";
export const CLIENT_DAYS_INSERT = clientUp("client_rollup_day", "client_rollup_hour", "1 day");

/**
 * Minutes outside [$1, $2) of every connection of the calls that have a connection starting in the
 * range: a call counts in the minute of its first connection, so a connection arriving late (or
 * with an earlier time than one already rolled up) can move the call between any of them.
 */
export const CALL_OTHER_MINUTES = `
  SELECT DISTINCT relayscope_minute(c.first_received_at) AS bucket
  FROM (SELECT DISTINCT app_id, call_id FROM client_connection WHERE first_received_at >= $1 AND first_received_at < $2) t
  -- LATERAL: one probe of the (app, call, …) index per call, never a scan of every connection.
  CROSS JOIN LATERAL (SELECT x.first_received_at FROM client_connection x WHERE x.app_id = t.app_id AND x.call_id = t.call_id OFFSET 0) c
  WHERE c.first_received_at < $1 OR c.first_received_at >= $2`;

export const CALL_MINUTES_DELETE = "DELETE FROM call_rollup_minute WHERE bucket >= $1 AND bucket < $2";
export const CALL_MINUTES_INSERT = `
  INSERT INTO call_rollup_minute (bucket, tenant_id, app_id, calls, connected_calls, relayed_calls, forced_relay_calls, failed_calls)
  SELECT relayscope_minute(first), tenant_id, app_id, count(*), count(*) FILTER (WHERE connected), count(*) FILTER (WHERE relayed),
    count(*) FILTER (WHERE forced), count(*) FILTER (WHERE failed)
  FROM (
    SELECT c.tenant_id, c.app_id, c.call_id, min(c.first_received_at) AS first,
      bool_or(c.path_kind IS NOT NULL) AS connected,
      bool_or(c.path_kind IN ${RELAYED} AND NOT c.forced_relay) AS relayed,
      bool_or(c.path_kind IN ${RELAYED} AND c.forced_relay) AS forced,
      bool_or(c.state = 'failed') AS failed
    FROM (SELECT DISTINCT app_id, call_id FROM client_connection WHERE first_received_at >= $1 AND first_received_at < $2) t
    -- OFFSET 0 keeps the LATERAL a per-call index probe (the planner would flatten it into a scan of every connection).
    CROSS JOIN LATERAL (SELECT * FROM client_connection x WHERE x.app_id = t.app_id AND x.call_id = t.call_id OFFSET 0) c
    GROUP BY 1, 2, 3
  ) k
  WHERE first >= $1 AND first < $2
  GROUP BY 1, 2, 3`;

function callUp(to: string, from: string, step: string): string {
  return `
  INSERT INTO ${to} (bucket, tenant_id, app_id, calls, connected_calls, relayed_calls, forced_relay_calls, failed_calls)
  SELECT date_bin('${step}', bucket, timestamptz '2000-01-01 00:00:00+00'), tenant_id, app_id, sum(calls)::bigint,
    sum(connected_calls)::bigint, sum(relayed_calls)::bigint, sum(forced_relay_calls)::bigint, sum(failed_calls)::bigint
  FROM ${from} WHERE bucket >= $1 AND bucket < $2 GROUP BY 1, 2, 3`;
}

export const CALL_HOURS_DELETE = "DELETE FROM call_rollup_hour WHERE bucket >= $1 AND bucket < $2";
export const CALL_HOURS_INSERT = callUp("call_rollup_hour", "call_rollup_minute", "1 hour");
export const CALL_DAYS_DELETE = "DELETE FROM call_rollup_day WHERE bucket >= $1 AND bucket < $2";
export const CALL_DAYS_INSERT = callUp("call_rollup_day", "call_rollup_hour", "1 day");
