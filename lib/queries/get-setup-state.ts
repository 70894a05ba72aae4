// What the home page needs to tell a new operator what to do next, and whether each server's agent
// is delivering yet.
import { runQuery } from "../db/run-query";

export type ServerSetup = {
  name: string;
  region: string | null;
  software: string;
  urls: string[];
  sessions: number;
  /** Last time an agent committed a checkpoint for this server (ISO), or null. */
  lastDeliveryAt: string | null;
};

export type SetupState = { servers: ServerSetup[]; collectorKeys: number };

const SQL = `
  SELECT
    (SELECT coalesce(json_agg(json_build_object(
              'name', t.name, 'region', t.region, 'software', t.software, 'urls', t.urls,
              'sessions', (SELECT count(*) FROM relay_session s WHERE s.server_id = t.id),
              'lastDeliveryAt', (SELECT max(c.updated_at) FROM collector_checkpoint c WHERE c.server_id = t.id)
            ) ORDER BY t.name), '[]'::json)
       FROM turn_server t) AS servers,
    (SELECT count(*)::int FROM api_key
       WHERE kind = 'collector' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())) AS collector_keys`;

export async function getSetupState(): Promise<SetupState> {
  const [row] = await runQuery<{ servers: ServerSetup[]; collector_keys: number }>(SQL);
  return { servers: row.servers, collectorKeys: row.collector_keys };
}
