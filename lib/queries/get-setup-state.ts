// What the home page needs to tell a new operator what to do next.
import { runQuery } from "../db/run-query";

export type SetupState = {
  servers: { name: string; region: string | null; software: string; urls: string[] }[];
  apps: number;
  collectorKeys: number;
  relaySessions: number;
};

const SQL = `
  SELECT
    (SELECT coalesce(json_agg(json_build_object('name', name, 'region', region, 'software', software, 'urls', urls) ORDER BY name), '[]'::json)
       FROM turn_server) AS servers,
    (SELECT count(*)::int FROM app) AS apps,
    (SELECT count(*)::int FROM api_key WHERE kind = 'collector' AND revoked_at IS NULL) AS collector_keys,
    (SELECT count(*)::int FROM (SELECT 1 FROM relay_session LIMIT 1) s) AS relay_sessions`;

export async function getSetupState(): Promise<SetupState> {
  const [row] = await runQuery<{ servers: SetupState["servers"]; apps: number; collector_keys: number; relay_sessions: number }>(SQL);
  return { servers: row.servers, apps: row.apps, collectorKeys: row.collector_keys, relaySessions: row.relay_sessions };
}
