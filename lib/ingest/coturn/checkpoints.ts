// GET /api/ingest/checkpoint, and an agent's `--direct` start: where to resume each file.
import { agentIdSchema, type CheckpointAnswer } from "../../../collectors/schema/coturn";
import { cleanText } from "../safe-json";
import { IngestRejected } from "./errors";
import { getCheckpointRows } from "./get-checkpoints";
import { type IngestScope, resolveServer } from "./ingest";

export type CheckpointQuery = { server?: string; agentId: string; fileId?: string };

export async function getCoturnCheckpoints(scope: IngestScope, q: CheckpointQuery): Promise<CheckpointAnswer> {
  if (!agentIdSchema.safeParse(q.agentId).success) {
    throw new IngestRejected(400, "invalid_query", "agentId is required: letters, digits and . _ : @ -, at most 100 characters");
  }
  if (q.fileId !== undefined && (q.fileId.length === 0 || q.fileId.length > 200)) {
    throw new IngestRejected(400, "invalid_query", "fileId must be 1 to 200 characters");
  }
  if (q.server !== undefined && (q.server.length === 0 || q.server.length > 100)) {
    throw new IngestRejected(400, "invalid_query", "server must be 1 to 100 characters");
  }
  let serverId = scope.serverId;
  if (q.server !== undefined) serverId = (await resolveServer(scope, q.server, 404)).id;
  if (!serverId) throw new IngestRejected(400, "invalid_query", "server is required: this collector key is not limited to one server");
  const rows = await getCheckpointRows(serverId, q.agentId, q.fileId === undefined ? null : cleanText(q.fileId));
  return {
    checkpoints: rows.map((r) => ({
      fileId: r.file_id,
      path: r.path,
      offset: Number(r.offset),
      state: r.state,
      updatedAt: r.updated_at.toISOString(),
    })),
  };
}
