// GET /api/ingest/whoami: an agent or SDK setup checks that its key works and what it may send.
import { requireKey } from "../../../../lib/keys/request";
import { getKeyScope } from "../../../../lib/queries/get-key-scope";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  // Read-API tokens act for a person and are checked against them: they ask GET /api/v1/me instead.
  const auth = await requireKey(req, ["collector", "app"]);
  if ("response" in auth) return auth.response;
  return Response.json({ key: await getKeyScope(auth.key) }, { headers: { "cache-control": "no-store" } });
}
