// One body of one connection, in one transaction of two statements: the connection upsert (which
// also locks its row, so two bodies of one connection are stored one after the other), then every
// good item in one INSERT whose RETURNING rows alone feed the connection's totals and latest values
// (DESIGN.md: derived totals only from new rows, so a resent body changes nothing).
import type pg from "pg";
import { runQuery } from "../../db/run-query";
import type { ReportRow } from "./rows";

export type ConnectionRow = {
  id: string;
  tenantId: string;
  appId: string;
  callId: string;
  participantId: string;
  connectionId: string;
  receivedAt: Date;
  forcedRelay: boolean;
  turnUsername: string | null;
  clientPrefix: string | null;
  clientIpHash: string | null;
  sdkVersion: string;
  userAgent: string | null;
};

const UPSERT_CONNECTION = `
  INSERT INTO client_connection AS c (id, tenant_id, app_id, call_id, participant_id, connection_id,
    first_received_at, last_received_at, forced_relay, turn_username, client_prefix, client_ip_hash,
    sdk_version, user_agent)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10::inet, $11, $12, $13)
  ON CONFLICT (id) DO UPDATE SET
    last_received_at = greatest(c.last_received_at, excluded.last_received_at),
    forced_relay = excluded.forced_relay,
    turn_username = coalesce(excluded.turn_username, c.turn_username),
    client_prefix = coalesce(excluded.client_prefix, c.client_prefix),
    client_ip_hash = coalesce(excluded.client_ip_hash, c.client_ip_hash),
    sdk_version = excluded.sdk_version,
    user_agent = coalesce(excluded.user_agent, c.user_agent),
    updated_at = now()
  RETURNING first_received_at`;

