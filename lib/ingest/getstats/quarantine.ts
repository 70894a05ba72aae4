// Rejected getStats items as quarantined_event rows (DESIGN.md: nothing is dropped silently), once
// each: the id comes from the connection, the item's place and its content, so a resent body adds
// no second copy. Payloads are bounded, and any IP address in them is scrubbed (a bad item may carry
// what the wire format never does).
import { createHash } from "node:crypto";
import type { Queryable } from "../../db/run-query";
import { runQuery } from "../../db/run-query";
import { scrubDeep } from "../../privacy/scrub";
import { deterministicUuid } from "../ids";
import { boundedJson, clip } from "../safe-json";
import type { RejectedItem } from "./validate";

const MAX_PAYLOAD_CHARS = 4096;

const SQL = `
  INSERT INTO quarantined_event (id, tenant_id, source, app_id, reason, position, payload)
  SELECT x.id, $1, 'getstats', $2, x.reason, x.position, x.payload
  FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, reason text, position text, payload jsonb)
  ON CONFLICT (id) DO NOTHING`;

export async function quarantineItems(
  db: Queryable,
  where: { tenantId: string; appId: string; connectionRowId: string },
  rejected: readonly RejectedItem[],
): Promise<void> {
  if (rejected.length === 0) return;
  const rows = rejected.map((r) => {
    const payload = boundedJson(scrubDeep(r.raw), MAX_PAYLOAD_CHARS);
    const digest = createHash("sha1")
      .update(JSON.stringify(payload) ?? "")
      .digest("hex");
    const place = r.sequence !== undefined ? `#${r.sequence}` : `[${r.index}]`;
    return {
      id: deterministicUuid("quarantined_event", "getstats", where.connectionRowId, place, digest),
      reason: clip(`${r.category}: ${r.path}: ${r.message}`, 500),
      position: `connection:${where.connectionRowId}${place}`,
      payload,
    };
  });
  await runQuery(SQL, [where.tenantId, where.appId, JSON.stringify(rows)], db);
}
