// Names of what an authenticated key is scoped to, so an agent can check its configuration.
import { runQuery } from "../db/run-query";
import type { AuthenticatedKey } from "../keys/store";

const SQL = `
  SELECT (SELECT slug FROM tenant WHERE id = $1) AS tenant,
         (SELECT name FROM turn_server WHERE id = $2) AS server,
         (SELECT name FROM app WHERE id = $3) AS app`;

export async function getKeyScope(key: AuthenticatedKey) {
  const [row] = await runQuery<{ tenant: string | null; server: string | null; app: string | null }>(SQL, [
    key.tenantId,
    key.serverId,
    key.appId,
  ]);
  return {
    prefix: key.prefix,
    kind: key.kind,
    name: key.name,
    tenant: row?.tenant ?? null,
    server: row?.server ?? null,
    app: row?.app ?? null,
  };
}
