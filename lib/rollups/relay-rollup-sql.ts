// Relay rollups recomputed from raw rows for [$1, $2): usage deltas (bytes and packets per leg,
// keyed by their session's client transport and realm), sessions started and ended, auth failures
// and errors (the kinds relay_session.error_count counts). Hours are re-added from minutes and days
// from hours, so a coarse bucket always equals the sum of its finer ones.
// A session with no transport hint is UDP (coturn-logs.md §7: nothing says TCP, TLS or DTLS).

export const RELAY_MINUTES_DELETE = "DELETE FROM relay_rollup_minute WHERE bucket >= $1 AND bucket < $2";

export const RELAY_MINUTES_INSERT = `
  INSERT INTO relay_rollup_minute (bucket, tenant_id, server_id, client_transport, realm, sessions_started, sessions_ended,
    client_rx_bytes, client_tx_bytes, peer_rx_bytes, peer_tx_bytes,
    client_rx_packets, client_tx_packets, peer_rx_packets, peer_tx_packets, auth_failures, errors)
  SELECT bucket, tenant_id, server_id, ct, realm, sum(ss)::bigint, sum(se)::bigint,
    sum(crb)::bigint, sum(ctb)::bigint, sum(prb)::bigint, sum(ptb)::bigint,
    sum(crp)::bigint, sum(ctp)::bigint, sum(prp)::bigint, sum(ptp)::bigint, sum(af)::bigint, sum(er)::bigint
  FROM (
    SELECT relayscope_minute(d.ts) AS bucket, d.tenant_id, d.server_id,
      COALESCE(s.client_transport, 'udp') AS ct, COALESCE(s.realm, '') AS realm, 0 AS ss, 0 AS se,
      COALESCE(sum(d.rx_bytes) FILTER (WHERE d.leg = 'client'), 0) AS crb, COALESCE(sum(d.tx_bytes) FILTER (WHERE d.leg = 'client'), 0) AS ctb,
      COALESCE(sum(d.rx_bytes) FILTER (WHERE d.leg = 'peer'), 0) AS prb, COALESCE(sum(d.tx_bytes) FILTER (WHERE d.leg = 'peer'), 0) AS ptb,
      COALESCE(sum(d.rx_packets) FILTER (WHERE d.leg = 'client'), 0) AS crp, COALESCE(sum(d.tx_packets) FILTER (WHERE d.leg = 'client'), 0) AS ctp,
      COALESCE(sum(d.rx_packets) FILTER (WHERE d.leg = 'peer'), 0) AS prp, COALESCE(sum(d.tx_packets) FILTER (WHERE d.leg = 'peer'), 0) AS ptp,
      0 AS af, 0 AS er
    FROM relay_usage_delta d LEFT JOIN relay_session s ON s.id = d.session_id
    WHERE d.ts >= $1 AND d.ts < $2
    GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT relayscope_minute(started_at), tenant_id, server_id, COALESCE(client_transport, 'udp'), COALESCE(realm, ''),
      count(*), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    FROM relay_session WHERE started_at >= $1 AND started_at < $2
    GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT relayscope_minute(ended_at), tenant_id, server_id, COALESCE(client_transport, 'udp'), COALESCE(realm, ''),
      0, count(*), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    FROM relay_session WHERE ended_at >= $1 AND ended_at < $2
    GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT relayscope_minute(e.ts), e.tenant_id, e.server_id, COALESCE(s.client_transport, 'udp'), COALESCE(s.realm, e.realm, ''),
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      count(*) FILTER (WHERE e.kind = 'auth_failure'), count(*) FILTER (WHERE e.kind <> 'auth_failure')
    FROM relay_event e LEFT JOIN relay_session s ON s.id = e.session_id
    WHERE e.ts >= $1 AND e.ts < $2 AND e.kind IN ('auth_failure', 'error', 'quota', 'no_relay_port', 'peer_denied')
    GROUP BY 1, 2, 3, 4, 5
  ) x
  GROUP BY 1, 2, 3, 4, 5`;

const SUMS = `sum(sessions_started)::bigint, sum(sessions_ended)::bigint,
    sum(client_rx_bytes)::bigint, sum(client_tx_bytes)::bigint, sum(peer_rx_bytes)::bigint, sum(peer_tx_bytes)::bigint,
    sum(client_rx_packets)::bigint, sum(client_tx_packets)::bigint, sum(peer_rx_packets)::bigint, sum(peer_tx_packets)::bigint,
    sum(auth_failures)::bigint, sum(errors)::bigint`;
const COLUMNS = `bucket, tenant_id, server_id, client_transport, realm, sessions_started, sessions_ended,
    client_rx_bytes, client_tx_bytes, peer_rx_bytes, peer_tx_bytes,
    client_rx_packets, client_tx_packets, peer_rx_packets, peer_tx_packets, auth_failures, errors`;

/** Coarser relay buckets from finer ones ($1, $2: the range); table names from this file only. */
function relayUp(to: string, from: string, step: string): string {
  return `
  INSERT INTO ${to} (${COLUMNS})
  SELECT date_bin('${step}', bucket, timestamptz '2000-01-01 00:00:00+00'), tenant_id, server_id, client_transport, realm, ${SUMS}
  FROM ${from} WHERE bucket >= $1 AND bucket < $2
  GROUP BY 1, 2, 3, 4, 5`;
}

export const RELAY_HOURS_DELETE = "DELETE FROM relay_rollup_hour WHERE bucket >= $1 AND bucket < $2";
export const RELAY_HOURS_INSERT = relayUp("relay_rollup_hour", "relay_rollup_minute", "1 hour");
export const RELAY_DAYS_DELETE = "DELETE FROM relay_rollup_day WHERE bucket >= $1 AND bucket < $2";
export const RELAY_DAYS_INSERT = relayUp("relay_rollup_day", "relay_rollup_hour", "1 day");
