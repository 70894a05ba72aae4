// POST /api/ingest/coturn: one batch of coturn events from an agent (collector key), committed with
// its checkpoint. 200 when every event was stored (or already was), 207 when some were quarantined.
import { MAX_BATCH_BYTES } from "../../../../collectors/schema/coturn";
import { collectorIngestRoute } from "../../../../lib/ingest/collector-route";
import { ingestCoturnBatch } from "../../../../lib/ingest/coturn";

export const dynamic = "force-dynamic";

export const POST = collectorIngestRoute("coturn", MAX_BATCH_BYTES, async (key, body) => {
  const out = await ingestCoturnBatch({ serverId: key.serverId }, body);
  return {
    status: out.quarantined.length ? 207 : 200,
    body: {
      accepted: out.accepted,
      inserted: out.inserted,
      duplicates: out.duplicates,
      quarantined: out.quarantined,
      checkpoint: out.checkpoint,
    },
  };
});
