// Reading the audit trail, newest first, a bounded page at a time (keyset on `at`, not offsets).
import { prisma } from "../db/prisma";

export const AUDIT_PAGE_MAX = 200;

export type AuditQuery = { before?: Date; limit: number; action?: string };

export async function listAudit(q: AuditQuery) {
  const db = prisma();
  const rows = await db.auditLog.findMany({
    where: { ...(q.before ? { at: { lt: q.before } } : {}), ...(q.action ? { action: q.action } : {}) },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: Math.min(q.limit, AUDIT_PAGE_MAX),
  });
  // audit_log has no foreign key to tenant (entries outlive what they name), so slugs are looked up.
  const tenantIds = [...new Set(rows.map((r) => r.tenantId).filter((id): id is string => id !== null))];
  const tenants = tenantIds.length ? await db.tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, slug: true } }) : [];
  const slugOf = new Map(tenants.map((t) => [t.id, t.slug]));
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actorType: r.actorType,
    actorId: r.actorId,
    action: r.action,
    tenant: r.tenantId ? (slugOf.get(r.tenantId) ?? r.tenantId) : null,
    targetType: r.targetType,
    targetId: r.targetId,
    detail: r.detail,
    ipPrefix: r.ipPrefix,
  }));
}
export type AuditRow = Awaited<ReturnType<typeof listAudit>>[number];
