// Changing an app's allowed origins (the only mutable part of an app).
import { z } from "zod";
import { authorizeApi } from "../../../../../lib/auth/guard-api";
import { updateAppOrigins } from "../../../../../lib/inventory/apps";
import { actorOf, notFound, readInput } from "../../../../../lib/inventory/http";
import { MAX_ORIGINS, origin, UUID_PATTERN } from "../../../../../lib/inventory/validate";

export const dynamic = "force-dynamic";

const Change = z.strictObject({ origins: z.array(origin).max(MAX_ORIGINS) });

export async function PATCH(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await authorizeApi(req, { role: "admin", tokens: false });
  if ("response" in auth) return auth.response;
  const { id } = await ctx.params;
  const input = await readInput(req, Change);
  if ("response" in input) return input.response;
  if (!UUID_PATTERN.test(id)) return notFound("app");
  const row = await updateAppOrigins(id, [...new Set(input.data.origins)], actorOf(auth.principal, req));
  if (!row) return notFound("app");
  return Response.json({ app: { id: row.id, name: row.name, origins: row.allowedOrigins } });
}
