// Live allocations by client transport per TURN server, from the latest scrape of its allocation
// gauge (overview item b, Servers page), against its capacity; and the same gauge sampled over the
// range for a chart. Gauges (reference coturn-metrics.md §2, other-turn-servers.md):
//   coturn  turn_total_allocations{type}        type = UDP | TCP | TLS/TCP | DTLS | SCTP | TLS/SCTP
//                                               (4.6.0/4.6.1: no label, one total)
//   eturnal eturnal_turn_open_sessions{transport} transport = UDP | TCP | TLS | TCP|TLS
//   stunner stunner_allocations_active          no label, one total
//
// A "snapshot" is every series of one gauge of one server stamped with the same scrape time: one
// scrape (or one PromQL answer). Live figures are the newest snapshot at most LIVE_LOOKBACK_MS before
// the range's end; the chart takes the newest snapshot in each step (a sample, not the step's peak).
// Two targets feeding one server alternate snapshots instead of adding up.
//
// Tenancy: a sample carries the tenant resolved at ingest (these gauges have no realm, so the server's
// `*` rule or its default tenant). Only samples of the caller's tenants are read, so a tenant that
// reaches a shared server only through a realm rule sees its capacity but not its server-wide gauges.
// The realm and app filters do not apply (a gauge has neither).
//
// Cost: the newest sample of each (server, tenant, gauge) is one probe of the (tenant_id, metric, ts)
// index; the chart adds one probe per step for the gauges that had a sample in the range (at most
// MAX_POINTS steps, MAX_SERVERS servers), never a scan of the range.
import { runQuery } from "../db/run-query";
import type { QueryScope } from "./query-scope";
import { SERVER_VISIBLE_TO_TENANTS } from "./visible-server";

export const ALLOCATION_GAUGES = [
  { metric: "turn_total_allocations", label: "type", software: "coturn" },
  { metric: "eturnal_turn_open_sessions", label: "transport", software: "eturnal" },
  { metric: "stunner_allocations_active", label: null, software: "stunner" },
] as const;

/** Client-leg transports of an allocation; `unsplit` = a gauge without a transport label. */
export const ALLOCATION_TRANSPORTS = ["udp", "tcp", "tls", "dtls", "sctp", "other", "unsplit"] as const;
export type AllocationTransport = (typeof ALLOCATION_TRANSPORTS)[number];
export type ByTransport = Partial<Record<AllocationTransport, number>>;

export const LIVE_LOOKBACK_MS = 60 * 60_000;
export const MAX_POINTS = 120;
export const MAX_SERVERS = 100;
/** Chart steps, seconds: the finest that draws the range in at most MAX_POINTS points. */
export const SERIES_STEPS = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 2 * 86_400, 7 * 86_400] as const;

export type Capacity = {
  /** turn_server.total_quota (coturn total-quota; null or 0 = no limit). */
  totalQuota: number | null;
  /** turn_server.user_quota (allocations per user). */
  userQuota: number | null;
  /** relay_port_max − relay_port_min + 1: one relay port per allocation and relay address. */
  relayPorts: number | null;
  /** The lowest of totalQuota and relayPorts, or null when neither is known. */
  ceiling: number | null;
};

export type ServerAllocations = {
  server: string;
  software: string;
  /** The gauge read (null when the server has no recent sample). */
  metric: string | null;
  /** Scrape time of the snapshot (ISO), or null. */
  sampledAt: string | null;
  total: number | null;
  byTransport: ByTransport;
  capacity: Capacity;
  /** total / ceiling (0–1+), or null. */
  utilisation: number | null;
};

export type AllocationPoint = { t: string; total: number | null; byTransport: ByTransport };

export type AllocationsResponse = {
  /** The range as asked; chart points are `stepSeconds` apart, each the newest sample at or before its `t`. */
  range: { from: string; to: string; stepSeconds: number };
  servers: ServerAllocations[];
  /** Live totals over the listed servers. */
  total: number | null;
  byTransport: ByTransport;
  /** Sum over servers per step (a server without a sample in a step adds nothing). */
  series: AllocationPoint[];
  /** One series per server with samples in the range; only with `perServer=true` (else []). */
  seriesByServer: Array<{ server: string; points: AllocationPoint[] }>;
  /** More servers matched than MAX_SERVERS; the first ones by name are listed. */
  truncated: boolean;
};

