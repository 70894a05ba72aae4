// Peers a session was allowed to reach (`peer X lifetime updated`), merged per (session, peer, grant),
// and `peer X deleted`, which ends every grant of that peer. `updates` counts only lines newer than
// the stored last-seen, so a replayed batch does not inflate it.
import type { Queryable } from "../../db/run-query";
import { runQuery } from "../../db/run-query";
import type { PeerDeleteRow, PeerRow } from "./rows";

const UPSERT_SQL = `
  WITH x AS (
    SELECT * FROM json_to_recordset($2::json) AS x(
      session_id uuid, "grant" peer_grant, peer_prefix inet, peer_ip_hash text, peer_address inet, peer_port int,
      peer_class text, first_seen_at timestamptz, last_seen_at timestamptz, seen int8[])
  ), up AS (
    INSERT INTO relay_peer AS p (session_id, tenant_id, server_id, "grant", peer_prefix, peer_ip_hash, peer_address, peer_port,
                                 peer_class, first_seen_at, last_seen_at, updates)
    SELECT x.session_id, s.tenant_id, $1, x."grant", x.peer_prefix, x.peer_ip_hash, x.peer_address, x.peer_port, x.peer_class,
           x.first_seen_at, x.last_seen_at,
           -- new row: every line; known row: the lines after what is stored (used by DO UPDATE below)
           (SELECT count(*) FROM unnest(x.seen) AS t
             WHERE cur.last_seen_at IS NULL OR t > (extract(epoch FROM cur.last_seen_at) * 1000)::int8)::int
    FROM x
    -- Index probes per row (LATERAL … LIMIT 1 is never flattened; both keys are unique): a join
    -- would be planned for json_to_recordset's guess of 100 rows and may hash whole tables.
    CROSS JOIN LATERAL (SELECT tenant_id FROM relay_session WHERE id = x.session_id LIMIT 1) s
    LEFT JOIN LATERAL (
      SELECT c.last_seen_at FROM relay_peer c
      WHERE c.session_id = x.session_id AND c.peer_ip_hash = x.peer_ip_hash AND c."grant" = x."grant" LIMIT 1
    ) cur ON true
    ORDER BY x.session_id, x.peer_ip_hash, x."grant"
    ON CONFLICT (session_id, peer_ip_hash, "grant") DO UPDATE SET
      peer_port = CASE WHEN EXCLUDED.last_seen_at >= p.last_seen_at THEN COALESCE(EXCLUDED.peer_port, p.peer_port) ELSE p.peer_port END,
      first_seen_at = LEAST(p.first_seen_at, EXCLUDED.first_seen_at),
      last_seen_at = GREATEST(p.last_seen_at, EXCLUDED.last_seen_at),
      -- granted again after a delete: open again
      deleted_at = CASE WHEN p.deleted_at < EXCLUDED.last_seen_at THEN NULL ELSE p.deleted_at END,
      updates = p.updates + EXCLUDED.updates
    RETURNING (xmax = 0) AS inserted
  )
  SELECT count(*) FILTER (WHERE inserted)::int AS inserted FROM up`;

// The rows are found by index probes (at most one per grant, hence LIMIT 2, which also keeps the
// LATERAL from being flattened into a join that may hash the whole table), then updated by id.
const DELETE_SQL = `
  WITH hit AS (
    SELECT q.id, x.ts
    FROM json_to_recordset($1::json) AS x(session_id uuid, peer_ip_hash text, ts timestamptz)
    CROSS JOIN LATERAL (
      SELECT p.id FROM relay_peer p
      WHERE p.session_id = x.session_id AND p.peer_ip_hash = x.peer_ip_hash
        AND p.last_seen_at <= x.ts AND (p.deleted_at IS NULL OR p.deleted_at < x.ts)
      LIMIT 2
    ) q
  )
  UPDATE relay_peer p SET deleted_at = hit.ts FROM hit WHERE p.id = hit.id`;

/** The statements' JSON parameters (null: nothing to write), built while the batch is prepared. */
export type PeerParams = { peers: string | null; deletes: string | null };

export function peerParams(peers: readonly PeerRow[], deletes: readonly PeerDeleteRow[]): PeerParams {
  return { peers: peers.length ? JSON.stringify(peers) : null, deletes: deletes.length ? JSON.stringify(deletes) : null };
}

/** Upserts the peers, then marks deleted ones; returns how many peer rows are new. */
export async function upsertPeers(db: Queryable, serverId: string, params: PeerParams) {
  let inserted = 0;
  if (params.peers !== null) inserted = (await runQuery<{ inserted: number }>(UPSERT_SQL, [serverId, params.peers], db))[0]?.inserted ?? 0;
  if (params.deletes !== null) await runQuery(DELETE_SQL, [params.deletes], db);
  return inserted;
}
