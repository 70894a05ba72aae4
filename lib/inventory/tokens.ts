// Personal read-API tokens: each acts for the person who made it, with at most their role and only
// tenants they can see (lib/auth/principal.ts enforces that again on every use).
import { type AuditActor, recordAudit } from "../audit/record";
import { canSeeTenant, type Principal } from "../auth/principal";
import { roleAtLeast, TOKEN_ROLES } from "../auth/roles";
import { prisma } from "../db/prisma";
import { createKey } from "../keys/store";
import { InventoryError } from "./errors";
import { isoDates } from "./keys";

export type TokenRole = (typeof TOKEN_ROLES)[number];
export type NewToken = { name: string; role: TokenRole; tenantId?: string; expiresAt?: Date };

/** Roles this person may give a token: token roles no stronger than their own. */
export function tokenRolesFor(owner: Pick<Principal, "role">): TokenRole[] {
  return TOKEN_ROLES.filter((r) => roleAtLeast(owner.role, r));
}

export async function issueToken(owner: Principal, input: NewToken, actor: AuditActor) {
  if (!tokenRolesFor(owner).includes(input.role))
    throw new InventoryError("invalid", `role: a token may not carry ${input.role}; you are ${owner.role}`);
  if (input.tenantId !== undefined) {
    const exists = await prisma().tenant.findUnique({ where: { id: input.tenantId }, select: { id: true } });
    if (!exists || !canSeeTenant(owner, input.tenantId)) throw new InventoryError("invalid", "tenantId: not a tenant you can see");
  }
  const created = await createKey({
    kind: "api",
    name: input.name,
    scope: { tenantId: input.tenantId },
    expiresAt: input.expiresAt,
    createdBy: owner.email,
    userId: owner.userId,
    role: input.role,
  });
  await recordAudit({
    ...actor,
    action: "token.create",
    tenantId: input.tenantId ?? null,
    targetType: "api_key",
    targetId: created.prefix,
    detail: { name: input.name, role: input.role },
  });
  return { ...created, role: input.role, tenantId: input.tenantId ?? null };
}

export async function listTokens(userId: string) {
  const rows = await prisma().apiKey.findMany({
    where: { kind: "api", userId },
    orderBy: { createdAt: "desc" },
    take: 500,
    select: {
      id: true,
      prefix: true,
      name: true,
      role: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      tenant: { select: { id: true, slug: true } },
    },
  });
  return rows.map((t) => ({ ...t, ...isoDates(t) }));
}
export type TokenRow = Awaited<ReturnType<typeof listTokens>>[number];
