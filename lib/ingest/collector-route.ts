// The shape every collector ingest route shares (POST /api/ingest/coturn, /metrics): a collector
// key, a bounded JSON body (gzip allowed), the ingest, and refusals in the shared error shape. A
// body that cannot be read is counted here; the ingest counts its own outcomes (it also runs in
// `collect --direct`, where no route is involved).
import { BodyError, readJsonBody } from "../http/body";
import { errorResponse } from "../http/errors";
import { requireKey } from "../keys/request";
import type { AuthenticatedKey } from "../keys/store";
import { log } from "../log";
import { type IngestSource, recordBatch } from "../metrics/ingest";
import { IngestRejected } from "./coturn/errors";

/** The route's answer to an ingested body: its JSON and status (200, or 207 when some items were refused). */
export type IngestAnswer = { status: 200 | 207; body: unknown };

export function collectorIngestRoute(
  source: IngestSource,
  maxBytes: number,
  ingest: (key: AuthenticatedKey, body: unknown) => Promise<IngestAnswer>,
): (req: Request) => Promise<Response> {
  return async (req) => {
    const auth = await requireKey(req, ["collector"]);
    if ("response" in auth) return auth.response;
    let body: unknown;
    try {
      body = await readJsonBody(req, maxBytes);
    } catch (err) {
      if (!(err instanceof BodyError)) throw err;
      recordBatch(source, err.status);
      return errorResponse(err.status, err.code, err.message);
    }
    try {
      const answer = await ingest(auth.key, body);
      return Response.json(answer.body, { status: answer.status, headers: { "cache-control": "no-store" } });
    } catch (err) {
      if (err instanceof IngestRejected) return errorResponse(err.status, err.code, err.message);
      log().error({ err, key: auth.key.prefix, source }, "ingest failed");
      return errorResponse(500, "ingest_failed", "the batch was not stored; retry later");
    }
  };
}