// $1 tenants, $2 servers, $3 metrics, $4 label names, $5 live from, $6 to, $7 limit
const LIVE_SQL = `
  WITH srv AS (
    SELECT t.id, t.name, t.software, t.default_tenant_id, t.total_quota, t.user_quota, t.relay_port_min, t.relay_port_max
    FROM turn_server t
    WHERE ${SERVER_VISIBLE_TO_TENANTS}
      AND ($2::uuid[] IS NULL OR t.id = ANY($2::uuid[]))
    ORDER BY t.name LIMIT $7
  ),
  tn AS (
    SELECT DISTINCT s.id AS server_id, x.tenant_id FROM srv s
    CROSS JOIN LATERAL (SELECT s.default_tenant_id UNION SELECT r.tenant_id FROM realm_tenant_rule r WHERE r.server_id = s.id) x(tenant_id)
    WHERE $1::uuid[] IS NULL OR x.tenant_id = ANY($1::uuid[])
  ),
  latest AS (
    SELECT DISTINCT ON (tn.server_id) tn.server_id, tn.tenant_id, g.metric, g.label, l.ts
    FROM tn CROSS JOIN unnest($3::text[], $4::text[]) AS g(metric, label)
    CROSS JOIN LATERAL (
      SELECT ms.ts FROM metric_sample ms
      WHERE ms.tenant_id = tn.tenant_id AND ms.metric = g.metric AND ms.server_id = tn.server_id AND ms.ts > $5 AND ms.ts <= $6
      ORDER BY ms.ts DESC LIMIT 1) l
    ORDER BY tn.server_id, l.ts DESC
  ),
  snap AS (
    SELECT l.server_id, l.metric, l.ts, v.label, sum(v.value) AS value
    FROM latest l CROSS JOIN LATERAL (
      SELECT ms.labels ->> l.label AS label, ms.value FROM metric_sample ms
      WHERE ms.tenant_id = l.tenant_id AND ms.metric = l.metric AND ms.ts = l.ts AND ms.server_id = l.server_id
        AND ms.ts > $5 AND ms.ts <= $6
      LIMIT 1000) v
    GROUP BY 1, 2, 3, 4
  )
  SELECT s.name, s.software, s.total_quota, s.user_quota, s.relay_port_min, s.relay_port_max,
         coalesce(json_agg(json_build_object('metric', sn.metric, 'ts', sn.ts, 'label', sn.label, 'value', sn.value))
                  FILTER (WHERE sn.server_id IS NOT NULL), '[]'::json) AS snapshot
  FROM srv s LEFT JOIN snap sn ON sn.server_id = s.id
  GROUP BY s.id, s.name, s.software, s.total_quota, s.user_quota, s.relay_port_min, s.relay_port_max
  ORDER BY s.name`;

const COUNT_SQL = `
  SELECT count(*)::int AS n FROM turn_server t
  WHERE ${SERVER_VISIBLE_TO_TENANTS}
    AND ($2::uuid[] IS NULL OR t.id = ANY($2::uuid[]))`;

