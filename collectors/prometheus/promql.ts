// PromQL-API mode: read a TURN server's series from a Prometheus-compatible query API (Prometheus,
// Thanos, Mimir, VictoriaMetrics) instead of scraping it: GET <api>/api/v1/query?query=… returns an
// instant vector, each element a series. Values are taken as they come (a query that wants a rate
// asks for `rate(…)` itself), so they are stored as gauges. Failures are named like a scrape's.
import type { ScrapeFailureReason } from "../schema/metrics";
import { fetchFailure, readBoundedText } from "./fetch";
import { labelsKeyOf, MAX_SCRAPE_BYTES, MAX_SERIES_PER_SCRAPE, type SeriesSample, seriesFits } from "./parse";

export type PromqlResult =
  | { ok: true; samples: SeriesSample[]; warnings: string[]; durationMs: number }
  | { ok: false; reason: ScrapeFailureReason; error: string; durationMs: number };

type ApiAnswer = {
  status?: string;
  error?: string;
  warnings?: string[];
  data?: { resultType?: string; result?: unknown };
};

/** `<api>/api/v1/query`, keeping a base path (Mimir's /prometheus, a proxy's prefix). */
export function queryEndpoint(api: string, query: string): string {
  const u = new URL(api);
  if (!u.pathname.endsWith("/")) u.pathname += "/";
  const q = new URL("api/v1/query", u);
  q.searchParams.set("query", query);
  return q.toString();
}

/** A result without `__name__` (an aggregation) is stored under this name. */
export const UNNAMED_RESULT = "promql_result";
/** The label naming the query a series came from. */
export const QUERY_LABEL = "promql_query";

export async function queryPromql(
  api: string,
  query: string,
  opts: { timeoutMs: number; fetch?: typeof fetch; now?: () => number },
): Promise<PromqlResult> {
  const now = opts.now ?? Date.now;
  const t0 = now();
  const fail = (reason: ScrapeFailureReason, error: string): PromqlResult => ({ ok: false, reason, error, durationMs: now() - t0 });
  let text: string;
  let status: number;
  try {
    const res = await (opts.fetch ?? fetch)(queryEndpoint(api, query), {
      signal: AbortSignal.timeout(opts.timeoutMs),
      headers: { accept: "application/json" },
    });
    status = res.status;
    const body = await readBoundedText(res, MAX_SCRAPE_BYTES);
    if (body === null) return fail("too_large", `the answer is larger than ${MAX_SCRAPE_BYTES} bytes`);
    text = body;
  } catch (err) {
    const { reason, error } = fetchFailure(err, opts.timeoutMs);
    return fail(reason, error);
  }
  let answer: ApiAnswer;
  try {
    answer = JSON.parse(text) as ApiAnswer;
  } catch {
    if (/^\s*</.test(text)) return fail("html", `HTTP ${status}: an HTML page, not a Prometheus query API: check --prometheus-api`);
    return fail("not_metrics", `HTTP ${status}: not a Prometheus query API answer`);
  }
  if (status !== 200 || answer.status !== "success") {
    return fail("http_status", `HTTP ${status}: ${answer.error ?? "the query failed"}`.slice(0, 1000));
  }
  const type = answer.data?.resultType;
  const result = answer.data?.result;
  const rows: Array<{ metric: Record<string, string>; value: [number, string] }> =
    type === "vector" && Array.isArray(result)
      ? (result as Array<{ metric: Record<string, string>; value: [number, string] }>)
      : type === "scalar" && Array.isArray(result)
        ? [{ metric: {}, value: result as [number, string] }]
        : [];
  if (type !== "vector" && type !== "scalar")
    return fail("not_metrics", `the query returns a ${type ?? "nothing"}; write it as an instant vector`);
  if (rows.length > MAX_SERIES_PER_SCRAPE)
    return fail("too_many_series", `the query returns ${rows.length} series; at most ${MAX_SERIES_PER_SCRAPE}`);
  const samples: SeriesSample[] = [];
  let skipped = 0;
  // The query is a label of every series: several queries against one Prometheus for one server
  // (whose results may share names, or have none) stay apart.
  const queryLabel = query.length <= 200 ? query : `${query.slice(0, 190)}…${query.length}`;
  for (const row of rows) {
    const { __name__: name, ...own } = row.metric ?? {};
    const labels = { ...own, [QUERY_LABEL]: queryLabel };
    const value = Number(row.value?.[1]);
    const metric = name ?? UNNAMED_RESULT;
    const labelsKey = labelsKeyOf(labels);
    if (!Number.isFinite(value) || !seriesFits(metric, labels, labelsKey)) {
      skipped++;
      continue;
    }
    samples.push({ metric, kind: "gauge", labels, labelsKey, value });
  }
  const warnings = (answer.warnings ?? []).slice(0, 5).map((w) => `query API: ${w}`);
  if (skipped) warnings.push(`${skipped} series with NaN/±Inf values, odd names or over-long labels skipped`);
  return { ok: true, samples, warnings, durationMs: now() - t0 };
}
