// Collector keys (agents) and app keys (browser SDK): issued with their scope resolved and audited,
// revoked at once. The secret leaves here once, in the return value, and is never stored.
import { type AuditActor, recordAudit } from "../audit/record";
import type { ApiKeyKind } from "../db/generated/enums";
import { prisma } from "../db/prisma";
import type { KeyKind } from "../keys/format";
import { createKey, revokeKey } from "../keys/store";
import { InventoryError } from "./errors";
import { UUID_PATTERN } from "./validate";

export type NewKey = { kind: KeyKind; name: string; serverId?: string; appId?: string; tenantId?: string; expiresAt?: Date };

/** An app key takes its app's tenant; a collector key may be limited to one server. */
export async function issueKey(input: NewKey, actor: AuditActor) {
  if (input.kind === "app" && !input.appId) throw new InventoryError("invalid", "an app key needs an app");
  if (input.kind !== "app" && input.appId) throw new InventoryError("invalid", "only app keys belong to an app");
  if (input.kind !== "collector" && input.serverId) throw new InventoryError("invalid", "only collector keys are limited to a server");
  const db = prisma();
  if (input.serverId && !(await db.turnServer.findUnique({ where: { id: input.serverId }, select: { id: true } })))
    throw new InventoryError("invalid", `unknown server ${input.serverId}`);
  let tenantId = input.tenantId;
  if (input.appId) {
    const app = await db.app.findUnique({ where: { id: input.appId }, select: { tenantId: true } });
    if (!app) throw new InventoryError("invalid", `unknown app ${input.appId}`);
    tenantId = app.tenantId;
  }
  const created = await createKey({
    kind: input.kind,
    name: input.name,
    scope: { tenantId, serverId: input.serverId, appId: input.appId },
    expiresAt: input.expiresAt,
    createdBy: actor.actorId,
  });
  await recordAudit({
    ...actor,
    action: "key.create",
    tenantId: tenantId ?? null,
    targetType: "api_key",
    targetId: created.prefix,
    detail: { kind: input.kind, name: input.name },
  });
  return { ...created, tenantId: tenantId ?? null };
}

export type RevokeFilter = { kinds?: readonly KeyKind[]; userId?: string };

/**
 * Revokes one key by prefix or id, among the keys `only` allows (so an admin page cannot revoke a
 * personal token, nor a person someone else's); undefined when there is no such key. Revoking a
 * revoked key changes nothing and writes no audit entry.
 */
export async function revokeKeyAs(ref: string, only: RevokeFilter, actor: AuditActor, action = "key.revoke") {
  const key = await prisma().apiKey.findFirst({
    where: {
      ...(UUID_PATTERN.test(ref) ? { id: ref } : { prefix: ref }),
      ...(only.kinds ? { kind: { in: only.kinds as ApiKeyKind[] } } : {}),
      ...(only.userId ? { userId: only.userId } : {}),
    },
  });
  if (!key) return undefined;
  if (key.revokedAt) return key;
  const row = (await revokeKey(key.id)) ?? key;
  await recordAudit({ ...actor, action, tenantId: key.tenantId, targetType: "api_key", targetId: key.prefix, detail: { kind: key.kind } });
  return row;
}

/** Collector and app keys for the admin page: never hashes or salts. */
export async function listInventoryKeys() {
  const rows = await prisma().apiKey.findMany({
    where: { kind: { in: ["collector", "app"] } },
    orderBy: { createdAt: "desc" },
    take: 1000,
    select: {
      id: true,
      kind: true,
      prefix: true,
      name: true,
      createdBy: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      tenant: { select: { id: true, slug: true } },
      server: { select: { id: true, name: true } },
      app: { select: { id: true, name: true } },
    },
  });
  return rows.map((k) => ({ ...k, ...isoDates(k) }));
}
export type KeyRow = Awaited<ReturnType<typeof listInventoryKeys>>[number];

export function isoDates(k: { createdAt: Date; expiresAt: Date | null; revokedAt: Date | null; lastUsedAt: Date | null }) {
  return {
    createdAt: k.createdAt.toISOString(),
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}
