// Revoking one of your own tokens; anyone else's token is unknown here (404), not forbidden, so ids
// of other people's tokens cannot be probed.
import { authorizeApi } from "../../../../../lib/auth/guard-api";
import { actorOf, notFound } from "../../../../../lib/inventory/http";
import { isoDates, revokeKeyAs } from "../../../../../lib/inventory/keys";
import { UUID_PATTERN } from "../../../../../lib/inventory/validate";

export const dynamic = "force-dynamic";

export async function DELETE(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await authorizeApi(req, { role: "viewer", tokens: false });
  if ("response" in auth) return auth.response;
  const { id } = await ctx.params;
  if (!UUID_PATTERN.test(id)) return notFound("token");
  const only = { kinds: ["api"] as const, userId: auth.principal.userId };
  const row = await revokeKeyAs(id, only, actorOf(auth.principal, req), "token.revoke");
  if (!row) return notFound("token");
  return Response.json({ token: { id: row.id, prefix: row.prefix, ...isoDates(row) } });
}
