// The join (DESIGN.md, our edge): a relayed browser connection ↔ the coturn session that carried it.
// The connection's TURN url names the server (turn-url.ts), its local relay candidate's port is the
// session's relay port, and the two must overlap in time (server receive time of the reports
// against the session's logged life, with slack for clocks and batching); the TURN username, when
// the app passed it to the SDK, must be the session's. Several sessions can fit when coturn reuses a
// port: the one that started nearest the connection's first report wins. Joins stay within a
// tenant, so no tenant ever sees another's sessions through a call.
//
// It runs at ingest for the connection just stored, and from the join-retry job for relayed
// connections still unjoined, while their coturn lines may still arrive (lib/jobs/schedule.ts).
import { type Queryable, runQuery } from "../db/run-query";
import { type ServerUrls, serversForUrl } from "./turn-url";

/** Unjoined relayed connections are retried while their last report is younger than this. */
export const JOIN_RETRY_WINDOW_MINUTES = 15;
const RELAYED = ["turn-udp", "turn-tcp", "turn-tls"];

const SERVERS_SQL = "SELECT id, urls, hostnames FROM turn_server";

const CANDIDATES_SQL = `
  SELECT id, turn_url FROM client_connection
  WHERE id = ANY($1::uuid[]) AND relay_session_id IS NULL AND turn_url IS NOT NULL
    AND relay_port IS NOT NULL AND path_kind::text = ANY($2::text[])`;

const PENDING_SQL = `
  SELECT id, turn_url FROM client_connection
  WHERE relay_session_id IS NULL AND turn_url IS NOT NULL AND relay_port IS NOT NULL
    AND path_kind::text = ANY($1::text[])
    AND last_received_at > now() - make_interval(mins => $2)
  ORDER BY last_received_at DESC
  LIMIT $3`;

const JOIN_SQL = `
  WITH wanted AS (
    SELECT x.id, x.server_ids FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, server_ids uuid[])
  ),
  pick AS (
    SELECT DISTINCT ON (cc.id) cc.id, rs.id AS session_id
    FROM wanted w
    JOIN client_connection cc ON cc.id = w.id
    JOIN relay_session rs ON rs.server_id = ANY(w.server_ids)
      AND rs.relay_port = cc.relay_port
      AND rs.tenant_id = cc.tenant_id
      AND rs.started_at <= cc.last_received_at + interval '2 minutes'
      AND coalesce(rs.ended_at, 'infinity'::timestamptz) >= cc.first_received_at - interval '2 minutes'
      AND (cc.turn_username IS NULL OR rs.username = cc.turn_username OR rs.stable_user = cc.turn_username)
    WHERE cc.relay_session_id IS NULL
    ORDER BY cc.id, abs(extract(epoch FROM rs.started_at - cc.first_received_at))
  )
  UPDATE client_connection cc SET
    turn_server_id = CASE WHEN cardinality(w.server_ids) = 1 THEN w.server_ids[1] ELSE cc.turn_server_id END,
    relay_session_id = pick.session_id,
    joined_at = CASE WHEN pick.session_id IS NULL THEN NULL ELSE now() END,
    join_attempts = cc.join_attempts + 1
  FROM wanted w LEFT JOIN pick ON pick.id = w.id
  WHERE cc.id = w.id AND cc.relay_session_id IS NULL
  RETURNING cc.id, pick.session_id`;

let serverCache: { at: number; servers: Promise<ServerUrls[]> } | undefined;

/** TURN servers and their urls, read at most every 30 s (servers are added rarely). */
function turnServers(db?: Queryable): Promise<ServerUrls[]> {
  const now = Date.now();
  if (!serverCache || now - serverCache.at > 30_000) {
    const servers = runQuery<ServerUrls>(SERVERS_SQL, [], db);
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

async function join(rows: readonly { id: string; turn_url: string }[], db?: Queryable): Promise<JoinResult> {
  if (rows.length === 0) return { attempted: 0, joined: 0, unknownServer: 0 };
  const servers = await turnServers(db);
  const wanted = rows.map((r) => ({ id: r.id, server_ids: serversForUrl(servers, r.turn_url) }));
  const out = await runQuery<{ id: string; session_id: string | null }>(JOIN_SQL, [JSON.stringify(wanted)], db);
  return {
    attempted: out.length,
    joined: out.filter((r) => r.session_id !== null).length,
    unknownServer: wanted.filter((w) => w.server_ids.length === 0).length,
  };
}

/** Joins these connections when they are relayed and not joined yet. */
export async function joinConnections(ids: readonly string[], db?: Queryable): Promise<JoinResult> {
  const rows = await runQuery<{ id: string; turn_url: string }>(CANDIDATES_SQL, [ids, RELAYED], db);
  return join(rows, db);
}

/** One pass of the join-retry job over relayed connections still unjoined. */
export async function joinPending(limit = 5000, db?: Queryable): Promise<JoinResult> {
  const rows = await runQuery<{ id: string; turn_url: string }>(PENDING_SQL, [RELAYED, JOIN_RETRY_WINDOW_MINUTES, limit], db);
  return join(rows, db);
}
