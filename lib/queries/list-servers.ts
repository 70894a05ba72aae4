// The Servers page (GET /api/v1/servers): per visible TURN server its inventory (region, provider,
// software, version, capacity), process runs and startup warnings, each source with its status
// (coturn agents with their line statistics and quarantined lines, metrics targets, browsers relayed
// through it), the last data time, live allocations by transport (get-live-allocations.ts), and its
// traffic over the range from the relay rollups.
//
// Three statements: inventory and sources (configuration-sized, plus one grouped count of
// quarantined lines in the range), traffic from the rollup table of the range's granularity
// (granularityFor), and the allocation gauges. Server-level facts (runs, agents, targets, capacity)
// are shown to whoever may see the server; figures of traffic (bytes, sessions, browsers,
// allocations) only for the caller's tenants, and bytes/sessions also for the realm filter.
import { runQuery } from "../db/run-query";
import type { Granularity } from "./dashboard-filters";
import { FRESH_WITHIN_MS, type Freshness, freshnessOf } from "./get-freshness";
import { getServerAllocations, type ServerAllocations } from "./get-live-allocations";
import { type RangeInfo, rollupRead, totalsSource } from "./overview/rollup-range";
import { RELAYED_PATH } from "./overview/rollup-where";
import type { QueryScope } from "./query-scope";
import { SERVER_VISIBLE_TO_TENANTS } from "./visible-server";

export const MAX_SERVERS = 100;
const MAX_AGENTS = 20;
const MAX_TARGETS = 10;
/** Browsers' connections are looked for in the minute rollups of the last SDK_RECENT_HOURS. */
const SDK_RECENT_HOURS = 6;

export const RELAY_TRANSPORTS = ["udp", "tcp", "tls", "dtls"] as const;
export type RelayTransport = (typeof RELAY_TRANSPORTS)[number];

export type AgentSource = {
  agentId: string;
  path: string;
  fileId: string;
  lastDeliveryAt: string;
  /** The agent's cumulative line statistics (null for agents that do not send them). */
  lines: number | null;
  events: number | null;
  skipped: number | null;
  /** Bytes of the log not read yet when the last batch was cut. */
  pendingBytes: number | null;
  /** Delivery buffer fill (0–1). */
  bufferFill: number | null;
};

export type TargetSource = {
  mode: string;
  url: string;
  query: string;
  up: boolean;
  lastScrapeAt: string | null;
  lastSuccessAt: string | null;
  consecutiveFailures: number;
  reason: string | null;
  error: string | null;
  series: number | null;
  software: string[];
  warnings: string[];
};

export type ServerTraffic = {
  clientRxBytes: number;
  clientTxBytes: number;
  peerRxBytes: number;
  peerTxBytes: number;
  sessionsStarted: number;
  authFailures: number;
  errors: number;
  byTransport: Partial<Record<RelayTransport, { bytes: number; sessions: number }>>;
};

export type ServerRow = {
  name: string;
  region: string | null;
  provider: string | null;
  software: string;
  /** Version from the server's record, else from its latest run's banner; null when never seen. */
  version: string | null;
  urls: string[];
  runs: {
    lastStartedAt: string | null;
    lastEndedAt: string | null;
    /** The latest run's times come from an uptime-prefixed log (approximate). */
    timeApproximate: boolean;
    /** Runs started within the range (restarts). */
    startedInRange: number;
    /** Startup warnings of the latest run. */
    warnings: string[];
  };
  sources: {
    coturn: { status: Freshness; lastDeliveryAt: string | null; agents: AgentSource[]; quarantinedInRange: number };
    metrics: { status: Freshness; lastSuccessAt: string | null; targets: TargetSource[] };
    sdk: {
      status: Freshness;
      /** Browser connections relayed through this server that started in the range (client rollups). */
      connections: number;
      /** Minute of the newest such connection within the last 6 hours (ISO), or null. */
      lastSeenAt: string | null;
    };
  };
  /** Newest of the agent's delivery and the metrics' last success (ISO), or null. */
  lastDataAt: string | null;
  /**
   * The caller reaches this server only through a realm rule: its owner's agents, metrics targets,
   * quarantine, restarts and warnings are not shown (sources read "never"); traffic is the caller's own.
   */
  shared: boolean;
  allocations: ServerAllocations | null;
  traffic: ServerTraffic;
};

export type ServersResponse = {
  /** The rollup table read and the range widened to its buckets (traffic); runs and quarantine use the range as given. */
  range: RangeInfo;
  servers: ServerRow[];
  truncated: boolean;
};

