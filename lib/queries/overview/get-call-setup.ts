// Call setup (overview e): how often ICE fails, how long connecting takes (mean: the rollups keep
// sum and count), and which ICE server urls produce candidate errors. The failure series and totals
// come from the client series rollups; the per-url errors from their own rollup (ice_error_rollup_*),
// so neither grows with the number of connections in the range.
import { runQuery } from "../../db/run-query";
import type { QueryScope } from "../query-scope";
import { num, pct, perGranularity, type RangeInfo, rollupRead, totalsPerGranularity } from "./rollup-range";
import { AXIS, CLIENT_SERIES_WHERE } from "./rollup-where";

function seriesSql(table: string, step: string): string {
  return `
    WITH r AS (
      SELECT bucket, sum(connections) AS connections, sum(connected_count) AS connected, sum(failed_count) AS failed,
        sum(ice_errors) AS ice_errors, sum(connect_time_count) AS ct_n, sum(connect_time_sum_ms) AS ct_sum
      FROM ${table} WHERE ${CLIENT_SERIES_WHERE} GROUP BY bucket)
    SELECT t AS bucket, COALESCE(connections, 0)::text AS connections, COALESCE(connected, 0)::text AS connected,
      COALESCE(failed, 0)::text AS failed, COALESCE(ice_errors, 0)::text AS ice_errors, COALESCE(ct_n, 0)::text AS ct_n, COALESCE(ct_sum, 0) AS ct_sum
    FROM ${AXIS(step)} AS t LEFT JOIN r ON r.bucket = t ORDER BY t`;
}

const SERIES = perGranularity("client_series", seriesSql);

/** ICE errors per url and code over the range, from their rollup (same filters as the client rollups; a
 * direct connection or one of an unknown server has the nil server id and stays under a server filter). */
function byUrlSql(table: string): string {
  return `
    SELECT url, code, max(text) AS text, sum(errors)::text AS n, sum(connections)::text AS connections
    FROM ${table}
    WHERE bucket >= $1 AND bucket < $2
      AND ($3::uuid[] IS NULL OR tenant_id = ANY($3::uuid[]))
      AND ($5::uuid[] IS NULL OR app_id = ANY($5::uuid[]))
      AND ($4::uuid[] IS NULL OR turn_server_id = '00000000-0000-0000-0000-000000000000'::uuid OR turn_server_id = ANY($4::uuid[]))
    GROUP BY url, code ORDER BY sum(errors) DESC, url, code LIMIT ${MAX_URL_ROWS}`;
}

const MAX_URL_ROWS = 50;
const BY_URL = totalsPerGranularity("ice_error", byUrlSql);

export type CallSetup = {
  range: RangeInfo;
  connections: number;
  connected: number;
  failed: number;
  /** failed / connections, percent. */
  failureRatePct: number | null;
  iceErrors: number;
  connectTimeMeanMs: number | null;
  series: Array<{ t: string; connections: number; failed: number; failureRatePct: number | null; connectTimeMeanMs: number | null }>;
  /** ICE candidate errors per ICE server url and error code, most frequent first (at most 50 rows). */
  errorsByUrl: Array<{ url: string; code: number; text: string | null; count: number; connections: number }>;
};

type Row = { bucket: Date; connections: string; connected: string; failed: string; ice_errors: string; ct_n: string; ct_sum: number };

export async function getCallSetup(scope: QueryScope): Promise<CallSetup> {
  const read = rollupRead(scope);
  const [rows, urls] = await Promise.all([
    runQuery<Row>(SERIES[read.granularity], read.client),
    runQuery<{ url: string; code: number; text: string | null; n: string; connections: string }>(BY_URL[read.granularity], read.client),
  ]);
  const total = (k: keyof Row) => rows.reduce((a, r) => a + num(r[k] as string), 0);
  const ctN = total("ct_n");
  const mean = (sum: number, n: number) => (n > 0 ? Math.round(sum / n) : null);
  return {
    range: read.info,
    connections: total("connections"),
    connected: total("connected"),
    failed: total("failed"),
    failureRatePct: pct(total("failed"), total("connections")),
    iceErrors: total("ice_errors"),
    connectTimeMeanMs: mean(total("ct_sum"), ctN),
    series: rows.map((r) => ({
      t: r.bucket.toISOString(),
      connections: num(r.connections),
      failed: num(r.failed),
      failureRatePct: pct(num(r.failed), num(r.connections)),
      connectTimeMeanMs: mean(num(r.ct_sum), num(r.ct_n)),
    })),
    errorsByUrl: urls.map((u) => ({
      url: u.url === "" ? "(no url)" : u.url,
      code: u.code,
      text: u.text,
      count: num(u.n),
      connections: num(u.connections),
    })),
  };
}
