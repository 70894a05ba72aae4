// The join (DESIGN.md, our edge): a relayed browser connection ↔ the coturn session that carried it.
// The connection's TURN url names the server (turn-url.ts), its local relay candidate's port is the
// session's relay port, and the session was alive around the connection's reports (server receive
// time against the session's logged life, with slack for clocks and batching) and began at most
// 10 minutes before the first of them; the TURN username, when the app passed it to the SDK, must be
// the session's. A session carries one connection. Several sessions can fit when coturn reuses a
// port: one on the relay address the browser saw wins (servers behind one host name), then the one
// that started nearest the connection's first report; the address only ranks, because a coturn
// behind NAT logs its private relay address while browsers see the public one. Joins stay within a
// tenant, so no tenant ever sees another's sessions through a call. The SQL is
// relayscope_join_connections (migration 20261121160000), shared with the ingest's store.
//
// It runs at ingest for the connection just stored, and from the join-retry job for relayed
// connections still unjoined, while their coturn lines may still arrive (lib/jobs/schedule.ts).
import { type Queryable, runQuery } from "../db/run-query";
import { type ServerUrls, serversForUrl } from "./turn-url";

/** Unjoined relayed connections are retried while their last report is younger than this. */
export const JOIN_RETRY_WINDOW_MINUTES = 15;
const RELAYED = ["turn-udp", "turn-tcp", "turn-tls"];

// With the tenants each server serves (its default and its realm rules'): a browser connection only
// resolves to a server of its own tenant, so an app cannot learn another tenant's server by posting
// its url (app keys are public).
const SERVERS_SQL = `
  SELECT t.id, t.urls, t.hostnames,
    ARRAY(SELECT t.default_tenant_id UNION SELECT r.tenant_id FROM realm_tenant_rule r WHERE r.server_id = t.id) AS tenant_ids
  FROM turn_server t`;

type TenantServer = ServerUrls & { tenant_ids: string[] };
const ofTenant = (servers: readonly TenantServer[], tenantId: string) => servers.filter((s) => s.tenant_ids.includes(tenantId));

const PENDING_SQL = `
  SELECT id, tenant_id, turn_url FROM client_connection
  WHERE relay_session_id IS NULL AND turn_url IS NOT NULL AND relay_port IS NOT NULL
    AND path_kind::text = ANY($1::text[])
    AND last_received_at > now() - make_interval(mins => $2)
  ORDER BY last_received_at DESC
  LIMIT $3`;

// The join itself is SQL (migration 20261121160000), shared with the ingest's one-round-trip store.
const JOIN_SQL = "SELECT connection_id AS id, session_id FROM relayscope_join_connections($1::jsonb)";

let serverCache: { at: number; servers: Promise<TenantServer[]> } | undefined;

/** TURN servers and their urls, read at most every 30 s (servers are added rarely). */
function turnServers(db?: Queryable): Promise<TenantServer[]> {
  const now = Date.now();
  if (!serverCache || now - serverCache.at > 30_000) {
    const servers = runQuery<TenantServer>(SERVERS_SQL, [], db);
    serverCache = { at: now, servers };
    servers.catch(() => {
      serverCache = undefined;
    });
  }
  return serverCache.servers;
}

/** Forgets the cached server list (tests and `server add` in the same process). */
export function forgetTurnServers(): void {
  serverCache = undefined;
}

export type JoinResult = { attempted: number; joined: number; unknownServer: number };

async function join(rows: readonly { id: string; tenant_id: string; turn_url: string }[], db?: Queryable): Promise<JoinResult> {
  if (rows.length === 0) return { attempted: 0, joined: 0, unknownServer: 0 };
  const servers = await turnServers(db);
  // A url that names no server we collect from cannot join: not worth a row lock every minute.
  const wanted = rows
    .map((r) => ({ id: r.id, server_ids: serversForUrl(ofTenant(servers, r.tenant_id), r.turn_url) }))
    .filter((w) => w.server_ids.length > 0);
  const unknownServer = rows.length - wanted.length;
  if (wanted.length === 0) return { attempted: 0, joined: 0, unknownServer };
  const out = await runQuery<{ id: string; session_id: string | null }>(JOIN_SQL, [JSON.stringify(wanted)], db);
  return { attempted: out.length, joined: out.filter((r) => r.session_id !== null).length, unknownServer };
}

/** The TURN servers of the tenant a getStats turn url names (the server list is cached for 30 s). */
export async function serversForTurnUrl(url: string | undefined, tenantId: string): Promise<string[]> {
  return url ? serversForUrl(ofTenant(await turnServers(), tenantId), url) : [];
}

/** One pass of the join-retry job over relayed connections still unjoined. */
export async function joinPending(limit = 5000, db?: Queryable): Promise<JoinResult> {
  const rows = await runQuery<{ id: string; tenant_id: string; turn_url: string }>(
    PENDING_SQL,
    [RELAYED, JOIN_RETRY_WINDOW_MINUTES, limit],
    db,
  );
  return join(rows, db);
}
