// Who the caller is: a signed-in person or a read-API token, their role and tenants. The read
// API's smallest endpoint, so scripts can check a token before using it.
import { authorizeApi } from "../../../../lib/auth/guard-api";
import { prisma } from "../../../../lib/db/prisma";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  const auth = await authorizeApi(req, { role: "viewer", tokens: true });
  if ("response" in auth) return auth.response;
  const p = auth.principal;
  const tenants = await prisma().tenant.findMany({
    where: p.tenantIds === null ? {} : { id: { in: p.tenantIds } },
    select: { id: true, slug: true, name: true },
    orderBy: { slug: "asc" },
  });
  return Response.json({
    kind: p.kind,
    email: p.email,
    name: p.name,
    role: p.role,
    allTenants: p.tenantIds === null,
    tenants,
    mustChangePassword: p.mustChangePassword,
  });
}
