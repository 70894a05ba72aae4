// One metrics batch (collectors/schema/metrics.ts) into the database, for POST /api/ingest/metrics
// and `collect prometheus --direct` alike: the target's status and the scrape's samples in one
// transaction. Samples are keyed by (server, metric, series, scrape time), so a resent batch adds
// nothing. Series keys are recomputed here; a sample's tenant follows the server's realm rules when
// it has a `realm` label (coturn's per-realm traffic; with a `user` label, its stable part too, as
// the log ingest does), else the server's default tenant.
import { splitRestUsername } from "../../../collectors/coturn/rest-username";
import { labelsKeyOf } from "../../../collectors/prometheus/parse";
import { ACCEPTED_METRICS_WIRE_VERSIONS, type MetricsBatch, metricsBatch } from "../../../collectors/schema/metrics";
import { inTransaction, runQuery } from "../../db/run-query";
import { recordBatch } from "../../metrics/ingest";
import { summarizeIssues } from "../coturn/envelope";
import { IngestRejected } from "../coturn/errors";
import { resolveServer } from "../coturn/ingest";
import { ensureDayPartitions } from "../ensure-day-partitions";

/** A scrape stamped this far ahead of the app's clock is from a wrong clock: refused whole. */
const MAX_AHEAD_MS = 10 * 60_000;

export type MetricsScope = { serverId: string | null };
export type MetricsOutcome = { target: string; accepted: number; inserted: number; duplicates: number };

const UPSERT_TARGET = `
  INSERT INTO metric_target AS t (server_id, mode, url, query, interval_ms, agent_id, last_scrape_at, last_success_at,
    last_error, last_error_reason, consecutive_failures, last_duration_ms, series_count, software, warnings)
  VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, CASE WHEN $8::boolean THEN $7::timestamptz END, $9, $10, $11, $12,
    CASE WHEN $8::boolean THEN $13::int END, $14, $15)
  ON CONFLICT (server_id, mode, url, query) DO UPDATE SET
    interval_ms = excluded.interval_ms,
    agent_id = excluded.agent_id,
    last_scrape_at = greatest(t.last_scrape_at, excluded.last_scrape_at),
    last_success_at = CASE WHEN $8::boolean THEN greatest(t.last_success_at, excluded.last_scrape_at) ELSE t.last_success_at END,
    last_error = excluded.last_error,
    last_error_reason = excluded.last_error_reason,
    consecutive_failures = excluded.consecutive_failures,
    last_duration_ms = excluded.last_duration_ms,
    series_count = CASE WHEN $8::boolean THEN excluded.series_count ELSE t.series_count END,
    software = CASE WHEN $8::boolean THEN excluded.software ELSE t.software END,
    warnings = excluded.warnings,
    updated_at = now()
  RETURNING id`;

const INSERT_SAMPLES = `
  WITH ins AS (
    INSERT INTO metric_sample (ts, tenant_id, server_id, metric, labels_key, labels, value, rate)
    SELECT $1, x.tenant_id, $2, x.metric, x.labels_key, x.labels, x.value, x.rate
    FROM jsonb_to_recordset($3::jsonb) AS x(tenant_id uuid, metric text, labels_key text, labels jsonb, value float8, rate float8)
    ON CONFLICT DO NOTHING
    RETURNING 1
  )
  SELECT count(*)::int AS inserted FROM ins`;

function parseBatch(body: unknown, now: number): MetricsBatch & { scrapedAt: number } {
  const version = (body as { version?: unknown } | null)?.version;
  if (typeof version === "number" && !(ACCEPTED_METRICS_WIRE_VERSIONS as readonly number[]).includes(version)) {
    throw new IngestRejected(
      400,
      "unsupported_version",
      `wire version ${version} is not supported; this app accepts ${ACCEPTED_METRICS_WIRE_VERSIONS.join(", ")}`,
    );
  }
  const parsed = metricsBatch.safeParse(body);
  if (!parsed.success) throw new IngestRejected(400, "invalid_batch", `invalid metrics batch: ${summarizeIssues(parsed.error)}`);
  if (parsed.data.scrapedAt > now + MAX_AHEAD_MS) {
    throw new IngestRejected(
      400,
      "time_range",
      `scrapedAt ${new Date(parsed.data.scrapedAt).toISOString()} is ahead of the app's clock: check the agent host's clock`,
    );
  }
  return parsed.data;
}

export async function ingestMetricsBatch(scope: MetricsScope, body: unknown, now = Date.now()): Promise<MetricsOutcome> {
  try {
    const out = await storeMetricsBatch(scope, body, now);
    recordBatch("metrics", 200);
    return out;
  } catch (err) {
    recordBatch("metrics", err instanceof IngestRejected ? err.status : 500);
    throw err;
  }
}

async function storeMetricsBatch(scope: MetricsScope, body: unknown, now: number): Promise<MetricsOutcome> {
  const batch = parseBatch(body, now);
  const server = await resolveServer(scope, batch.server, 422);
  const rows = batch.samples.map((s) => ({
    tenant_id: server.tenantOf(s.labels.realm ?? null, s.labels.user === undefined ? null : splitRestUsername(s.labels.user).stableUser),
    metric: s.metric,
    labels_key: labelsKeyOf(s.labels),
    labels: s.labels,
    value: s.value,
    rate: s.rate,
  }));
  const at = new Date(batch.scrapedAt);
  if (rows.length) await ensureDayPartitions(["metric_sample"], [batch.scrapedAt]);
  return inTransaction(async (db) => {
    const [target] = await runQuery<{ id: string }>(
      UPSERT_TARGET,
      [
        server.id,
        batch.target.mode,
        batch.target.url,
        batch.target.query ?? "",
        batch.target.intervalMs,
        batch.agentId,
        at,
        batch.status.ok,
        batch.status.ok ? null : (batch.status.error ?? "failed"),
        batch.status.ok ? null : (batch.status.reason ?? null),
        batch.status.ok ? 0 : (batch.status.failures ?? 0) + 1,
        batch.status.durationMs,
        rows.length,
        batch.software ?? [],
        batch.warnings ?? [],
      ],
      db,
    );
    const [{ inserted }] = rows.length
      ? await runQuery<{ inserted: number }>(INSERT_SAMPLES, [at, server.id, JSON.stringify(rows)], db)
      : [{ inserted: 0 }];
    return { target: target.id, accepted: rows.length, inserted, duplicates: rows.length - inserted };
  });
}
