// The client series rollups: each hour and day of client_rollup_* projected to what the overview's
// time series filter and split on. The path kind becomes its class (direct, relayed, none) and bytes
// and RTT sums are left out, so a bucket holds a few rows per app and server however busy it was.
// The series (relay share, call setup, latency) and the overview's headline totals group every row
// of the range's buckets: reading the detailed rows, their cost grew with how many
// (transport × server × app) keys the traffic filled.
// Recomputed right after the client rollups of the same ranges.
// Minutes have no table: a minute seldom holds two transports of one app and server, so the
// projection would be as big as client_rollup_minute; SERIES_MINUTES reads that through it.

import { HISTOGRAM_SUM_SQL } from "./rtt-histogram";

/**
 * The class of a path kind: the series split relayed (through a TURN relay: ours, or for
 * turn-unknown the remote side's) from direct, and leave unconnected ones (none) out.
 */
const PATH_CLASS_SQL = "CASE path_kind WHEN 'direct' THEN 'direct' WHEN 'none' THEN 'none' ELSE 'relayed' END::path_class";

const COLUMNS = `connections, connected_count, failed_count, ice_errors, connect_time_count, connect_time_sum_ms, rtt_samples, rtt_histogram`;

/** The minute "table" of the series, row for row: a subquery to read FROM, given an alias. */
export const SERIES_MINUTES = `(SELECT bucket, tenant_id, app_id, turn_server_id, ${PATH_CLASS_SQL} AS path_class, forced_relay, ${COLUMNS}
    FROM client_rollup_minute)`;

type Coarse = "hour" | "day";

export function seriesDelete(g: Coarse): string {
  return `DELETE FROM client_series_rollup_${g} WHERE bucket >= $1 AND bucket < $2`;
}

/** Recomputes [$1, $2) of the series table from the client rollup table of the same granularity. */
export function seriesInsert(g: Coarse): string {
  return `
  INSERT INTO client_series_rollup_${g} (bucket, tenant_id, app_id, turn_server_id, path_class, forced_relay, ${COLUMNS})
  SELECT bucket, tenant_id, app_id, turn_server_id, ${PATH_CLASS_SQL}, forced_relay, sum(connections), sum(connected_count),
    sum(failed_count), sum(ice_errors), sum(connect_time_count), sum(connect_time_sum_ms), sum(rtt_samples),
    CASE WHEN sum(rtt_samples) > 0 THEN ${HISTOGRAM_SUM_SQL} ELSE '{}' END
  FROM client_rollup_${g} WHERE bucket >= $1 AND bucket < $2
  GROUP BY 1, 2, 3, 4, 5, 6`;
}
