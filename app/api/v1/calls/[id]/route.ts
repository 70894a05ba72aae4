// GET /api/v1/calls/:id (id = `<app id>.<call id in base64url>`, lib/queries/calls/call-key.ts): each
// participant's connections and the relay sessions that carried them. Another tenant's call, or an
// id that names no call, answers 404.
import { NotFound, readApi } from "../../../../../lib/http/read-api";
import { decodeCallKey } from "../../../../../lib/queries/calls/call-key";
import { getCall } from "../../../../../lib/queries/calls/get-call";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  return readApi(req, async ({ principal }) => {
    const key = decodeCallKey(id);
    const call = key ? await getCall(principal.tenantIds, key) : null;
    if (!call) throw new NotFound("no such call");
    return call;
  });
}
