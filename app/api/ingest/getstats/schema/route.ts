// GET /api/ingest/getstats/schema: the wire format as JSON Schema, for mobile and native clients
// that send the same summaries as the browser SDK. Public: it is a format, not data.
import { getstatsJsonSchema } from "../../../../../collectors/schema/getstats";

export const dynamic = "force-static";

export function GET(): Response {
  return Response.json(getstatsJsonSchema(), {
    headers: { "access-control-allow-origin": "*", "cache-control": "public, max-age=3600" },
  });
}
