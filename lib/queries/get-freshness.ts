// How fresh each data source is, and what to do about a missing one (overview item g): coturn logs per
// server (last agent delivery, last usage line), metrics per target (last success, why it fails),
// getStats per app (last report) and the rollup job (its watermark rows). Statuses are judged against
// the database's clock, so an app host with a skewed clock does not call fresh data stale.
//
// Visibility: servers the caller may see (default tenant or a realm rule's tenant is theirs) within the
// server/region filter; apps of the caller's tenants within the app filter. The last relay activity
// is the end of the newest minute rollup per (server, tenant) within LOOKBACK_DAYS (index
// (server_id, tenant_id, bucket)): raw usage rows across 30 day partitions cost seconds at 1 M
// sessions. Older data shows as "more than 30 days ago" (null).
// The last report of an app is the newest of its LAST_CONNECTIONS newest connections (index
// (app_id, first_received_at)), not a max over every connection it ever had.
import { inTransaction, runQuery } from "../db/run-query";
import type { QueryScope } from "./query-scope";
import { SERVER_VISIBLE_TO_TENANTS } from "./visible-server";

export type Freshness = "fresh" | "stale" | "never";

/** How old the newest data may be and still count as fresh, per source. */
export const FRESH_WITHIN_MS = {
  coturn: 10 * 60_000,
  /** Per target: three scrape intervals, at least this. */
  metricsMin: 2 * 60_000,
  getstats: 15 * 60_000,
  rollups: 5 * 60_000,
} as const;
export const LOOKBACK_DAYS = 30;
const LAST_CONNECTIONS = 100;
const MAX_ITEMS = 500;

export type CoturnFreshness = {
  server: string;
  status: Freshness;
  /** Last checkpoint an agent committed for this server (ISO), or null. */
  lastDeliveryAt: string | null;
  /** End of the newest minute with relay activity (usage, sessions, auth failures, errors) of the caller's tenants in the last 30 days (ISO), or null. */
  lastEventAt: string | null;
  agents: number;
  message: string | null;
};

export type MetricsFreshness = {
  server: string;
  status: Freshness;
  /** null when the server has no metrics target at all. */
  target: { mode: string; url: string; query: string } | null;
  lastScrapeAt: string | null;
  lastSuccessAt: string | null;
  failing: boolean;
  /** timeout | unreachable | http_status | empty | html | not_metrics | too_large | too_many_series */
  reason: string | null;
  error: string | null;
  message: string | null;
};

export type GetstatsFreshness = {
  appId: string;
  app: string;
  tenant: string;
  status: Freshness;
  lastReportAt: string | null;
  message: string | null;
};

export type RollupFreshness = {
  name: "relay" | "client";
  status: Freshness;
  /** How far the job has rolled raw rows up (ISO), or null before its first run. */
  watermark: string | null;
  /** When the job last moved it (ISO). */
  updatedAt: string | null;
  message: string | null;
};

export type SourceFreshness<T> = {
  /** fresh when any item is fresh, stale when some delivered but none lately, never when none did. */
  status: Freshness;
  /** Why the whole source is missing and how to add it; null when it has items. */
  message: string | null;
  items: T[];
};

export type FreshnessResponse = {
  now: string;
  coturn: SourceFreshness<CoturnFreshness>;
  metrics: SourceFreshness<MetricsFreshness>;
  getstats: SourceFreshness<GetstatsFreshness>;
  rollups: SourceFreshness<RollupFreshness>;
};

