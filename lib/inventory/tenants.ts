// Tenants: whose servers, apps and data are whose. Created by the CLI and the admin API alike.
import { type AuditActor, recordAudit } from "../audit/record";
import { prisma } from "../db/prisma";
import { InventoryError, isUniqueViolation } from "./errors";

export type NewTenant = { slug: string; name: string; timeZone: string };

/** Input already passed the rules in ./validate.ts. */
export async function createTenant(input: NewTenant, actor: AuditActor) {
  const db = prisma();
  const exists = () => new InventoryError("conflict", `tenant "${input.slug}" already exists`);
  if (await db.tenant.findUnique({ where: { slug: input.slug }, select: { id: true } })) throw exists();
  const row = await db.tenant.create({ data: input }).catch((err) => {
    throw isUniqueViolation(err) ? exists() : err;
  });
  await recordAudit({
    ...actor,
    action: "tenant.create",
    tenantId: row.id,
    targetType: "tenant",
    targetId: row.id,
    detail: { slug: row.slug },
  });
  return row;
}

export async function listTenants() {
  const rows = await prisma().tenant.findMany({ orderBy: { slug: "asc" } });
  return rows.map((t) => ({ id: t.id, slug: t.slug, name: t.name, timeZone: t.timeZone, createdAt: t.createdAt.toISOString() }));
}
export type TenantRow = Awaited<ReturnType<typeof listTenants>>[number];

/** The ids among `ids` that name no tenant (for a 400 that says which). */
export async function unknownTenantIds(ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await prisma().tenant.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
  const known = new Set(found.map((t) => t.id));
  return ids.filter((id) => !known.has(id));
}
