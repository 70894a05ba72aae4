// The audit trail of admin actions (who, what, when, from where). The sign-in issue adds the UI.
import type { Prisma } from "../db/generated/client";
import { prisma } from "../db/prisma";

/** Who did something and from where (the /24 or /48 prefix), for every audited change. */
export type AuditActor = { actorType: AuditEntry["actorType"]; actorId: string; ipPrefix?: string | null };

export type AuditEntry = {
  actorType: "user" | "cli" | "api_token" | "system";
  actorId: string;
  action: string;
  tenantId?: string | null;
  targetType?: string;
  targetId?: string;
  detail?: Prisma.InputJsonObject;
  ipPrefix?: string | null;
};

export async function recordAudit(entry: AuditEntry): Promise<void> {
  await prisma().auditLog.create({
    data: {
      actorType: entry.actorType,
      actorId: entry.actorId,
      action: entry.action,
      tenantId: entry.tenantId ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      detail: entry.detail ?? {},
      ipPrefix: entry.ipPrefix ?? null,
    },
  });
}
