// Web apps that embed the getStats SDK; their allowed origins gate which pages may send stats.
import { type AuditActor, recordAudit } from "../audit/record";
import { prisma } from "../db/prisma";
import { InventoryError, isUniqueViolation } from "./errors";

export type NewApp = { name: string; tenantId: string; origins: string[] };

/** Input already passed the rules in ./validate.ts; the tenant id is checked here. */
export async function createApp(input: NewApp, actor: AuditActor) {
  const db = prisma();
  const tenant = await db.tenant.findUnique({ where: { id: input.tenantId }, select: { id: true, slug: true } });
  if (!tenant) throw new InventoryError("invalid", `unknown tenant ${input.tenantId}`);
  const exists = () => new InventoryError("conflict", `app "${input.name}" already exists in tenant ${tenant.slug}`);
  if (await db.app.findUnique({ where: { tenantId_name: { tenantId: tenant.id, name: input.name } }, select: { id: true } }))
    throw exists();
  const row = await db.app.create({ data: { name: input.name, tenantId: tenant.id, allowedOrigins: input.origins } }).catch((err) => {
    throw isUniqueViolation(err) ? exists() : err;
  });
  await recordAudit({
    ...actor,
    action: "app.create",
    tenantId: tenant.id,
    targetType: "app",
    targetId: row.id,
    detail: { name: row.name },
  });
  return { ...row, tenant };
}

/** Replaces the allowed origins; undefined when no app has this id. */
export async function updateAppOrigins(id: string, origins: string[], actor: AuditActor) {
  const db = prisma();
  const app = await db.app.findUnique({ where: { id }, select: { id: true, tenantId: true, allowedOrigins: true } });
  if (!app) return undefined;
  const row = await db.app.update({ where: { id }, data: { allowedOrigins: origins } });
  await recordAudit({
    ...actor,
    action: "app.update",
    tenantId: app.tenantId,
    targetType: "app",
    targetId: id,
    detail: { name: row.name, origins: { before: app.allowedOrigins, after: origins } },
  });
  return row;
}

export async function listApps() {
  const rows = await prisma().app.findMany({ orderBy: { name: "asc" }, include: { tenant: { select: { id: true, slug: true } } } });
  return rows.map((a) => ({ id: a.id, name: a.name, tenant: a.tenant, origins: a.allowedOrigins, createdAt: a.createdAt.toISOString() }));
}
export type AppRow = Awaited<ReturnType<typeof listApps>>[number];
