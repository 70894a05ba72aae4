// An admin resets someone's password: a new one-time password, in this one response only; their
// sessions end and their next sign-in must choose a new one.
import { authorizeApi } from "../../../../../../lib/auth/guard-api";
import { resetPassword } from "../../../../../../lib/auth/users";
import { actorOf, notFound, problemResponse } from "../../../../../../lib/inventory/http";
import { UUID_PATTERN } from "../../../../../../lib/inventory/validate";

export const dynamic = "force-dynamic";

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await authorizeApi(req, { role: "admin", tokens: false });
  if ("response" in auth) return auth.response;
  const { id } = await ctx.params;
  if (!UUID_PATTERN.test(id)) return notFound("user");
  try {
    const oneTimePassword = await resetPassword(id, actorOf(auth.principal, req));
    return Response.json({ oneTimePassword }, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return problemResponse(err);
  }
}
