// `usage:` / `peer usage:` deltas, and the session totals they feed, in one statement: only the rows
// this INSERT actually added (RETURNING) reach the totals, so a replayed line never counts twice
// (DESIGN.md "Derived totals only from new rows"). Arrays (unnest) rather than JSON: this is the
// hot path, one row per usage line. Rows come in id order, and their sessions are already locked by
// upsert-sessions, so concurrent batches cannot deadlock here; each row carries its session's tenant.
import type { Queryable } from "../../db/run-query";
import { runQuery } from "../../db/run-query";
import type { UsageRow } from "./rows";

const SQL = `
  WITH x AS (
    SELECT x.id, timestamptz 'epoch' + x.ms * interval '1 millisecond' AS ts, x.tenant_id, x.session_id, x.leg, x.rp, x.rb, x.sp, x.sb
    FROM unnest($2::uuid[], $3::int8[], $4::uuid[], $5::uuid[], $6::usage_leg[], $7::int8[], $8::int8[], $9::int8[], $10::int8[])
      AS x(id, ms, tenant_id, session_id, leg, rp, rb, sp, sb)
  ), ins AS (
    INSERT INTO relay_usage_delta (id, ts, tenant_id, server_id, session_id, leg, rx_packets, rx_bytes, tx_packets, tx_bytes)
    SELECT x.id, x.ts, x.tenant_id, $1, x.session_id, x.leg, x.rp, x.rb, x.sp, x.sb FROM x
    ON CONFLICT DO NOTHING
    RETURNING session_id, ts, leg, rx_packets, rx_bytes, tx_packets, tx_bytes
  ), per_session AS (
    SELECT session_id, max(ts) AS last_ts,
      sum(rx_packets) FILTER (WHERE leg = 'client') AS crp, sum(rx_bytes) FILTER (WHERE leg = 'client') AS crb,
      sum(tx_packets) FILTER (WHERE leg = 'client') AS csp, sum(tx_bytes) FILTER (WHERE leg = 'client') AS csb,
      sum(rx_packets) FILTER (WHERE leg = 'peer') AS prp, sum(rx_bytes) FILTER (WHERE leg = 'peer') AS prb,
      sum(tx_packets) FILTER (WHERE leg = 'peer') AS psp, sum(tx_bytes) FILTER (WHERE leg = 'peer') AS psb
    FROM ins GROUP BY session_id
  ), totals AS (
    UPDATE relay_session s SET
      client_rx_packets = s.client_rx_packets + COALESCE(p.crp, 0), client_rx_bytes = s.client_rx_bytes + COALESCE(p.crb, 0),
      client_tx_packets = s.client_tx_packets + COALESCE(p.csp, 0), client_tx_bytes = s.client_tx_bytes + COALESCE(p.csb, 0),
      peer_rx_packets = s.peer_rx_packets + COALESCE(p.prp, 0), peer_rx_bytes = s.peer_rx_bytes + COALESCE(p.prb, 0),
      peer_tx_packets = s.peer_tx_packets + COALESCE(p.psp, 0), peer_tx_bytes = s.peer_tx_bytes + COALESCE(p.psb, 0),
      last_seen_at = GREATEST(s.last_seen_at, p.last_ts),
      updated_at = now()
    FROM per_session p WHERE s.id = p.session_id
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM ins)::int AS inserted, (SELECT count(*) FROM totals)::int AS sessions`;

/** Inserts the deltas and adds the new ones to their sessions; returns how many were new. */
export async function insertUsage(
  db: Queryable,
  serverId: string,
  rows: readonly UsageRow[],
  tenantOfSession: ReadonlyMap<string, string>,
): Promise<number> {
  if (rows.length === 0) return 0;
  // Array literals built here with one join each: every value is a uuid, an enum label or an
  // integer (nothing to quote), and pg's per-element escaping was a visible cost on this hot path.
  const col = <K extends keyof UsageRow>(k: K) => `{${rows.map((r) => r[k]).join(",")}}`;
  const tenants = rows.map((r) => {
    const t = tenantOfSession.get(r.sessionId);
    if (!t) throw new Error(`usage row ${r.id} names session ${r.sessionId}, which this batch did not upsert`);
    return t;
  });
  const [r] = await runQuery<{ inserted: number }>(
    SQL,
    [serverId, col("id"), col("tsMs"), `{${tenants.join(",")}}`, col("sessionId"), col("leg"), col("rp"), col("rb"), col("sp"), col("sb")],
    db,
  );
  return r?.inserted ?? 0;
}
