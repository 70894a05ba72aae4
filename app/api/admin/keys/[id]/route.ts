// Revoking a collector or app key: requests with it get 401 from now on. Personal tokens are revoked
// by their owner (/api/account/tokens), so they are unknown here.
import { authorizeApi } from "../../../../../lib/auth/guard-api";
import { actorOf, notFound } from "../../../../../lib/inventory/http";
import { isoDates, revokeKeyAs } from "../../../../../lib/inventory/keys";
import { UUID_PATTERN } from "../../../../../lib/inventory/validate";

export const dynamic = "force-dynamic";

export async function DELETE(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await authorizeApi(req, { role: "admin", tokens: false });
  if ("response" in auth) return auth.response;
  const { id } = await ctx.params;
  if (!UUID_PATTERN.test(id)) return notFound("key");
  const row = await revokeKeyAs(id, { kinds: ["collector", "app"] }, actorOf(auth.principal, req));
  if (!row) return notFound("key");
  return Response.json({ key: { id: row.id, prefix: row.prefix, ...isoDates(row) } });
}
