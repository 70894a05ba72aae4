// Every session a batch touches and the batch's usage deltas, in one statement, so each session row
// is written once per batch. The deltas go in first (ON CONFLICT DO NOTHING); only the rows that
// INSERT actually added (RETURNING) are summed into the session upsert's byte totals, so a replayed
// line never counts twice (DESIGN.md "Derived totals only from new rows").
// Sessions are merged per coturn session beforehand (one multi-row upsert may not touch a row twice)
// and upserted in id order, so concurrent batches lock sessions in the same order; the counter
// updates that follow in the transaction cannot deadlock. Deltas go in id order too.
// Merge rules, idempotent under replay and reordering: earliest start / allocation / end, latest
// last-seen, a value from this batch replaces a stored one, flags only turn on.
// A delta takes its session's tenant as the upsert will leave it: the stored one once the stored row
// names a realm or user, else the one this batch decides.
import type { Queryable } from "../../db/run-query";
import { runQuery } from "../../db/run-query";
import type { UsageRow } from "./rows";
import type { SessionRow } from "./sessions";

const SQL = `
  WITH d AS (
    SELECT * FROM json_to_recordset($2::json) AS x(
      id uuid, tenant_id uuid, run_started_at timestamptz, coturn_session_id int8, realm text, username text, stable_user text,
      credential_expires_at timestamptz, client_prefix inet, client_ip_hash text, client_transport text, tls_cipher text,
      tls_method text, listener_address text, relay_ip inet, relay_port int, tcp_relay boolean, lifetime_seconds int,
      started_at timestamptz, allocated_at timestamptz, last_seen_at timestamptz, ended_at timestamptz, close_reason text,
      time_approximate boolean)
  ), u AS (
    SELECT u.id, timestamptz 'epoch' + u.ms * interval '1 millisecond' AS ts, u.session_id, u.leg, u.rp, u.rb, u.sp, u.sb
    FROM unnest($3::uuid[], $4::int8[], $5::uuid[], $6::usage_leg[], $7::int8[], $8::int8[], $9::int8[], $10::int8[])
      AS u(id, ms, session_id, leg, rp, rb, sp, sb)
  ), tenant AS (
    -- One primary-key probe per session (LATERAL … LIMIT 1 is never flattened into a join): the
    -- planner, guessing 100 rows for json_to_recordset, otherwise hashes the whole session table
    -- on every batch, a cost that grows with the table.
    SELECT d.id, CASE WHEN cur.realm IS NOT NULL OR cur.username IS NOT NULL THEN cur.tenant_id ELSE d.tenant_id END AS tenant_id
    FROM d LEFT JOIN LATERAL (SELECT c.tenant_id, c.realm, c.username FROM relay_session c WHERE c.id = d.id LIMIT 1) cur ON true
  ), ins AS (
    INSERT INTO relay_usage_delta (id, ts, tenant_id, server_id, session_id, leg, rx_packets, rx_bytes, tx_packets, tx_bytes)
    SELECT u.id, u.ts, t.tenant_id, $1, u.session_id, u.leg, u.rp, u.rb, u.sp, u.sb
    FROM u
    JOIN tenant t ON t.id = u.session_id
    ORDER BY u.id
    ON CONFLICT DO NOTHING
    RETURNING session_id, leg, rx_packets, rx_bytes, tx_packets, tx_bytes
  ), per_session AS (
    SELECT session_id,
      sum(rx_packets) FILTER (WHERE leg = 'client') AS crp, sum(rx_bytes) FILTER (WHERE leg = 'client') AS crb,
      sum(tx_packets) FILTER (WHERE leg = 'client') AS csp, sum(tx_bytes) FILTER (WHERE leg = 'client') AS csb,
      sum(rx_packets) FILTER (WHERE leg = 'peer') AS prp, sum(rx_bytes) FILTER (WHERE leg = 'peer') AS prb,
      sum(tx_packets) FILTER (WHERE leg = 'peer') AS psp, sum(tx_bytes) FILTER (WHERE leg = 'peer') AS psb,
      count(*) AS n
    FROM ins GROUP BY session_id
  ), up AS (
    INSERT INTO relay_session AS s (
      id, tenant_id, server_id, run_started_at, coturn_session_id, realm, username, stable_user, credential_expires_at,
      client_prefix, client_ip_hash, client_transport, tls_cipher, tls_method, listener_address, relay_ip, relay_port,
      tcp_relay, lifetime_seconds, started_at, allocated_at, last_seen_at, ended_at, close_reason, time_approximate,
      client_rx_packets, client_rx_bytes, client_tx_packets, client_tx_bytes,
      peer_rx_packets, peer_rx_bytes, peer_tx_packets, peer_tx_bytes)
    SELECT x.id, x.tenant_id, $1, x.run_started_at, x.coturn_session_id, x.realm, x.username, x.stable_user, x.credential_expires_at,
      x.client_prefix, x.client_ip_hash, x.client_transport::client_transport, x.tls_cipher, x.tls_method, x.listener_address,
      x.relay_ip, x.relay_port, x.tcp_relay, x.lifetime_seconds, x.started_at, x.allocated_at, x.last_seen_at, x.ended_at,
      x.close_reason, x.time_approximate,
      COALESCE(p.crp, 0), COALESCE(p.crb, 0), COALESCE(p.csp, 0), COALESCE(p.csb, 0),
      COALESCE(p.prp, 0), COALESCE(p.prb, 0), COALESCE(p.psp, 0), COALESCE(p.psb, 0)
    FROM d AS x
    LEFT JOIN per_session p ON p.session_id = x.id
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
      -- new deltas only (ins above); a new row starts from them
      client_rx_packets = s.client_rx_packets + EXCLUDED.client_rx_packets, client_rx_bytes = s.client_rx_bytes + EXCLUDED.client_rx_bytes,
      client_tx_packets = s.client_tx_packets + EXCLUDED.client_tx_packets, client_tx_bytes = s.client_tx_bytes + EXCLUDED.client_tx_bytes,
      peer_rx_packets = s.peer_rx_packets + EXCLUDED.peer_rx_packets, peer_rx_bytes = s.peer_rx_bytes + EXCLUDED.peer_rx_bytes,
      peer_tx_packets = s.peer_tx_packets + EXCLUDED.peer_tx_packets, peer_tx_bytes = s.peer_tx_bytes + EXCLUDED.peer_tx_bytes,
      updated_at = now()
    RETURNING (xmax = 0) AS inserted
  )
  SELECT (SELECT count(*) FILTER (WHERE inserted) FROM up)::int AS sessions,
         (SELECT COALESCE(sum(n), 0) FROM per_session)::int AS usage`;

