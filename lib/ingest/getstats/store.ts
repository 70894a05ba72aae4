// One body of one connection in one round trip: relayscope_store_getstats (migration
// 20261121160000) upserts the connection, which locks its row so bodies of one connection are stored
// one after the other, then stores every good item in one INSERT whose RETURNING rows alone feed the
// connection's totals and latest values (DESIGN.md: derived totals only from new rows, so a resent
// body changes nothing), quarantines the refused items, and tries the join.
import { runQuery } from "../../db/run-query";
import type { QuarantineRow } from "./quarantine";
import type { ReportRow } from "./rows";

export type ConnectionRow = {
  id: string;
  tenant_id: string;
  app_id: string;
  call_id: string;
  participant_id: string;
  connection_id: string;
  received_at: string;
  forced_relay: boolean;
  turn_username: string | null;
  client_prefix: string | null;
  client_ip_hash: string | null;
  sdk_version: string;
  user_agent: string | null;
};

const STORE_SQL = `
  SELECT inserted_stats AS stats, inserted_ice_errors AS "ice-error", inserted_states AS state, is_joined AS joined
  FROM relayscope_store_getstats($1::jsonb, $2::jsonb, $3::jsonb, $4::uuid[])`;

export type InsertedByType = { stats: number; "ice-error": number; state: number };
export type StoredBody = { inserted: InsertedByType; joined: boolean };

/**
 * Stores the body; `joinServers` are the TURN servers its newest path names (empty: no join
 * attempt now; the join-retry job still tries relayed connections later).
 */
export async function storeConnectionBody(
  conn: ConnectionRow,
  rows: readonly ReportRow[],
  quarantined: readonly QuarantineRow[],
  joinServers: readonly string[],
): Promise<StoredBody> {
  const [out] = await runQuery<InsertedByType & { joined: boolean }>(STORE_SQL, [
    JSON.stringify(conn),
    JSON.stringify(rows),
    JSON.stringify(quarantined),
    joinServers,
  ]);
  return { inserted: { stats: out.stats, "ice-error": out["ice-error"], state: out.state }, joined: out.joined };
}
