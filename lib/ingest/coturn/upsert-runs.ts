// coturn process runs (DESIGN.md "Session identity"): every run a batch names gets its server_run
// row; a startup banner also ends the runs before it and, when it is the newest run, sets the
// server's version. Three small statements that always go together.
import type { Queryable } from "../../db/run-query";
import { runQuery } from "../../db/run-query";
import type { PreparedRows } from "./rows";

const UPSERT_SQL = `
  WITH up AS (
    INSERT INTO server_run (server_id, started_at, time_approximate, version)
    SELECT $1, x.started_at, x.approximate, x.version
    FROM jsonb_to_recordset($2::jsonb) AS x(started_at timestamptz, version text, approximate boolean)
    ORDER BY x.started_at
    ON CONFLICT (server_id, started_at) DO UPDATE
      SET version = COALESCE(EXCLUDED.version, server_run.version),
          time_approximate = server_run.time_approximate OR EXCLUDED.time_approximate
    RETURNING (xmax = 0) AS inserted
  )
  SELECT count(*) FILTER (WHERE inserted)::int AS inserted FROM up`;

// Each open run ends where the next banner of this batch begins.
const END_SQL = `
  UPDATE server_run r
  SET ended_at = (SELECT min(t) FROM unnest($2::timestamptz[]) AS t WHERE t > r.started_at)
  WHERE r.server_id = $1 AND r.ended_at IS NULL
    AND r.started_at < (SELECT max(t) FROM unnest($2::timestamptz[]) AS t)
  RETURNING r.started_at, r.ended_at`;

// Only from the newest run we know of: a backfilled old log must not roll the version back.
const VERSION_SQL = `
  UPDATE turn_server SET version = $2, updated_at = now()
  WHERE id = $1 AND version IS DISTINCT FROM $2
    AND NOT EXISTS (SELECT 1 FROM server_run WHERE server_id = $1 AND started_at > $3::timestamptz)`;

export type EndedRun = { started_at: Date; ended_at: Date };

/** Returns how many runs are new and which runs this batch ended (their sessions close later). */
export async function upsertRuns(db: Queryable, serverId: string, rows: PreparedRows): Promise<{ inserted: number; ended: EndedRun[] }> {
  if (rows.runs.length === 0) return { inserted: 0, ended: [] };
  const [up] = await runQuery<{ inserted: number }>(UPSERT_SQL, [serverId, JSON.stringify(rows.runs)], db);
  const ended = rows.restarts.length ? await runQuery<EndedRun>(END_SQL, [serverId, rows.restarts], db) : [];
  if (rows.newestVersion) await runQuery(VERSION_SQL, [serverId, rows.newestVersion.version, rows.newestVersion.startedAt], db);
  return { inserted: up?.inserted ?? 0, ended };
}
