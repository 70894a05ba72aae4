// The agent's place in its file, committed with the events it covers (DESIGN.md "Checkpoint
// protocol"). The offset never moves backwards: a late or replayed batch keeps the newer offset, and
// the state and stats that belong to it. Run first in the transaction: the row lock makes two
// deliveries of one agent's batches (a retry racing the original) take turns.
import type { Queryable } from "../../db/run-query";
import { runQuery } from "../../db/run-query";

const LOCK_SQL = `
  SELECT "offset" FROM collector_checkpoint
  WHERE server_id = $1 AND agent_id = $2 AND file_id = $3
  FOR UPDATE`;

const UPSERT_SQL = `
  INSERT INTO collector_checkpoint AS c (agent_id, server_id, file_id, path, "offset", state, stats, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, now())
  ON CONFLICT (server_id, agent_id, file_id) DO UPDATE SET
    path = CASE WHEN EXCLUDED."offset" >= c."offset" THEN EXCLUDED.path ELSE c.path END,
    state = CASE WHEN EXCLUDED."offset" >= c."offset" THEN EXCLUDED.state ELSE c.state END,
    stats = CASE WHEN EXCLUDED."offset" >= c."offset" THEN COALESCE(EXCLUDED.stats, c.stats) ELSE c.stats END,
    "offset" = GREATEST(c."offset", EXCLUDED."offset"),
    updated_at = now()
  RETURNING file_id, "offset"`;

export type CheckpointInput = {
  agentId: string;
  serverId: string;
  fileId: string;
  path: string;
  offset: number;
  state: unknown;
  stats: unknown;
};

/** Locks the checkpoint row (if any) and returns its offset before this batch. */
export async function lockCheckpoint(db: Queryable, serverId: string, agentId: string, fileId: string): Promise<number | null> {
  const [row] = await runQuery<{ offset: bigint }>(LOCK_SQL, [serverId, agentId, fileId], db);
  return row ? Number(row.offset) : null;
}

/** Stores the checkpoint; returns the stored one (which may be ahead of this batch's). */
export async function upsertCheckpoint(db: Queryable, c: CheckpointInput): Promise<{ fileId: string; offset: number }> {
  const [row] = await runQuery<{ file_id: string; offset: bigint }>(
    UPSERT_SQL,
    [
      c.agentId,
      c.serverId,
      c.fileId,
      c.path,
      c.offset,
      JSON.stringify(c.state ?? null),
      c.stats === undefined ? null : JSON.stringify(c.stats),
    ],
    db,
  );
  return { fileId: row.file_id, offset: Number(row.offset) };
}