/** The statement's parameters after the server id: built while the batch is prepared, off the store's path. */
export type SessionsAndUsageParams = { sessions: number; values: string[] };

export function sessionsAndUsageParams(sessions: readonly SessionRow[], usage: readonly UsageRow[]): SessionsAndUsageParams {
  // Array literals built here with one join each: every value is a uuid, an enum label or an
  // integer (nothing to quote), and pg's per-element escaping was a visible cost on this hot path.
  const col = <K extends keyof UsageRow>(k: K) => `{${usage.map((r) => r[k]).join(",")}}`;
  return {
    sessions: sessions.length,
    values: [JSON.stringify(sessions), col("id"), col("tsMs"), col("sessionId"), col("leg"), col("rp"), col("rb"), col("sp"), col("sb")],
  };
}

/** Inserts the deltas and upserts the sessions with their new deltas; returns how many rows are new. */
export async function upsertSessionsAndUsage(
  db: Queryable,
  serverId: string,
  params: SessionsAndUsageParams,
): Promise<{ sessions: number; usage: number }> {
  if (params.sessions === 0) return { sessions: 0, usage: 0 };
  const [r] = await runQuery<{ sessions: number; usage: number }>(SQL, [serverId, ...params.values], db);
  return { sessions: r?.sessions ?? 0, usage: r?.usage ?? 0 };
}
