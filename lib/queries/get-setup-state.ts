// What the home page needs to tell a new operator what to do next.
import { runQuery } from "../db/run-query";

export type SetupState = {
  servers: { name: string; region: string | null; software: string; urls: string[] }[];
  collectorKeys: number;
};

const SQL = `
  SELECT
    (SELECT coalesce(json_agg(json_build_object('name', name, 'region', region, 'software', software, 'urls', urls) ORDER BY name), '[]'::json)
       FROM turn_server) AS servers,
    (SELECT count(*)::int FROM api_key
       WHERE kind = 'collector' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())) AS collector_keys`;

export async function getSetupState(): Promise<SetupState> {
  const [row] = await runQuery<{ servers: SetupState["servers"]; collector_keys: number }>(SQL);
  return { servers: row.servers, collectorKeys: row.collector_keys };
}
