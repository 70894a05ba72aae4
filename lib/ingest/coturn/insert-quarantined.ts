// Quarantined events, once each (deterministic ids). They carry the server's default tenant so that
// tenant-scoped views can show them.
import type { Queryable } from "../../db/run-query";
import { runQuery } from "../../db/run-query";
import type { QuarantineRow } from "./quarantine";

const SQL = `
  INSERT INTO quarantined_event (id, tenant_id, source, server_id, agent_id, reason, position, payload)
  SELECT x.id, $1, 'coturn', $2, $3, x.reason, x.position, x.payload
  FROM jsonb_to_recordset($4::jsonb) AS x(id uuid, reason text, position text, payload jsonb)
  ORDER BY x.id
  ON CONFLICT (id) DO NOTHING`;

export async function insertQuarantined(
  db: Queryable,
  where: { tenantId: string; serverId: string; agentId: string },
  rows: readonly QuarantineRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await runQuery(SQL, [where.tenantId, where.serverId, where.agentId, JSON.stringify(rows)], db);
}
