// Call setup (overview e): how often ICE fails, how long connecting takes (mean: the rollups keep
// sum and count), and which ICE server urls produce candidate errors. The failure series and totals
// come from the client rollups; the per-url errors from the connections themselves (their bounded
// ice_errors list), only those with errors, capped — a drill-down, not a chart over every row.
import { runQuery } from "../../db/run-query";
import type { QueryScope } from "../query-scope";
import { num, pct, perGranularity, type RangeInfo, rollupRead } from "./rollup-range";
import { AXIS, CLIENT_WHERE } from "./rollup-where";

function seriesSql(table: string, step: string): string {
  return `
    WITH r AS (
      SELECT bucket, sum(connections) AS connections, sum(connected_count) AS connected, sum(failed_count) AS failed,
        sum(ice_errors) AS ice_errors, sum(connect_time_count) AS ct_n, sum(connect_time_sum_ms) AS ct_sum
      FROM ${table} WHERE ${CLIENT_WHERE} GROUP BY bucket)
    SELECT t AS bucket, COALESCE(connections, 0)::text AS connections, COALESCE(connected, 0)::text AS connected,
      COALESCE(failed, 0)::text AS failed, COALESCE(ice_errors, 0)::text AS ice_errors, COALESCE(ct_n, 0)::text AS ct_n, COALESCE(ct_sum, 0) AS ct_sum
    FROM ${AXIS(step)} AS t LEFT JOIN r ON r.bucket = t ORDER BY t`;
}

const SERIES = perGranularity("client", seriesSql);

/** Connections with ICE errors that started in the range, their errors grouped per url and code. */
const BY_URL = `
  SELECT e->>'url' AS url, (e->>'code')::int AS code, max(e->>'text') AS text, sum(COALESCE((e->>'count')::int, 1))::text AS n,
    count(DISTINCT c.id)::text AS connections
  FROM (
    SELECT id, ice_errors FROM client_connection
    WHERE first_received_at >= $1 AND first_received_at < $2 AND ice_error_count > 0
      AND ($3::uuid[] IS NULL OR tenant_id = ANY($3::uuid[])) AND ($5::uuid[] IS NULL OR app_id = ANY($5::uuid[]))
      AND ($4::uuid[] IS NULL OR turn_server_id IS NULL OR turn_server_id = ANY($4::uuid[]))
    ORDER BY first_received_at DESC LIMIT 50000
  ) c, jsonb_array_elements(c.ice_errors) AS e
  GROUP BY 1, 2 ORDER BY sum(COALESCE((e->>'count')::int, 1)) DESC LIMIT 50`;

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
  /** ICE candidate errors per ICE server url and error code (at most 50 rows, from at most 50,000 connections). */
  errorsByUrl: Array<{ url: string; code: number; text: string | null; count: number; connections: number }>;
};

type Row = { bucket: Date; connections: string; connected: string; failed: string; ice_errors: string; ct_n: string; ct_sum: number };

export async function getCallSetup(scope: QueryScope): Promise<CallSetup> {
  const read = rollupRead(scope);
  const [rows, urls] = await Promise.all([
    runQuery<Row>(SERIES[read.granularity], read.client),
    runQuery<{ url: string | null; code: number; text: string | null; n: string; connections: string }>(BY_URL, read.client),
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
      url: u.url ?? "(no url)",
      code: u.code,
      text: u.text,
      count: num(u.n),
      connections: num(u.connections),
    })),
  };
}
