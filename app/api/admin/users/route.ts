// People for admins: list (role, tenants, last sign-in), create with a one-time password that is in
// this one response only (lib/auth/users.ts audits the change).
import { z } from "zod";
import { authorizeApi } from "../../../../lib/auth/guard-api";
import { ROLES } from "../../../../lib/auth/roles";
import { createUser } from "../../../../lib/auth/users";
import { errorResponse } from "../../../../lib/http/errors";
import { actorOf, problemResponse, readInput } from "../../../../lib/inventory/http";
import { unknownTenantIds } from "../../../../lib/inventory/tenants";
import { listUsers } from "../../../../lib/inventory/users";
import { entityId } from "../../../../lib/inventory/validate";

export const dynamic = "force-dynamic";

const NewUser = z.strictObject({
  email: z.string().max(320),
  name: z.string().max(200).optional(),
  role: z.enum(ROLES),
  tenantIds: z.array(entityId).max(500).default([]),
});

export async function GET(req: Request): Promise<Response> {
  const auth = await authorizeApi(req, { role: "admin", tokens: false });
  if ("response" in auth) return auth.response;
  return Response.json({ users: await listUsers() });
}

export async function POST(req: Request): Promise<Response> {
  const auth = await authorizeApi(req, { role: "admin", tokens: false });
  if ("response" in auth) return auth.response;
  const input = await readInput(req, NewUser);
  if ("response" in input) return input.response;
  const d = input.data;
  if (d.role === "admin" && d.tenantIds.length > 0) return errorResponse(400, "invalid_input", "tenantIds: admins see every tenant");
  const missing = await unknownTenantIds(d.tenantIds);
  if (missing.length > 0) return errorResponse(400, "invalid_input", `tenantIds: unknown tenant ${missing.join(", ")}`);
  try {
    const created = await createUser({ email: d.email, name: d.name, role: d.role, tenantIds: d.tenantIds }, actorOf(auth.principal, req));
    return Response.json(
      { user: { id: created.id, email: created.email, role: created.role }, oneTimePassword: created.oneTimePassword },
      { status: 201, headers: { "cache-control": "no-store" } },
    );
  } catch (err) {
    return problemResponse(err);
  }
}
