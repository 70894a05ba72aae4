// POST /api/ingest/metrics: one scrape (or failed attempt) of one metrics target from a collector
// agent (collector key). 200 with counts; refusals in the shared error shape.
import { MAX_METRICS_BATCH_BYTES } from "../../../../collectors/schema/metrics";
import { collectorIngestRoute } from "../../../../lib/ingest/collector-route";
import { ingestMetricsBatch } from "../../../../lib/ingest/metrics/ingest";

export const dynamic = "force-dynamic";

export const POST = collectorIngestRoute("metrics", MAX_METRICS_BATCH_BYTES, async (key, body) => ({
  status: 200,
  body: await ingestMetricsBatch({ serverId: key.serverId }, body),
}));
