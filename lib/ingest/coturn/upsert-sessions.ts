// Every session a batch touches, in one multi-row upsert (rows merged per session beforehand, in id
// order so concurrent batches lock sessions in the same order). It also locks each touched session
// for the rest of the transaction, so the counter updates that follow cannot deadlock.
// Merge rules, idempotent under replay and reordering: earliest start / allocation / end, latest
// last-seen, a value from this batch replaces a stored one, flags only turn on.
import type { Queryable } from "../../db/run-query";
import { runQuery } from "../../db/run-query";
import type { SessionRow } from "./sessions";

const SQL = `
  WITH up AS (
    INSERT INTO relay_session AS s (
      id, tenant_id, server_id, run_started_at, coturn_session_id, realm, username, stable_user, credential_expires_at,
      client_prefix, client_ip_hash, client_transport, tls_cipher, tls_method, listener_address, relay_ip, relay_port,
      tcp_relay, lifetime_seconds, started_at, allocated_at, last_seen_at, ended_at, close_reason, time_approximate)
    SELECT x.id, x.tenant_id, $1, x.run_started_at, x.coturn_session_id, x.realm, x.username, x.stable_user, x.credential_expires_at,
      x.client_prefix, x.client_ip_hash, x.client_transport::client_transport, x.tls_cipher, x.tls_method, x.listener_address,
      x.relay_ip, x.relay_port, x.tcp_relay, x.lifetime_seconds, x.started_at, x.allocated_at, x.last_seen_at, x.ended_at,
      x.close_reason, x.time_approximate
    FROM jsonb_to_recordset($2::jsonb) AS x(
      id uuid, tenant_id uuid, run_started_at timestamptz, coturn_session_id int8, realm text, username text, stable_user text,
      credential_expires_at timestamptz, client_prefix inet, client_ip_hash text, client_transport text, tls_cipher text,
      tls_method text, listener_address text, relay_ip inet, relay_port int, tcp_relay boolean, lifetime_seconds int,
      started_at timestamptz, allocated_at timestamptz, last_seen_at timestamptz, ended_at timestamptz, close_reason text,
      time_approximate boolean)
    ORDER BY x.id
    ON CONFLICT (id) DO UPDATE SET
      -- A row first made from a line without realm or user got the default tenant; the first line
      -- that names them decides.
      tenant_id = CASE WHEN s.realm IS NULL AND s.username IS NULL THEN EXCLUDED.tenant_id ELSE s.tenant_id END,
      realm = COALESCE(EXCLUDED.realm, s.realm),
      username = COALESCE(EXCLUDED.username, s.username),
      stable_user = CASE WHEN EXCLUDED.username IS NULL THEN s.stable_user ELSE EXCLUDED.stable_user END,
      credential_expires_at = CASE WHEN EXCLUDED.username IS NULL THEN s.credential_expires_at ELSE EXCLUDED.credential_expires_at END,
      client_prefix = COALESCE(EXCLUDED.client_prefix, s.client_prefix),
      client_ip_hash = COALESCE(EXCLUDED.client_ip_hash, s.client_ip_hash),
      client_transport = COALESCE(EXCLUDED.client_transport, s.client_transport),
      tls_cipher = COALESCE(EXCLUDED.tls_cipher, s.tls_cipher),
      tls_method = COALESCE(EXCLUDED.tls_method, s.tls_method),
      listener_address = COALESCE(EXCLUDED.listener_address, s.listener_address),
      relay_ip = COALESCE(EXCLUDED.relay_ip, s.relay_ip),
      relay_port = COALESCE(EXCLUDED.relay_port, s.relay_port),
      tcp_relay = s.tcp_relay OR EXCLUDED.tcp_relay,
      lifetime_seconds = COALESCE(EXCLUDED.lifetime_seconds, s.lifetime_seconds),
      started_at = LEAST(s.started_at, EXCLUDED.started_at),
      allocated_at = LEAST(s.allocated_at, EXCLUDED.allocated_at),
      last_seen_at = GREATEST(s.last_seen_at, EXCLUDED.last_seen_at),
      close_reason = CASE WHEN EXCLUDED.ended_at < s.ended_at OR s.ended_at IS NULL THEN COALESCE(EXCLUDED.close_reason, s.close_reason)
                          ELSE s.close_reason END,
      ended_at = LEAST(s.ended_at, EXCLUDED.ended_at),
      time_approximate = s.time_approximate OR EXCLUDED.time_approximate,
      updated_at = now()
    RETURNING s.id, s.tenant_id, (xmax = 0) AS inserted
  )
  SELECT id, tenant_id, inserted FROM up`;

/** Upserts the sessions; returns how many rows are new and each session's (stored) tenant. */
export async function upsertSessions(
  db: Queryable,
  serverId: string,
  rows: readonly SessionRow[],
): Promise<{ inserted: number; tenants: Map<string, string> }> {
  if (rows.length === 0) return { inserted: 0, tenants: new Map() };
  const out = await runQuery<{ id: string; tenant_id: string; inserted: boolean }>(SQL, [serverId, JSON.stringify(rows)], db);
  return { inserted: out.filter((r) => r.inserted).length, tenants: new Map(out.map((r) => [r.id, r.tenant_id])) };
}