// Latest values (path, RTT, state) come from the newest new item, and only when it is newer than
// what the connection already holds: a late body (a beacon overtaking nothing) adds its volume and
// errors but never rolls the path back. Loss is lost packets over all packets, both directions.
// ICE errors are merged by (url, code) with counts, the 20 most frequent kept.
const INSERT_ITEMS = `
  WITH items AS (
    SELECT * FROM jsonb_to_recordset($4::jsonb) AS x(
      sequence int, item_type client_report_type, sampled_at timestamptz, path_kind path_kind,
      local_candidate_type text, remote_candidate_type text, turn_url text, relay_port int,
      rtt_ms float8, jitter_ms float8, fraction_lost float8, packets_lost_delta bigint,
      bytes_sent_delta bigint, bytes_received_delta bigint, packets_sent_delta bigint,
      packets_received_delta bigint, available_outgoing_bitrate float8, path_changed boolean, detail jsonb)
  ),
  ins AS (
    INSERT INTO client_report (connection_id, sequence, connection_first_received_at, tenant_id, app_id,
      received_at, sampled_at, path_kind, rtt_ms, jitter_ms, fraction_lost, packets_lost_delta,
      bytes_sent_delta, bytes_received_delta, packets_sent_delta, packets_received_delta,
      available_outgoing_bitrate, item_type, detail)
    SELECT $1, i.sequence, $2, $3, $5, $6, i.sampled_at, i.path_kind, i.rtt_ms, i.jitter_ms,
      i.fraction_lost, i.packets_lost_delta, i.bytes_sent_delta, i.bytes_received_delta,
      i.packets_sent_delta, i.packets_received_delta, i.available_outgoing_bitrate, i.item_type, i.detail
    FROM items i ORDER BY i.sequence
    ON CONFLICT DO NOTHING
    RETURNING sequence
  ),
  fresh AS (SELECT i.* FROM items i JOIN ins USING (sequence)),
  sums AS (
    SELECT count(*) AS n, max(sequence) AS max_sequence,
      coalesce(sum(bytes_sent_delta), 0) AS bytes_sent, coalesce(sum(bytes_received_delta), 0) AS bytes_received,
      coalesce(sum(packets_sent_delta), 0) AS packets_sent, coalesce(sum(packets_received_delta), 0) AS packets_received,
      coalesce(sum(packets_lost_delta), 0) AS packets_lost,
      max(rtt_ms) AS rtt_max,
      count(*) FILTER (WHERE path_changed) AS path_changes,
      count(*) FILTER (WHERE item_type = 'stats') AS stats_items,
      count(*) FILTER (WHERE item_type = 'ice-error') AS ice_errors,
      count(*) FILTER (WHERE item_type = 'state') AS state_items,
      min(round((detail->>'timeToConnectMs')::numeric)::int) FILTER (WHERE item_type = 'state') AS time_to_connect_ms
    FROM fresh
  ),
  latest_path AS (SELECT * FROM fresh WHERE item_type = 'stats' AND path_kind IS NOT NULL ORDER BY sequence DESC LIMIT 1),
  latest_rtt AS (SELECT * FROM fresh WHERE item_type = 'stats' AND rtt_ms IS NOT NULL ORDER BY sequence DESC LIMIT 1),
  latest_media AS (SELECT * FROM fresh WHERE item_type = 'stats' AND (jitter_ms IS NOT NULL) ORDER BY sequence DESC LIMIT 1),
  latest_state AS (SELECT * FROM fresh WHERE item_type = 'state' ORDER BY sequence DESC LIMIT 1),
  new_errors AS (
    SELECT detail->>'url' AS url, (detail->>'code')::int AS code, max(detail->>'text') AS text, count(*) AS n
    FROM fresh WHERE item_type = 'ice-error' GROUP BY 1, 2
  )
  UPDATE client_connection c SET
    bytes_sent = c.bytes_sent + s.bytes_sent,
    bytes_received = c.bytes_received + s.bytes_received,
    packets_sent = c.packets_sent + s.packets_sent,
    packets_received = c.packets_received + s.packets_received,
    packets_lost = c.packets_lost + s.packets_lost,
    loss_pct = CASE WHEN c.packets_sent + s.packets_sent + c.packets_received + s.packets_received > 0
      THEN 100.0 * (c.packets_lost + s.packets_lost)
        / (c.packets_sent + s.packets_sent + c.packets_received + s.packets_received + c.packets_lost + s.packets_lost)
      ELSE c.loss_pct END,
    rtt_ms_max = greatest(c.rtt_ms_max, s.rtt_max),
    path_changes = c.path_changes + s.path_changes,
    ice_error_count = c.ice_error_count + s.ice_errors,
    ice_errors = CASE WHEN s.ice_errors = 0 THEN c.ice_errors ELSE (
      SELECT coalesce(jsonb_agg(jsonb_build_object('url', m.url, 'code', m.code, 'text', m.text, 'count', m.count)
        ORDER BY m.count DESC, m.code), '[]'::jsonb)
      FROM (
        SELECT u.url, u.code, max(u.text) AS text, sum(u.n)::int AS count
        FROM (
          SELECT e->>'url' AS url, (e->>'code')::int AS code, e->>'text' AS text, (e->>'count')::int AS n
          FROM jsonb_array_elements(c.ice_errors) e
          UNION ALL SELECT url, code, text, n FROM new_errors
        ) u GROUP BY u.url, u.code ORDER BY count DESC, u.code LIMIT 20
      ) m) END,
    time_to_connect_ms = coalesce(c.time_to_connect_ms, s.time_to_connect_ms),
    path_kind = CASE WHEN lp.sequence > coalesce(c.last_sequence, -1) THEN lp.path_kind ELSE c.path_kind END,
    local_candidate_type = CASE WHEN lp.sequence > coalesce(c.last_sequence, -1) THEN lp.local_candidate_type ELSE c.local_candidate_type END,
    remote_candidate_type = CASE WHEN lp.sequence > coalesce(c.last_sequence, -1) THEN lp.remote_candidate_type ELSE c.remote_candidate_type END,
    turn_url = CASE WHEN lp.sequence > coalesce(c.last_sequence, -1) THEN lp.turn_url ELSE c.turn_url END,
    relay_port = CASE WHEN lp.sequence > coalesce(c.last_sequence, -1) THEN lp.relay_port ELSE c.relay_port END,
    rtt_ms = CASE WHEN lr.sequence > coalesce(c.last_sequence, -1) THEN lr.rtt_ms ELSE c.rtt_ms END,
    jitter_ms = CASE WHEN lm.sequence > coalesce(c.last_sequence, -1) THEN lm.jitter_ms ELSE c.jitter_ms END,
    state = CASE WHEN ls.sequence > coalesce(c.last_sequence, -1) THEN ls.detail->>'state' ELSE c.state END,
    last_sequence = greatest(c.last_sequence, s.max_sequence),
    updated_at = now()
  FROM sums s
    LEFT JOIN latest_path lp ON true
    LEFT JOIN latest_rtt lr ON true
    LEFT JOIN latest_media lm ON true
    LEFT JOIN latest_state ls ON true
  WHERE c.id = $1 AND s.n > 0
  RETURNING s.stats_items::int AS stats, s.ice_errors::int AS "ice-error", s.state_items::int AS state`;

export type InsertedByType = { stats: number; "ice-error": number; state: number };
export type StoredItems = { firstReceivedAt: Date; inserted: InsertedByType };
const NONE: InsertedByType = { stats: 0, "ice-error": 0, state: 0 };

export async function storeConnectionItems(db: pg.PoolClient, conn: ConnectionRow, rows: readonly ReportRow[]): Promise<StoredItems> {
  const [upserted] = await runQuery<{ first_received_at: Date }>(
    UPSERT_CONNECTION,
    [
      conn.id,
      conn.tenantId,
      conn.appId,
      conn.callId,
      conn.participantId,
      conn.connectionId,
      conn.receivedAt,
      conn.forcedRelay,
      conn.turnUsername,
      conn.clientPrefix,
      conn.clientIpHash,
      conn.sdkVersion,
      conn.userAgent,
    ],
    db,
  );
  if (rows.length === 0) return { firstReceivedAt: upserted.first_received_at, inserted: NONE };
  const out = await runQuery<InsertedByType>(
    INSERT_ITEMS,
    [conn.id, upserted.first_received_at, conn.tenantId, JSON.stringify(rows), conn.appId, conn.receivedAt],
    db,
  );
  return { firstReceivedAt: upserted.first_received_at, inserted: out[0] ?? NONE };
}
