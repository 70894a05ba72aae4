// What /metrics computes at scrape time from the database, besides the collector series: each
// metrics target's status, and the relay sessions open now with their bytes per leg, per server and
// tenant. Label sets are bounded (at most 1000 targets; servers and tenants are configuration).
import { runQuery } from "../db/run-query";

const TARGETS_SQL = `
  SELECT s.name AS server, t.mode, t.url, t.query, t.consecutive_failures, t.series_count,
         (t.last_success_at IS NOT NULL AND t.consecutive_failures = 0) AS up,
         extract(epoch FROM (now() - t.last_success_at))::float8 AS success_age_seconds
  FROM metric_target t JOIN turn_server s ON s.id = t.server_id
  WHERE t.last_scrape_at > now() - interval '30 days'
  ORDER BY s.name, t.url
  LIMIT 1000`;

// Open = no close line yet and seen within the hour (coturn refreshes allocations well within it;
// a session whose close line was lost stops counting instead of counting forever).
const ACTIVE_SQL = `
  SELECT s.name AS server, tn.slug AS tenant, count(*)::int AS sessions,
         sum(r.client_rx_bytes)::float8 AS client_rx, sum(r.client_tx_bytes)::float8 AS client_tx,
         sum(r.peer_rx_bytes)::float8 AS peer_rx, sum(r.peer_tx_bytes)::float8 AS peer_tx
  FROM relay_session r
  JOIN turn_server s ON s.id = r.server_id
  JOIN tenant tn ON tn.id = r.tenant_id
  WHERE r.ended_at IS NULL AND r.last_seen_at > now() - interval '1 hour'
  GROUP BY s.name, tn.slug`;

export type TargetGaugeRow = {
  server: string;
  mode: string;
  url: string;
  query: string;
  consecutive_failures: number;
  series_count: number | null;
  up: boolean;
  success_age_seconds: number | null;
};
export type ActiveRelayRow = {
  server: string;
  tenant: string;
  sessions: number;
  client_rx: number;
  client_tx: number;
  peer_rx: number;
  peer_tx: number;
};

export const getTargetGauges = () => runQuery<TargetGaugeRow>(TARGETS_SQL);
export const getActiveRelayGauges = () => runQuery<ActiveRelayRow>(ACTIVE_SQL);