// $1 tenants, $2 servers, $3 metrics, $4 label names, $5 the first step's start, $6 the last step's
// end (plain values, so partitions are pruned when planning), $7 step seconds, $8 server limit, $9 every
// step end: an array rather than generate_series, whose default estimate of 1000 rows made the
// planner's cost (and with it JIT compilation: seconds) a hundred times too high.
// Which (server, tenant, gauge) had any sample in the range is one probe each; only those are sampled per step.
const SERIES_SQL = `
  WITH srv AS (
    SELECT t.id, t.name, t.default_tenant_id FROM turn_server t
    WHERE ${SERVER_VISIBLE_TO_TENANTS}
      AND ($2::uuid[] IS NULL OR t.id = ANY($2::uuid[]))
    ORDER BY t.name LIMIT $8
  ),
  tn AS (
    SELECT DISTINCT s.id AS server_id, x.tenant_id FROM srv s
    CROSS JOIN LATERAL (SELECT s.default_tenant_id UNION SELECT r.tenant_id FROM realm_tenant_rule r WHERE r.server_id = s.id) x(tenant_id)
    WHERE $1::uuid[] IS NULL OR x.tenant_id = ANY($1::uuid[])
  ),
  present AS (
    SELECT tn.server_id, tn.tenant_id, g.metric, g.label
    FROM tn CROSS JOIN unnest($3::text[], $4::text[]) AS g(metric, label)
    CROSS JOIN LATERAL (
      SELECT 1 FROM metric_sample ms
      WHERE ms.tenant_id = tn.tenant_id AND ms.metric = g.metric AND ms.server_id = tn.server_id
        AND ms.ts > $5::timestamptz AND ms.ts <= $6
      LIMIT 1) any_sample
  ),
  steps AS (SELECT t FROM unnest($9::timestamptz[]) AS t),
  picked AS (
    SELECT DISTINCT ON (p.server_id, st.t) p.server_id, p.tenant_id, p.metric, p.label, st.t, l.ts
    FROM present p CROSS JOIN steps st
    CROSS JOIN LATERAL (
      SELECT ms.ts FROM metric_sample ms
      WHERE ms.tenant_id = p.tenant_id AND ms.metric = p.metric AND ms.server_id = p.server_id
        AND ms.ts > st.t - make_interval(secs => $7) AND ms.ts <= st.t
        AND ms.ts > $5::timestamptz AND ms.ts <= $6
      ORDER BY ms.ts DESC LIMIT 1) l
    ORDER BY p.server_id, st.t, l.ts DESC
  )
  SELECT s.name AS server, pk.t, v.label, sum(v.value) AS value
  FROM picked pk
  JOIN srv s ON s.id = pk.server_id
  CROSS JOIN LATERAL (
    SELECT ms.labels ->> pk.label AS label, ms.value FROM metric_sample ms
    WHERE ms.tenant_id = pk.tenant_id AND ms.metric = pk.metric AND ms.ts = pk.ts AND ms.server_id = pk.server_id
      AND ms.ts > $5::timestamptz AND ms.ts <= $6
    LIMIT 1000) v
  GROUP BY 1, 2, 3
  ORDER BY 1, 2`;

// ─── pure parts ───────────────────────────────────────────────────────────────────────────────

/** A gauge's transport label value → our transport; null (no label) → unsplit. */
export function transportOf(label: string | null): AllocationTransport {
  if (label === null) return "unsplit";
  switch (label.toUpperCase()) {
    case "UDP":
      return "udp";
    case "TCP":
      return "tcp";
    case "TLS":
    case "TLS/TCP":
      return "tls";
    case "DTLS":
      return "dtls";
    case "SCTP":
    case "TLS/SCTP":
      return "sctp";
    default:
      return "other";
  }
}

/** Sums a snapshot's (label, value) rows by transport. */
export function byTransportOf(rows: ReadonlyArray<{ label: string | null; value: number }>): { total: number; byTransport: ByTransport } {
  const byTransport: ByTransport = {};
  let total = 0;
  for (const r of rows) {
    const k = transportOf(r.label);
    byTransport[k] = (byTransport[k] ?? 0) + r.value;
    total += r.value;
  }
  return { total, byTransport };
}

export function capacityOf(s: {
  total_quota: number | null;
  user_quota: number | null;
  relay_port_min: number | null;
  relay_port_max: number | null;
}): Capacity {
  const totalQuota = s.total_quota && s.total_quota > 0 ? s.total_quota : null;
  const relayPorts =
    s.relay_port_min !== null && s.relay_port_max !== null && s.relay_port_max >= s.relay_port_min
      ? s.relay_port_max - s.relay_port_min + 1
      : null;
  const known = [totalQuota, relayPorts].filter((v): v is number => v !== null);
  return {
    totalQuota,
    userQuota: s.user_quota && s.user_quota > 0 ? s.user_quota : null,
    relayPorts,
    ceiling: known.length ? Math.min(...known) : null,
  };
}

/** The finest step of SERIES_STEPS that draws [from, to] in at most MAX_POINTS points. */
export function stepFor(from: Date, to: Date): number {
  const span = (to.getTime() - from.getTime()) / 1000;
  return SERIES_STEPS.find((s) => Math.ceil(span / s) <= MAX_POINTS) ?? SERIES_STEPS[SERIES_STEPS.length - 1];
}

/** Step ends covering [from, to]: the first whole step after `from`, up to the step holding `to`. */
export function stepEnds(from: Date, to: Date, stepSeconds: number): { first: Date; last: Date } {
  const ms = stepSeconds * 1000;
  return { first: new Date((Math.floor(from.getTime() / ms) + 1) * ms), last: new Date(Math.ceil(to.getTime() / ms) * ms) };
}

function addInto(into: ByTransport, add: ByTransport): void {
  for (const [k, v] of Object.entries(add) as Array<[AllocationTransport, number]>) into[k] = (into[k] ?? 0) + v;
}