const SQL = `
  WITH srv AS (
    -- owner: the caller's tenants include the server's default tenant. A server reached only through
    -- a realm rule is shared: its agents and metrics targets are the owner's and are not shown.
    SELECT t.id, t.name, t.default_tenant_id, ($1::uuid[] IS NULL OR t.default_tenant_id = ANY($1::uuid[])) AS owner FROM turn_server t
    WHERE ${SERVER_VISIBLE_TO_TENANTS}
      AND ($2::uuid[] IS NULL OR t.id = ANY($2::uuid[]))
    ORDER BY t.name LIMIT $4
  )
  SELECT now() AS now,
    (SELECT coalesce(json_agg(json_build_object(
        'server', s.name, 'owner', s.owner,
        'lastDeliveryAt', CASE WHEN s.owner THEN (SELECT max(c.updated_at) FROM collector_checkpoint c WHERE c.server_id = s.id) END,
        'agents', CASE WHEN s.owner THEN (SELECT count(DISTINCT c.agent_id) FROM collector_checkpoint c WHERE c.server_id = s.id) ELSE 0 END,
        'lastEventAt', (SELECT max(u.bucket) + interval '1 minute' FROM
            (SELECT s.default_tenant_id AS tenant_id UNION SELECT r.tenant_id FROM realm_tenant_rule r WHERE r.server_id = s.id) tn
            CROSS JOIN LATERAL (SELECT m.bucket FROM relay_rollup_minute m
              WHERE m.server_id = s.id AND m.tenant_id = tn.tenant_id AND m.bucket > now() - make_interval(days => $5)
              ORDER BY m.bucket DESC LIMIT 1) u
            WHERE $1::uuid[] IS NULL OR tn.tenant_id = ANY($1::uuid[]))
      ) ORDER BY s.name), '[]'::json) FROM srv s) AS coturn,
    (SELECT coalesce(json_agg(json_build_object(
        'server', s.name, 'mode', m.mode, 'url', m.url, 'query', m.query, 'intervalMs', m.interval_ms,
        'lastScrapeAt', m.last_scrape_at, 'lastSuccessAt', m.last_success_at, 'failures', m.consecutive_failures,
        'reason', m.last_error_reason, 'error', m.last_error
      ) ORDER BY s.name, m.url, m.query), '[]'::json)
      FROM srv s LEFT JOIN metric_target m ON m.server_id = s.id WHERE s.owner) AS metrics,
    (SELECT coalesce(json_agg(json_build_object(
        'appId', a.id, 'app', a.name, 'tenant', tn.slug,
        'lastReportAt', (SELECT max(c.last_received_at) FROM
            (SELECT last_received_at FROM client_connection
             WHERE tenant_id = a.tenant_id AND app_id = a.id ORDER BY first_received_at DESC LIMIT $6) c)
      ) ORDER BY tn.slug, a.name), '[]'::json)
      FROM (SELECT * FROM app
            WHERE ($1::uuid[] IS NULL OR tenant_id = ANY($1::uuid[])) AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))
            ORDER BY name LIMIT $4) a
      JOIN tenant tn ON tn.id = a.tenant_id) AS getstats,
    (SELECT coalesce(json_agg(json_build_object('name', w.name, 'watermark', w.watermark, 'updatedAt', w.updated_at)), '[]'::json)
      FROM rollup_watermark w WHERE w.name IN ('relay', 'client')) AS rollups`;

type Row = {
  now: Date;
  coturn: Array<{ server: string; owner: boolean; lastDeliveryAt: string | null; agents: number; lastEventAt: string | null }>;
  metrics: Array<{
    server: string;
    mode: string | null;
    url: string | null;
    query: string | null;
    intervalMs: number | null;
    lastScrapeAt: string | null;
    lastSuccessAt: string | null;
    failures: number | null;
    reason: string | null;
    error: string | null;
  }>;
  getstats: Array<{ appId: string; app: string; tenant: string; lastReportAt: string | null }>;
  rollups: Array<{ name: string; watermark: string | null; updatedAt: string | null }>;
};

// ─── pure parts ───────────────────────────────────────────────────────────────────────────────

/** fresh when `lastAt` is at most `maxAgeMs` before `now`; never when there is none. */
export function freshnessOf(lastAt: string | null, now: number, maxAgeMs: number): Freshness {
  if (lastAt === null) return "never";
  return now - Date.parse(lastAt) <= maxAgeMs ? "fresh" : "stale";
}

/** "4 min", "3 h", "2 days": how long ago, for messages. */
export function ago(at: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(at)) / 1000));
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

/** The overall status of a source: the best of its items. */
export function overall(items: Array<{ status: Freshness }>): Freshness {
  if (items.some((i) => i.status === "fresh")) return "fresh";
  if (items.some((i) => i.status === "stale")) return "stale";
  return "never";
}

const iso = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

export function coturnItem(r: Row["coturn"][number], now: number): CoturnFreshness {
  const lastDeliveryAt = iso(r.lastDeliveryAt);
  if (!r.owner) {
    // A shared server: its agent is its owner's; what the caller can judge is its own latest usage.
    const lastEventAt = iso(r.lastEventAt);
    const status = freshnessOf(lastEventAt, now, FRESH_WITHIN_MS.coturn);
    const message = `shared server: its coturn agent belongs to its owner; ${lastEventAt ? `your tenants' newest relayed usage on it is from ${ago(lastEventAt, now)} ago` : "none of your tenants' usage on it in the last 30 days"}`;
    return { server: r.server, status, lastDeliveryAt: null, lastEventAt, agents: 0, message };
  }
  const status = freshnessOf(lastDeliveryAt, now, FRESH_WITHIN_MS.coturn);
  const message =
    status === "never"
      ? `no coturn agent has delivered for server ${r.server}: on its host, run \`relayscope collect coturn --file /var/log/turn.log --server ${r.server} --push <this app's URL> --key <collector key>\``
      : status === "stale" && lastDeliveryAt
        ? `the coturn agent of ${r.server} last delivered ${ago(lastDeliveryAt, now)} ago: it stopped, cannot reach this app, or the log has been quiet (an agent sends only when coturn writes lines)`
        : null;
  return { server: r.server, status, lastDeliveryAt, lastEventAt: iso(r.lastEventAt), agents: Number(r.agents), message };
}

