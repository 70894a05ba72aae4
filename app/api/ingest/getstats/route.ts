// POST /api/ingest/getstats under Next (`next start`, `next dev`); `relayscope start` serves the same
// handler straight from node:http (lib/http/node-request.ts). The handler: lib/ingest/getstats/handle.ts.
import { handleGetstatsPost, handleGetstatsPreflight } from "../../../../lib/ingest/getstats/handle";

export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  return handleGetstatsPost(req);
}

export function OPTIONS(req: Request): Promise<Response> {
  return handleGetstatsPreflight(req);
}
