// Personal read-API tokens, for anyone signed in (cookie only: a token cannot mint tokens). The full
// token is in the creation response only.
import { z } from "zod";
import { authorizeApi } from "../../../../lib/auth/guard-api";
import { TOKEN_ROLES } from "../../../../lib/auth/roles";
import { actorOf, problemResponse, readInput } from "../../../../lib/inventory/http";
import { issueToken, listTokens } from "../../../../lib/inventory/tokens";
import { displayName, entityId, expiresIn } from "../../../../lib/inventory/validate";

export const dynamic = "force-dynamic";

const NewToken = z.strictObject({
  name: displayName,
  role: z.enum(TOKEN_ROLES).default("viewer"),
  tenantId: entityId.nullish(),
  expiresIn: expiresIn.nullish(),
});

export async function GET(req: Request): Promise<Response> {
  const auth = await authorizeApi(req, { role: "viewer", tokens: false });
  if ("response" in auth) return auth.response;
  return Response.json({ tokens: await listTokens(auth.principal.userId) });
}

export async function POST(req: Request): Promise<Response> {
  const auth = await authorizeApi(req, { role: "viewer", tokens: false });
  if ("response" in auth) return auth.response;
  const input = await readInput(req, NewToken);
  if ("response" in input) return input.response;
  const d = input.data;
  try {
    const created = await issueToken(
      auth.principal,
      { name: d.name, role: d.role, tenantId: d.tenantId ?? undefined, expiresAt: d.expiresIn ?? undefined },
      actorOf(auth.principal, req),
    );
    return Response.json(
      { token: created.key, id: created.id, prefix: created.prefix, name: created.name, role: created.role, expiresAt: created.expiresAt },
      { status: 201, headers: { "cache-control": "no-store" } },
    );
  } catch (err) {
    return problemResponse(err);
  }
}