// ─── queries ──────────────────────────────────────────────────────────────────────────────────

type SeriesRow = { server: string; t: Date; label: string | null; value: number };

const metrics = ALLOCATION_GAUGES.map((g) => g.metric);
const labels = ALLOCATION_GAUGES.map((g) => g.label);

type LiveRow = {
  name: string;
  software: string;
  total_quota: number | null;
  user_quota: number | null;
  relay_port_min: number | null;
  relay_port_max: number | null;
  snapshot: Array<{ metric: string; ts: string; label: string | null; value: number }>;
};

/** Live allocations of each visible server (at the range's end). */
export async function getServerAllocations(scope: QueryScope): Promise<ServerAllocations[]> {
  const rows = await runQuery<LiveRow>(LIVE_SQL, [
    scope.tenantIds,
    scope.serverIds,
    metrics,
    labels,
    new Date(scope.to.getTime() - LIVE_LOOKBACK_MS),
    scope.to,
    MAX_SERVERS,
  ]);
  return rows.map((r) => {
    const capacity = capacityOf(r);
    const snap = r.snapshot;
    if (snap.length === 0)
      return {
        server: r.name,
        software: r.software,
        metric: null,
        sampledAt: null,
        total: null,
        byTransport: {},
        capacity,
        utilisation: null,
      };
    const { total, byTransport } = byTransportOf(snap);
    return {
      server: r.name,
      software: r.software,
      metric: snap[0].metric,
      sampledAt: new Date(snap[0].ts).toISOString(),
      total,
      byTransport,
      capacity,
      utilisation: capacity.ceiling ? total / capacity.ceiling : null,
    };
  });
}

export async function getLiveAllocations(
  scope: QueryScope,
  opts: { perServer: boolean } = { perServer: false },
): Promise<AllocationsResponse> {
  const stepSeconds = stepFor(scope.from, scope.to);
  const { first, last } = stepEnds(scope.from, scope.to, stepSeconds);
  const stepTimes: string[] = [];
  for (let t = first.getTime(); t <= last.getTime(); t += stepSeconds * 1000) stepTimes.push(new Date(t).toISOString());
  const [servers, seriesRows, [{ n }]] = await Promise.all([
    getServerAllocations(scope),
    runQuery<SeriesRow>(SERIES_SQL, [
      scope.tenantIds,
      scope.serverIds,
      metrics,
      labels,
      new Date(first.getTime() - stepSeconds * 1000),
      last,
      stepSeconds,
      MAX_SERVERS,
      stepTimes,
    ]),
    runQuery<{ n: number }>(COUNT_SQL, [scope.tenantIds, scope.serverIds]),
  ]);

  const total = servers.some((s) => s.total !== null) ? servers.reduce((a, s) => a + (s.total ?? 0), 0) : null;
  const byTransport: ByTransport = {};
  for (const s of servers) addInto(byTransport, s.byTransport);

  // One point per step for the sum and for each server with data; steps without a sample are gaps (null).
  const perServer = new Map<string, Map<string, Array<{ label: string | null; value: number }>>>();
  for (const r of seriesRows) {
    const t = new Date(r.t).toISOString();
    const m = perServer.get(r.server) ?? new Map<string, Array<{ label: string | null; value: number }>>();
    perServer.set(r.server, m);
    m.set(t, [...(m.get(t) ?? []), { label: r.label, value: Number(r.value) }]);
  }
  const sum = new Map<string, { total: number; byTransport: ByTransport }>();
  const seriesByServer = [...perServer.entries()].map(([server, m]) => ({
    server,
    points: stepTimes.map((t): AllocationPoint => {
      const rows = m.get(t);
      if (!rows) return { t, total: null, byTransport: {} };
      const p = byTransportOf(rows);
      const acc = sum.get(t) ?? { total: 0, byTransport: {} };
      acc.total += p.total;
      addInto(acc.byTransport, p.byTransport);
      sum.set(t, acc);
      return { t, ...p };
    }),
  }));
  return {
    range: { from: scope.from.toISOString(), to: scope.to.toISOString(), stepSeconds },
    servers,
    total,
    byTransport,
    series: stepTimes.map((t) => ({ t, total: sum.get(t)?.total ?? null, byTransport: sum.get(t)?.byTransport ?? {} })),
    seriesByServer: opts.perServer ? seriesByServer : [],
    truncated: n > MAX_SERVERS,
  };
}