export function metricsItem(r: Row["metrics"][number], now: number): MetricsFreshness {
  if (r.mode === null || r.url === null) {
    return {
      server: r.server,
      status: "never",
      target: null,
      lastScrapeAt: null,
      lastSuccessAt: null,
      failing: false,
      reason: null,
      error: null,
      message: `no metrics target for server ${r.server}: run \`relayscope collect prometheus --url http://<host>:9641/metrics --server ${r.server} --push <this app's URL> --key <collector key>\` (coturn needs --prometheus)`,
    };
  }
  const lastSuccessAt = iso(r.lastSuccessAt);
  const lastScrapeAt = iso(r.lastScrapeAt);
  const failing = (r.failures ?? 0) > 0;
  const within = Math.max(3 * (r.intervalMs ?? 15_000), FRESH_WITHIN_MS.metricsMin);
  let status = freshnessOf(lastSuccessAt, now, within);
  if (failing && status === "fresh") status = "stale";
  const where = r.mode === "promql" ? `the PromQL query on ${r.url}` : r.url;
  let message: string | null = null;
  if (failing) {
    const why = `${r.reason ?? "failed"}${r.error ? `: ${r.error}` : ""}`;
    message = lastSuccessAt
      ? `${where} failed ${r.failures} time${r.failures === 1 ? "" : "s"} in a row, last success ${ago(lastSuccessAt, now)} ago: ${why}`
      : `${where} has never been read successfully: ${why}`;
  } else if (status === "stale" && lastScrapeAt) {
    message = `${where} was last read ${ago(lastScrapeAt, now)} ago: the \`relayscope collect prometheus\` agent for ${r.server} stopped or cannot reach this app`;
  } else if (status === "never") {
    message = `${where} has not been read yet`;
  }
  return {
    server: r.server,
    status,
    target: { mode: r.mode, url: r.url, query: r.query ?? "" },
    lastScrapeAt,
    lastSuccessAt,
    failing,
    reason: r.reason,
    error: r.error,
    message,
  };
}

export function getstatsItem(r: Row["getstats"][number], now: number): GetstatsFreshness {
  const lastReportAt = iso(r.lastReportAt);
  const status = freshnessOf(lastReportAt, now, FRESH_WITHIN_MS.getstats);
  const message =
    status === "never"
      ? `no getStats report from app ${r.app} yet: load <this app's URL>/sdk.js in its pages and call relayscope.monitor(pc, { appKey, … }) with an app key (\`relayscope key create --kind app --name ${r.app}-web --app ${r.app}\`); the page's origin must be allowed`
      : status === "stale" && lastReportAt
        ? `app ${r.app} last reported ${ago(lastReportAt, now)} ago: no calls since, or its pages no longer load the SDK`
        : null;
  return { appId: r.appId, app: r.app, tenant: r.tenant, status, lastReportAt, message };
}

export function rollupItem(name: "relay" | "client", r: Row["rollups"][number] | undefined, now: number): RollupFreshness {
  const updatedAt = iso(r?.updatedAt ?? null);
  const status = freshnessOf(updatedAt, now, FRESH_WITHIN_MS.rollups);
  const what = name === "relay" ? "relay traffic" : "browser connections";
  const message =
    status === "never"
      ? `the ${name} rollup job has not run yet, so charts of ${what} stay empty: it runs in the app's job runner (\`relayscope start\`)`
      : status === "stale" && updatedAt
        ? `the ${name} rollup job last ran ${ago(updatedAt, now)} ago: charts of ${what} lag behind; check the job runner in the logs of \`relayscope start\``
        : null;
  return { name, status, watermark: iso(r?.watermark ?? null), updatedAt, message };
}

function source<T extends { status: Freshness }>(items: T[], emptyMessage: string): SourceFreshness<T> {
  return { status: overall(items), message: items.length === 0 ? emptyMessage : null, items };
}

export async function getFreshness(scope: QueryScope): Promise<FreshnessResponse> {
  const [row] = await inTransaction(async (db) => {
    // Costed for disk seeks (PostgreSQL's default 4), each newest-first lookup above walks the whole
    // table's time index instead of its own (server, tenant) or app index, filtering row by row:
    // ~1,400 connections per app at 1 M sessions, more heap pages as the data grows, and every
    // connection there is for an app with fewer than LAST_CONNECTIONS. Costed like an SSD, the
    // planner takes the bounded index reads.
    await runQuery("SET LOCAL random_page_cost = 1.1", [], db);
    return runQuery<Row>(SQL, [scope.tenantIds, scope.serverIds, scope.appIds, MAX_ITEMS, LOOKBACK_DAYS, LAST_CONNECTIONS], db);
  });
  const now = row.now.getTime();
  const noServers = "no TURN server you can see matches: add one with `relayscope server add <name> --url turn:<host>:3478`";
  return {
    now: row.now.toISOString(),
    coturn: source(
      row.coturn.map((r) => coturnItem(r, now)),
      noServers,
    ),
    metrics: source(
      row.metrics.map((r) => metricsItem(r, now)),
      noServers,
    ),
    getstats: source(
      row.getstats.map((r) => getstatsItem(r, now)),
      "no SDK app you can see matches: add one with `relayscope app add <name> --origin https://app.example.com`",
    ),
    rollups: source(
      (["relay", "client"] as const).map((n) =>
        rollupItem(
          n,
          row.rollups.find((r) => r.name === n),
          now,
        ),
      ),
      "",
    ),
  };
}
