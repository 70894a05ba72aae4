// SDK apps for admins: list, create with the origins allowed to send stats.
import { z } from "zod";
import { authorizeApi } from "../../../../lib/auth/guard-api";
import { createApp, listApps } from "../../../../lib/inventory/apps";
import { actorOf, problemResponse, readInput } from "../../../../lib/inventory/http";
import { entityId, MAX_ORIGINS, origin, slug } from "../../../../lib/inventory/validate";

export const dynamic = "force-dynamic";

const NewApp = z.strictObject({ name: slug, tenantId: entityId, origins: z.array(origin).max(MAX_ORIGINS).default([]) });

export async function GET(req: Request): Promise<Response> {
  const auth = await authorizeApi(req, { role: "admin", tokens: false });
  if ("response" in auth) return auth.response;
  return Response.json({ apps: await listApps() });
}

export async function POST(req: Request): Promise<Response> {
  const auth = await authorizeApi(req, { role: "admin", tokens: false });
  if ("response" in auth) return auth.response;
  const input = await readInput(req, NewApp);
  if ("response" in input) return input.response;
  try {
    const row = await createApp({ ...input.data, origins: [...new Set(input.data.origins)] }, actorOf(auth.principal, req));
    return Response.json({ app: { id: row.id, name: row.name, tenant: row.tenant, origins: row.allowedOrigins } }, { status: 201 });
  } catch (err) {
    return problemResponse(err);
  }
}
