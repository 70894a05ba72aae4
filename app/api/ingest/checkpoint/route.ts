// GET /api/ingest/checkpoint?agentId=&fileId=&server=: where an agent resumes (collector key).
import { errorResponse } from "../../../../lib/http/errors";
import { getCoturnCheckpoints, IngestRejected } from "../../../../lib/ingest/coturn";
import { requireKey } from "../../../../lib/keys/request";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  const auth = await requireKey(req, ["collector"]);
  if ("response" in auth) return auth.response;
  const q = new URL(req.url).searchParams;
  try {
    const answer = await getCoturnCheckpoints(
      { serverId: auth.key.serverId },
      { agentId: q.get("agentId") ?? "", fileId: q.get("fileId") ?? undefined, server: q.get("server") ?? undefined },
    );
    return Response.json(answer, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    if (err instanceof IngestRejected) return errorResponse(err.status, err.code, err.message);
    throw err;
  }
}
