// Where one agent is in its files of one server (GET /api/ingest/checkpoint): newest first, bounded.
import { runQuery } from "../../db/run-query";

const SQL = `
  SELECT file_id, path, "offset", state, updated_at
  FROM collector_checkpoint
  WHERE server_id = $1 AND agent_id = $2 AND ($3::text IS NULL OR file_id = $3)
  ORDER BY updated_at DESC, file_id
  LIMIT 100`;

type Row = { file_id: string; path: string; offset: bigint; state: unknown; updated_at: Date };

export async function getCheckpointRows(serverId: string, agentId: string, fileId: string | null): Promise<Row[]> {
  return runQuery<Row>(SQL, [serverId, agentId, fileId]);
}