// $1 tenants, $2 servers, $3 from, $4 to, $5 server limit, $6 agents per server, $7 targets per server
const INVENTORY_SQL = `
  WITH srv AS (
    SELECT t.* FROM turn_server t
    WHERE ${SERVER_VISIBLE_TO_TENANTS}
      AND ($2::uuid[] IS NULL OR t.id = ANY($2::uuid[]))
    ORDER BY t.name LIMIT $5 + 1
  ),
  quarantined AS (
    SELECT q.server_id, count(*)::int AS n FROM quarantined_event q
    WHERE q.source = 'coturn' AND q.received_at >= $3 AND q.received_at < $4 AND q.server_id IN (SELECT id FROM srv)
    GROUP BY q.server_id
  )
  SELECT s.id, s.name, s.region, s.provider, s.software, s.version, s.urls, s.total_quota, s.user_quota, s.relay_port_min, s.relay_port_max,
    lr.started_at AS run_started_at, lr.ended_at AS run_ended_at, lr.version AS run_version,
    coalesce(lr.time_approximate, false) AS run_time_approximate,
    CASE WHEN o.owner THEN coalesce(lr.startup_warnings, '{}') ELSE '{}' END AS run_warnings,
    o.owner,
    CASE WHEN o.owner THEN (SELECT count(*)::int FROM server_run r WHERE r.server_id = s.id AND r.started_at >= $3 AND r.started_at < $4)
         ELSE 0 END AS runs_in_range,
    CASE WHEN o.owner THEN coalesce(qq.n, 0) ELSE 0 END AS quarantined,
    CASE WHEN NOT o.owner THEN '[]'::json ELSE (SELECT coalesce(json_agg(json_build_object('agentId', c.agent_id, 'path', c.path, 'fileId', c.file_id,
              'lastDeliveryAt', c.updated_at, 'stats', c.stats) ORDER BY c.updated_at DESC), '[]'::json)
       FROM (SELECT * FROM collector_checkpoint WHERE server_id = s.id ORDER BY updated_at DESC LIMIT $6) c) END AS agents,
    CASE WHEN NOT o.owner THEN '[]'::json ELSE (SELECT coalesce(json_agg(json_build_object('mode', m.mode, 'url', m.url, 'query', m.query,
              'up', m.consecutive_failures = 0 AND m.last_success_at IS NOT NULL, 'intervalMs', m.interval_ms,
              'lastScrapeAt', m.last_scrape_at, 'lastSuccessAt', m.last_success_at, 'consecutiveFailures', m.consecutive_failures,
              'reason', m.last_error_reason, 'error', m.last_error, 'series', m.series_count, 'software', m.software,
              'warnings', m.warnings) ORDER BY m.last_scrape_at DESC NULLS LAST), '[]'::json)
       FROM (SELECT * FROM metric_target WHERE server_id = s.id ORDER BY last_scrape_at DESC NULLS LAST LIMIT $7) m) END AS targets,
    now() AS now
  FROM srv s
  -- A caller who reaches the server only through a realm rule shares it with its owner: the agents,
  -- targets, quarantine, restarts and warnings are the owner's (they would tell when others use it).
  CROSS JOIN LATERAL (SELECT ($1::uuid[] IS NULL OR s.default_tenant_id = ANY($1::uuid[])) AS owner) o
  LEFT JOIN LATERAL (SELECT * FROM server_run r WHERE r.server_id = s.id ORDER BY r.started_at DESC LIMIT 1) lr ON true
  LEFT JOIN quarantined qq ON qq.server_id = s.id
  ORDER BY s.name`;

