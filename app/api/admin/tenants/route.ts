// Tenants for admins: list, create (audited in lib/inventory/tenants.ts).
import { z } from "zod";
import { authorizeApi } from "../../../../lib/auth/guard-api";
import { actorOf, problemResponse, readInput } from "../../../../lib/inventory/http";
import { createTenant, listTenants } from "../../../../lib/inventory/tenants";
import { displayName, slug, timeZone } from "../../../../lib/inventory/validate";

export const dynamic = "force-dynamic";

const NewTenant = z.strictObject({ slug, name: displayName.optional(), timeZone: timeZone.default("UTC") });

export async function GET(req: Request): Promise<Response> {
  const auth = await authorizeApi(req, { role: "admin", tokens: false });
  if ("response" in auth) return auth.response;
  return Response.json({ tenants: await listTenants() });
}

export async function POST(req: Request): Promise<Response> {
  const auth = await authorizeApi(req, { role: "admin", tokens: false });
  if ("response" in auth) return auth.response;
  const input = await readInput(req, NewTenant);
  if ("response" in input) return input.response;
  const { slug: s, name, timeZone: zone } = input.data;
  try {
    const row = await createTenant({ slug: s, name: name ?? s, timeZone: zone }, actorOf(auth.principal, req));
    return Response.json({ tenant: { id: row.id, slug: row.slug, name: row.name, timeZone: row.timeZone } }, { status: 201 });
  } catch (err) {
    return problemResponse(err);
  }
}
