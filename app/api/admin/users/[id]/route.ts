// Changing a person: role, tenant grants, name, disabled (which ends their sessions and tokens).
import { z } from "zod";
import { authorizeApi } from "../../../../../lib/auth/guard-api";
import { ROLES } from "../../../../../lib/auth/roles";
import { updateUser } from "../../../../../lib/auth/users";
import { errorResponse } from "../../../../../lib/http/errors";
import { actorOf, notFound, problemResponse, readInput } from "../../../../../lib/inventory/http";
import { unknownTenantIds } from "../../../../../lib/inventory/tenants";
import { entityId, UUID_PATTERN } from "../../../../../lib/inventory/validate";

export const dynamic = "force-dynamic";

const Change = z.strictObject({
  role: z.enum(ROLES).optional(),
  tenantIds: z.array(entityId).max(500).optional(),
  disabled: z.boolean().optional(),
  name: z.string().max(200).optional(),
});

export async function PATCH(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await authorizeApi(req, { role: "admin", tokens: false });
  if ("response" in auth) return auth.response;
  const { id } = await ctx.params;
  const input = await readInput(req, Change);
  if ("response" in input) return input.response;
  if (!UUID_PATTERN.test(id)) return notFound("user");
  const missing = await unknownTenantIds(input.data.tenantIds ?? []);
  if (missing.length > 0) return errorResponse(400, "invalid_input", `tenantIds: unknown tenant ${missing.join(", ")}`);
  try {
    await updateUser(id, input.data, actorOf(auth.principal, req));
    return Response.json({ ok: true });
  } catch (err) {
    return problemResponse(err);
  }
}
