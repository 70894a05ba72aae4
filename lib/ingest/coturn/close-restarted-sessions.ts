// Sessions still open when their coturn process restarted end at the restart with reason
// `server restart` (DESIGN.md "Session identity"): coturn writes no close line for them. The
// sessionizer says so too; this also covers sessions it no longer remembered.
import type { Queryable } from "../../db/run-query";
import { runQuery } from "../../db/run-query";
import type { EndedRun } from "./upsert-runs";

const SQL = `
  UPDATE relay_session s SET ended_at = r.ended_at, close_reason = 'server restart', updated_at = now()
  FROM unnest($2::timestamptz[], $3::timestamptz[]) AS r(started_at, ended_at)
  WHERE s.server_id = $1 AND s.run_started_at = r.started_at AND s.ended_at IS NULL`;

export async function closeRestartedSessions(db: Queryable, serverId: string, runs: readonly EndedRun[]): Promise<void> {
  if (runs.length === 0) return;
  await runQuery(SQL, [serverId, runs.map((r) => r.started_at), runs.map((r) => r.ended_at)], db);
}
