// Whether the caller may open a session page: the session exists in one of their tenants. The page
// answers 404 otherwise (another tenant's id and an unknown one look the same), before it renders.
import { runQuery } from "../../db/run-query";
import { isUuid } from "./keyset";

const SQL = "SELECT 1 FROM relay_session WHERE id = $1::uuid AND ($2::uuid[] IS NULL OR tenant_id = ANY($2::uuid[]))";

export async function sessionVisible(tenantIds: string[] | null, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  return (await runQuery(SQL, [id, tenantIds])).length > 0;
}
