// Whether the caller may open a call page: the call has a connection in one of their tenants. The
// page answers 404 otherwise (another tenant's call and an unknown one look the same).
import { runQuery } from "../../db/run-query";
import { decodeCallKey } from "./call-key";

const SQL = `SELECT 1 FROM client_connection
  WHERE app_id = $1::uuid AND call_id = $2::text AND ($3::uuid[] IS NULL OR tenant_id = ANY($3::uuid[])) LIMIT 1`;

/** `id` as in the URL (call-key.ts). */
export async function callVisible(tenantIds: string[] | null, id: string): Promise<boolean> {
  const key = decodeCallKey(id);
  if (!key) return false;
  return (await runQuery(SQL, [key.appId, key.callId, tenantIds])).length > 0;
}