// Traffic per server and transport over the range (totalsSource: whole days from the day tables, the
// hours at either end from the hour tables); the table names come from a closed list, never from
// input. $1 server ids, $2 tenants, $3 realms, $4 apps, $5 from, $6 to (aligned),
// $7 hours of minute rollups searched for the newest relayed browser connection.
const trafficSql = (g: Granularity) => `
  SELECT 'relay' AS kind, r.server_id, r.client_transport::text AS transport,
    sum(r.client_rx_bytes)::float8 AS client_rx, sum(r.client_tx_bytes)::float8 AS client_tx,
    sum(r.peer_rx_bytes)::float8 AS peer_rx, sum(r.peer_tx_bytes)::float8 AS peer_tx,
    sum(r.sessions_started)::float8 AS sessions, sum(r.auth_failures)::float8 AS auth_failures, sum(r.errors)::float8 AS errors,
    NULL::timestamptz AS last_seen
  FROM ${totalsSource("relay", g, "r", "$5", "$6")}
  WHERE r.server_id = ANY($1::uuid[]) AND r.bucket >= $5 AND r.bucket < $6
    AND ($2::uuid[] IS NULL OR r.tenant_id = ANY($2::uuid[])) AND ($3::text[] IS NULL OR r.realm = ANY($3::text[]))
  GROUP BY r.server_id, r.client_transport
  UNION ALL
  SELECT 'sdk', c.turn_server_id, NULL, 0, 0, 0, 0, sum(c.connections)::float8, 0, 0, NULL
  FROM ${totalsSource("client", g, "c", "$5", "$6")}
  WHERE c.turn_server_id = ANY($1::uuid[]) AND c.bucket >= $5 AND c.bucket < $6
    AND ${RELAYED_PATH}
    AND ($2::uuid[] IS NULL OR c.tenant_id = ANY($2::uuid[])) AND ($4::uuid[] IS NULL OR c.app_id = ANY($4::uuid[]))
  GROUP BY c.turn_server_id
  UNION ALL
  -- Per server, the minutes newest first, stopping at the first relayed connection: a busy server
  -- answers from its last minute, not from every minute of the last $7 hours.
  SELECT 'recent', s.id, NULL, 0, 0, 0, 0, 0, 0, 0, m.bucket
  FROM unnest($1::uuid[]) AS s(id)
  CROSS JOIN LATERAL (
    SELECT c.bucket FROM client_rollup_minute c
    WHERE c.turn_server_id = s.id AND c.bucket >= now() - make_interval(hours => $7) AND c.connections > 0
      AND ${RELAYED_PATH}
      AND ($2::uuid[] IS NULL OR c.tenant_id = ANY($2::uuid[])) AND ($4::uuid[] IS NULL OR c.app_id = ANY($4::uuid[]))
    ORDER BY c.bucket DESC LIMIT 1) m`;

const TRAFFIC_SQL: Record<Granularity, string> = {
  minute: trafficSql("minute"),
  hour: trafficSql("hour"),
  day: trafficSql("day"),
};

type InventoryRow = {
  id: string;
  name: string;
  region: string | null;
  provider: string | null;
  software: string;
  version: string | null;
  urls: string[];
  run_started_at: Date | null;
  run_ended_at: Date | null;
  run_version: string | null;
  run_time_approximate: boolean;
  run_warnings: string[];
  owner: boolean;
  runs_in_range: number;
  quarantined: number;
  agents: Array<{ agentId: string; path: string; fileId: string; lastDeliveryAt: string; stats: unknown }>;
  targets: Array<
    Omit<TargetSource, "lastScrapeAt" | "lastSuccessAt"> & { lastScrapeAt: string | null; lastSuccessAt: string | null; intervalMs: number }
  >;
  now: Date;
};

type TrafficRow = {
  kind: "relay" | "sdk" | "recent";
  server_id: string;
  transport: RelayTransport | null;
  client_rx: number;
  client_tx: number;
  peer_rx: number;
  peer_tx: number;
  sessions: number;
  auth_failures: number;
  errors: number;
  last_seen: Date | null;
};

// ─── pure parts ───────────────────────────────────────────────────────────────────────────────

const iso = (v: string | Date | null | undefined): string | null => (v === null || v === undefined ? null : new Date(v).toISOString());
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** An agent's checkpoint as the page shows it; stats are whatever the agent sent (collectors/schema/coturn.ts lineStats). */
export function agentSource(a: InventoryRow["agents"][number]): AgentSource {
  const s = (a.stats && typeof a.stats === "object" ? a.stats : {}) as Record<string, unknown>;
  const skipped = s.skipped && typeof s.skipped === "object" ? Object.values(s.skipped as Record<string, unknown>) : null;
  return {
    agentId: a.agentId,
    path: a.path,
    fileId: a.fileId,
    lastDeliveryAt: iso(a.lastDeliveryAt) ?? "",
    lines: num(s.lines),
    events: num(s.events),
    skipped: skipped ? skipped.reduce<number>((t, v) => t + (num(v) ?? 0), 0) : null,
    pendingBytes: num(s.pendingBytes),
    bufferFill: num(s.bufferFill),
  };
}

export function emptyTraffic(): ServerTraffic {
  return {
    clientRxBytes: 0,
    clientTxBytes: 0,
    peerRxBytes: 0,
    peerTxBytes: 0,
    sessionsStarted: 0,
    authFailures: 0,
    errors: 0,
    byTransport: {},
  };
}

