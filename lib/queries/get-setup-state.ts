// What the home page needs to tell a new operator what to do next, whether each server's agent is
// delivering yet, and whether each SDK app's pages are sending (and joining) yet. Only what the
// caller's tenants may see ($1: their tenant ids, or null for every tenant): a server when one of
// its tenants (default or realm rule) is theirs, its sessions of their tenants, their apps and keys.
import { runQuery } from "../db/run-query";
import { SERVER_VISIBLE_TO_TENANTS } from "./visible-server";

export type ServerSetup = {
  name: string;
  region: string | null;
  software: string;
  urls: string[];
  sessions: number;
  /** Last time an agent committed a checkpoint for this server (ISO), or null. */
  lastDeliveryAt: string | null;
  /** Its metrics targets (`collect prometheus`), most recently scraped first. */
  targets: Array<{ url: string; mode: string; up: boolean; series: number | null; lastScrapeAt: string; error: string | null }>;
};

/** An SDK app and what its pages have sent: connections, how many were relayed, how many joined. */
export type AppSetup = {
  name: string;
  tenant: string;
  origins: string[];
  connections: number;
  relayed: number;
  joined: number;
  /** Last getStats report received (ISO), or null. */
  lastReportAt: string | null;
};

export type SetupState = { servers: ServerSetup[]; collectorKeys: number; apps: AppSetup[]; appKeys: number };

const SQL = `
  SELECT
    (SELECT coalesce(json_agg(json_build_object(
              'name', t.name, 'region', t.region, 'software', t.software, 'urls', t.urls,
              'sessions', (SELECT count(*) FROM relay_session s
                           WHERE s.server_id = t.id AND ($1::uuid[] IS NULL OR s.tenant_id = ANY($1::uuid[]))),
              'lastDeliveryAt', (SELECT max(c.updated_at) FROM collector_checkpoint c WHERE c.server_id = t.id),
              'targets', (SELECT coalesce(json_agg(json_build_object(
                  'url', m.url, 'mode', m.mode, 'up', m.consecutive_failures = 0 AND m.last_success_at IS NOT NULL,
                  'series', m.series_count, 'lastScrapeAt', m.last_scrape_at, 'error', m.last_error
                ) ORDER BY m.last_scrape_at DESC), '[]'::json)
                FROM (SELECT * FROM metric_target WHERE server_id = t.id ORDER BY last_scrape_at DESC NULLS LAST LIMIT 5) m)
            ) ORDER BY t.name), '[]'::json)
       FROM turn_server t
       WHERE ${SERVER_VISIBLE_TO_TENANTS}) AS servers,
    (SELECT count(*)::int FROM api_key
       WHERE kind = 'collector' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
         AND ($1::uuid[] IS NULL OR tenant_id = ANY($1::uuid[]) OR server_id IN (
               SELECT id FROM turn_server WHERE default_tenant_id = ANY($1::uuid[])))) AS collector_keys,
    (SELECT coalesce(json_agg(json_build_object(
              'name', a.name, 'tenant', tn.slug, 'origins', a.allowed_origins,
              'connections', coalesce(c.connections, 0), 'relayed', coalesce(c.relayed, 0), 'joined', coalesce(c.joined, 0),
              'lastReportAt', c.last_report_at
            ) ORDER BY a.name), '[]'::json)
       FROM app a JOIN tenant tn ON tn.id = a.tenant_id AND ($1::uuid[] IS NULL OR tn.id = ANY($1::uuid[]))
       LEFT JOIN LATERAL (
         SELECT count(*)::int AS connections,
           count(*) FILTER (WHERE path_kind IN ('turn-udp', 'turn-tcp', 'turn-tls', 'turn-unknown'))::int AS relayed,
           count(relay_session_id)::int AS joined,
           max(last_received_at) AS last_report_at
         FROM client_connection WHERE app_id = a.id
       ) c ON true) AS apps,
    (SELECT count(*)::int FROM api_key
       WHERE kind = 'app' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
         AND ($1::uuid[] IS NULL OR tenant_id = ANY($1::uuid[]))) AS app_keys`;

/** `tenantIds`: the caller's tenants (Principal.tenantIds); null = every tenant. */
export async function getSetupState(tenantIds: string[] | null): Promise<SetupState> {
  const [row] = await runQuery<{ servers: ServerSetup[]; collector_keys: number; apps: AppSetup[]; app_keys: number }>(SQL, [tenantIds]);
  return { servers: row.servers, collectorKeys: row.collector_keys, apps: row.apps, appKeys: row.app_keys };
}
