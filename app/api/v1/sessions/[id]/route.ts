// GET /api/v1/sessions/:id: one relay session with its timeline, usage, peers and joined browser
// connections. Another tenant's session answers 404, exactly like an unknown id.
import { NotFound, readApi } from "../../../../../lib/http/read-api";
import { getSession } from "../../../../../lib/queries/sessions/get-session";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  return readApi(req, async ({ principal }) => {
    const session = await getSession(principal.tenantIds, id);
    if (!session) throw new NotFound("no such session");
    return session;
  });
}
