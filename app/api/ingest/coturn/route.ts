// POST /api/ingest/coturn: one batch of coturn events from an agent (collector key), committed with
// its checkpoint. 200 when every event was stored (or already was), 207 when some were quarantined.
import { MAX_BATCH_BYTES } from "../../../../collectors/schema/coturn";
import { BodyError, readJsonBody } from "../../../../lib/http/body";
import { errorResponse } from "../../../../lib/http/errors";
import { IngestRejected, ingestCoturnBatch } from "../../../../lib/ingest/coturn";
import { requireKey } from "../../../../lib/keys/request";
import { log } from "../../../../lib/log";
import { recordBatch } from "../../../../lib/metrics/ingest";

export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  const auth = await requireKey(req, ["collector"]);
  if ("response" in auth) return auth.response;
  let body: unknown;
  try {
    body = await readJsonBody(req, MAX_BATCH_BYTES);
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    recordBatch("coturn", err.status);
    return errorResponse(err.status, err.code, err.message);
  }
  try {
    const out = await ingestCoturnBatch({ serverId: auth.key.serverId }, body);
    return Response.json(
      {
        accepted: out.accepted,
        inserted: out.inserted,
        duplicates: out.duplicates,
        quarantined: out.quarantined,
        checkpoint: out.checkpoint,
      },
      { status: out.quarantined.length ? 207 : 200, headers: { "cache-control": "no-store" } },
    );
  } catch (err) {
    if (err instanceof IngestRejected) return errorResponse(err.status, err.code, err.message);
    log().error({ err, key: auth.key.prefix }, "coturn ingest failed");
    return errorResponse(500, "ingest_failed", "the batch was not stored; retry later");
  }
}
