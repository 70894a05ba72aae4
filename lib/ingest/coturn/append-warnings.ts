// `config_warning` events also land on their run's startup_warnings (what the config auditor and R16
// read): deduplicated, first seen first, at most MAX_WARNINGS per run. A warning without a run goes
// to the latest run that started before it.
import type { Queryable } from "../../db/run-query";
import { runQuery } from "../../db/run-query";
import { clip } from "../safe-json";
import type { EventRow } from "./rows";

const MAX_WARNINGS = 50;
const MAX_TEXT = 500;

const SQL = `
  WITH w AS (
    SELECT x.ord, x.text,
           COALESCE(x.run_started_at, (SELECT r.started_at FROM server_run r
                                       WHERE r.server_id = $1 AND r.started_at <= x.ts ORDER BY r.started_at DESC LIMIT 1)) AS run
    FROM jsonb_to_recordset($2::jsonb) AS x(run_started_at timestamptz, ts timestamptz, text text, ord int)
  ), per_run AS (
    SELECT run, array_agg(text ORDER BY ord) AS texts FROM w WHERE run IS NOT NULL GROUP BY run
  )
  UPDATE server_run r SET startup_warnings = (
    SELECT COALESCE(array_agg(d.t ORDER BY d.first), '{}') FROM (
      SELECT u.t, min(u.o) AS first FROM unnest(r.startup_warnings || p.texts) WITH ORDINALITY AS u(t, o)
      GROUP BY u.t ORDER BY min(u.o) LIMIT $3
    ) d)
  FROM per_run p
  WHERE r.server_id = $1 AND r.started_at = p.run`;

export async function appendWarnings(db: Queryable, serverId: string, events: readonly EventRow[]): Promise<void> {
  const warnings = events
    .filter((e) => e.kind === "config_warning")
    .sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0))
    .map((e, ord) => ({
      run_started_at: e.run_started_at,
      ts: e.ts,
      text: clip(e.message ?? e.detail?.reason ?? "config warning", MAX_TEXT),
      ord,
    }));
  if (warnings.length) await runQuery(SQL, [serverId, JSON.stringify(warnings), MAX_WARNINGS], db);
}
