-- getStats ingest in one round trip. This machine class pays ~0.2 ms per socket write, and a body
-- took seven statements (BEGIN, connection upsert, items, COMMIT, join lookup, join update…): the
-- store and the join now run as one function call, still with two statements inside it, so the
-- connection's row lock orders concurrent bodies of one connection and the items statement sees what
-- the previous body committed (DESIGN.md: derived totals only from new rows).

-- The join (DESIGN.md, lib/join/join-connections.ts): relayed connections ↔ the coturn session that
-- carried them, by server (the TURN url's, resolved by the app), relay port, time (the session was
-- alive around the connection's reports, 2 minutes of slack, and began at most 10 minutes before the
-- first of them: an older session still open on that port is a stale one, not this call's), the
-- username when the app passed one, and the tenant. One session carries one connection (one
-- allocation per relay candidate). Of several that fit, one on the relay address the browser saw
-- wins (servers behind one host name), then the nearest start; the address only ranks, because a
-- coturn behind NAT logs its private relay address while browsers see the public one.
-- p_wanted: [{id, server_ids}]. Returns each connection tried and its session (null: not joined).
CREATE FUNCTION relayscope_join_connections(p_wanted jsonb)
RETURNS TABLE (connection_id uuid, session_id uuid)
LANGUAGE sql AS $fn$
  WITH wanted AS (
    SELECT x.id, x.server_ids FROM jsonb_to_recordset(p_wanted) AS x(id uuid, server_ids uuid[])
  ),
  pick AS (
    SELECT DISTINCT ON (cc.id) cc.id, rs.id AS session_id, rs.server_id
    FROM wanted w
    JOIN client_connection cc ON cc.id = w.id
    JOIN relay_session rs ON rs.server_id = ANY(w.server_ids)
      AND rs.relay_port = cc.relay_port
      AND rs.tenant_id = cc.tenant_id
      AND rs.started_at <= cc.last_received_at + interval '2 minutes'
      AND rs.started_at >= cc.first_received_at - interval '10 minutes'
      AND coalesce(rs.ended_at, 'infinity'::timestamptz) >= cc.first_received_at - interval '2 minutes'
      AND (cc.turn_username IS NULL OR rs.username = cc.turn_username OR rs.stable_user = cc.turn_username)
      AND NOT EXISTS (SELECT 1 FROM client_connection o WHERE o.relay_session_id = rs.id AND o.id <> cc.id)
    WHERE cc.relay_session_id IS NULL
    ORDER BY cc.id, (rs.relay_ip = cc.relay_ip) IS TRUE DESC, abs(extract(epoch FROM rs.started_at - cc.first_received_at))
  )
  UPDATE client_connection cc SET
    turn_server_id = coalesce(pick.server_id, CASE WHEN cardinality(w.server_ids) = 1 THEN w.server_ids[1] ELSE cc.turn_server_id END),
    relay_session_id = pick.session_id,
    joined_at = CASE WHEN pick.session_id IS NULL THEN NULL ELSE now() END,
    join_attempts = cc.join_attempts + 1
  FROM wanted w LEFT JOIN pick ON pick.id = w.id
  WHERE cc.id = w.id AND cc.relay_session_id IS NULL
  RETURNING cc.id, pick.session_id
$fn$;

-- One body of one connection: conn is the connection row, items the report rows (one per item, of
-- every type), quarantined the refused items, join_servers the servers the body's TURN url names.
CREATE FUNCTION relayscope_store_getstats(p_conn jsonb, p_items jsonb, p_quarantined jsonb, p_join_servers uuid[])
RETURNS TABLE (inserted_stats int, inserted_ice_errors int, inserted_states int, is_joined boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_id uuid := (p_conn->>'id')::uuid;
  v_tenant uuid := (p_conn->>'tenant_id')::uuid;
  v_app uuid := (p_conn->>'app_id')::uuid;
  v_now timestamptz := (p_conn->>'received_at')::timestamptz;
  v_first timestamptz;
BEGIN
  INSERT INTO client_connection AS c (id, tenant_id, app_id, call_id, participant_id, connection_id,
    first_received_at, last_received_at, forced_relay, turn_username, client_prefix, client_ip_hash,
    sdk_version, user_agent)
  VALUES (v_id, v_tenant, v_app, p_conn->>'call_id', p_conn->>'participant_id', p_conn->>'connection_id',
    v_now, v_now, (p_conn->>'forced_relay')::boolean, p_conn->>'turn_username', (p_conn->>'client_prefix')::inet,
    p_conn->>'client_ip_hash', p_conn->>'sdk_version', p_conn->>'user_agent')
  ON CONFLICT (id) DO UPDATE SET
    last_received_at = greatest(c.last_received_at, excluded.last_received_at),
    forced_relay = excluded.forced_relay,
    turn_username = coalesce(excluded.turn_username, c.turn_username),
    client_prefix = coalesce(excluded.client_prefix, c.client_prefix),
    client_ip_hash = coalesce(excluded.client_ip_hash, c.client_ip_hash),
    sdk_version = excluded.sdk_version,
    user_agent = coalesce(excluded.user_agent, c.user_agent),
    updated_at = now()
  RETURNING c.first_received_at INTO v_first;

  -- Latest values (path, RTT, state) come from the newest new item, and only when it is newer than
  -- what the connection already holds: a late body adds its volume and errors but never rolls the
  -- path back. Loss is lost packets over all packets, both directions. ICE errors are merged by
  -- (url, code) with counts, the 20 most frequent kept.
  IF jsonb_array_length(p_items) > 0 THEN
    WITH items AS (
      SELECT * FROM jsonb_to_recordset(p_items) AS x(
        sequence int, item_type client_report_type, sampled_at timestamptz, path_kind path_kind,
        local_candidate_type text, remote_candidate_type text, turn_url text, relay_port int, relay_address inet,
        rtt_ms float8, jitter_ms float8, fraction_lost float8, packets_lost_delta bigint,
        bytes_sent_delta bigint, bytes_received_delta bigint, packets_sent_delta bigint,
        packets_received_delta bigint, available_outgoing_bitrate float8, path_changed boolean, detail jsonb)
    ),
    ins AS (
      INSERT INTO client_report (connection_id, sequence, connection_first_received_at, tenant_id, app_id,
        received_at, sampled_at, path_kind, rtt_ms, jitter_ms, fraction_lost, packets_lost_delta,
        bytes_sent_delta, bytes_received_delta, packets_sent_delta, packets_received_delta,
        available_outgoing_bitrate, item_type, detail)
      SELECT v_id, i.sequence, v_first, v_tenant, v_app, v_now, i.sampled_at, i.path_kind, i.rtt_ms, i.jitter_ms,
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
    relay_ip = CASE WHEN lp.sequence > coalesce(c.last_sequence, -1) THEN lp.relay_address ELSE c.relay_ip END,
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
    WHERE c.id = v_id AND s.n > 0
    RETURNING s.stats_items::int, s.ice_errors::int, s.state_items::int
    INTO inserted_stats, inserted_ice_errors, inserted_states;
  END IF;
  inserted_stats := coalesce(inserted_stats, 0);
  inserted_ice_errors := coalesce(inserted_ice_errors, 0);
  inserted_states := coalesce(inserted_states, 0);

  INSERT INTO quarantined_event (id, tenant_id, source, app_id, reason, position, payload)
  SELECT x.id, v_tenant, 'getstats', v_app, x.reason, x.position, x.payload
  FROM jsonb_to_recordset(p_quarantined) AS x(id uuid, reason text, position text, payload jsonb)
  ON CONFLICT (id) DO NOTHING;

  -- At ingest the join is tried a few times; the join-retry job keeps trying for 15 minutes.
  IF cardinality(p_join_servers) > 0 AND EXISTS (
    SELECT 1 FROM client_connection
    WHERE id = v_id AND relay_session_id IS NULL AND join_attempts < 3 AND relay_port IS NOT NULL
      AND path_kind IN ('turn-udp', 'turn-tcp', 'turn-tls')
  ) THEN
    PERFORM relayscope_join_connections(jsonb_build_array(jsonb_build_object('id', v_id, 'server_ids', to_jsonb(p_join_servers))));
  END IF;
  SELECT relay_session_id IS NOT NULL INTO is_joined FROM client_connection WHERE id = v_id;
  RETURN NEXT;
END
$fn$;