/** Folds one relay rollup row (server, transport) into the server's traffic. */
export function addTraffic(t: ServerTraffic, r: TrafficRow): void {
  t.clientRxBytes += r.client_rx;
  t.clientTxBytes += r.client_tx;
  t.peerRxBytes += r.peer_rx;
  t.peerTxBytes += r.peer_tx;
  t.sessionsStarted += r.sessions;
  t.authFailures += r.auth_failures;
  t.errors += r.errors;
  if (r.transport) {
    const prev = t.byTransport[r.transport] ?? { bytes: 0, sessions: 0 };
    t.byTransport[r.transport] = {
      bytes: prev.bytes + r.client_rx + r.client_tx + r.peer_rx + r.peer_tx,
      sessions: prev.sessions + r.sessions,
    };
  }
}

const latestOf = (values: Array<string | null>): string | null =>
  values.reduce<string | null>((m, v) => (v !== null && (m === null || v > m) ? v : m), null);

export function sdkStatus(connections: number, lastSeenAt: string | null, now: number): Freshness {
  if (lastSeenAt && freshnessOf(lastSeenAt, now, FRESH_WITHIN_MS.getstats) === "fresh") return "fresh";
  return connections > 0 || lastSeenAt ? "stale" : "never";
}

// ─── query ────────────────────────────────────────────────────────────────────────────────────

export async function listServers(scope: QueryScope): Promise<ServersResponse> {
  const read = rollupRead(scope);
  const g = read.granularity;
  const aligned = { from: new Date(read.info.from), to: new Date(read.info.to) };
  const inventory = await runQuery<InventoryRow>(INVENTORY_SQL, [
    scope.tenantIds,
    scope.serverIds,
    scope.from,
    scope.to,
    MAX_SERVERS,
    MAX_AGENTS,
    MAX_TARGETS,
  ]);
  const truncated = inventory.length > MAX_SERVERS;
  const rows = inventory.slice(0, MAX_SERVERS);
  const ids = rows.map((r) => r.id);
  const [traffic, allocations] = ids.length
    ? await Promise.all([
        runQuery<TrafficRow>(TRAFFIC_SQL[g], [
          ids,
          scope.tenantIds,
          scope.realms,
          scope.appIds,
          aligned.from,
          aligned.to,
          SDK_RECENT_HOURS,
        ]),
        getServerAllocations({ ...scope, serverIds: ids }),
      ])
    : [[], []];

  const now = rows[0]?.now.getTime() ?? Date.now();
  const servers = rows.map((r): ServerRow => {
    const t = emptyTraffic();
    let connections = 0;
    let lastSeenAt: string | null = null;
    for (const x of traffic) {
      if (x.server_id !== r.id) continue;
      if (x.kind === "relay") addTraffic(t, x);
      else if (x.kind === "sdk") connections += x.sessions;
      else lastSeenAt = iso(x.last_seen);
    }
    const agents = r.agents.map(agentSource);
    const targets: TargetSource[] = r.targets.map(({ intervalMs: _interval, ...m }) => ({
      ...m,
      lastScrapeAt: iso(m.lastScrapeAt),
      lastSuccessAt: iso(m.lastSuccessAt),
    }));
    const lastDeliveryAt = latestOf(agents.map((a) => a.lastDeliveryAt));
    const lastSuccessAt = latestOf(targets.map((m) => m.lastSuccessAt));
    // Metrics are fresh when any target succeeded within three of its intervals (at least 2 min) and is not failing.
    const metricsFresh = r.targets.some(
      (m) =>
        m.up &&
        m.lastSuccessAt !== null &&
        freshnessOf(iso(m.lastSuccessAt), now, Math.max(3 * m.intervalMs, FRESH_WITHIN_MS.metricsMin)) === "fresh",
    );
    return {
      name: r.name,
      region: r.region,
      provider: r.provider,
      software: r.software,
      version: r.version ?? r.run_version,
      urls: r.urls,
      runs: {
        lastStartedAt: iso(r.run_started_at),
        lastEndedAt: iso(r.run_ended_at),
        timeApproximate: r.run_time_approximate,
        startedInRange: r.runs_in_range,
        warnings: r.run_warnings,
      },
      sources: {
        coturn: {
          status: freshnessOf(lastDeliveryAt, now, FRESH_WITHIN_MS.coturn),
          lastDeliveryAt,
          agents,
          quarantinedInRange: r.quarantined,
        },
        metrics: { status: metricsFresh ? "fresh" : lastSuccessAt ? "stale" : "never", lastSuccessAt, targets },
        sdk: { status: sdkStatus(connections, lastSeenAt, now), connections, lastSeenAt },
      },
      lastDataAt: latestOf([lastDeliveryAt, lastSuccessAt]),
      shared: !r.owner,
      allocations: allocations.find((a) => a.server === r.name) ?? null,
      traffic: t,
    };
  });
  return { range: read.info, servers, truncated };
}
