// The newest checkpoint of each (server, agent): its cumulative line statistics and age, for the
// collector gauges on /metrics. Any app instance answers the same, whether the agent pushed over
// HTTP or wrote directly. Agents silent for 30 days drop out; at most 1000 rows (label bound).
import { runQuery } from "../db/run-query";

const SQL = `
  SELECT DISTINCT ON (c.server_id, c.agent_id)
         s.name AS server, c.agent_id AS agent, c.stats,
         extract(epoch FROM (now() - c.updated_at))::float8 AS age_seconds
  FROM collector_checkpoint c JOIN turn_server s ON s.id = c.server_id
  WHERE c.updated_at > now() - interval '30 days'
  ORDER BY c.server_id, c.agent_id, c.updated_at DESC
  LIMIT 1000`;

export type CollectorStatsRow = { server: string; agent: string; stats: unknown; age_seconds: number };

export async function getCollectorStats(): Promise<CollectorStatsRow[]> {
  return runQuery<CollectorStatsRow>(SQL);
}
