// Keys in the database: create (secret returned once), list, revoke, authenticate.

import type { Role } from "../auth/roles";
import type { ApiKeyKind } from "../db/generated/enums";
import { prisma } from "../db/prisma";
import { runQuery } from "../db/run-query";
import { generateKey, type KeyKind, parseKey, secretMatches } from "./format";

export type KeyScope = { tenantId?: string; serverId?: string; appId?: string };

export type CreatedKey = { id: string; key: string; prefix: string; kind: KeyKind; name: string; expiresAt: Date | null };

export async function createKey(input: {
  kind: KeyKind;
  name: string;
  scope?: KeyScope;
  expiresAt?: Date;
  createdBy?: string;
  /** Read-API tokens: the user the token acts for and the role it carries (at most theirs). */
  userId?: string;
  role?: Role;
}): Promise<CreatedKey> {
  const fresh = generateKey(input.kind);
  const row = await prisma().apiKey.create({
    data: {
      kind: input.kind as ApiKeyKind,
      prefix: fresh.prefix,
      secretHash: fresh.secretHash,
      salt: fresh.salt,
      name: input.name,
      tenantId: input.scope?.tenantId ?? null,
      serverId: input.scope?.serverId ?? null,
      appId: input.scope?.appId ?? null,
      createdBy: input.createdBy ?? null,
      expiresAt: input.expiresAt ?? null,
      userId: input.userId ?? null,
      role: input.role ?? null,
    },
  });
  return { id: row.id, key: fresh.key, prefix: row.prefix, kind: input.kind, name: row.name, expiresAt: row.expiresAt };
}

export async function listKeys(kind?: KeyKind) {
  return prisma().apiKey.findMany({
    where: kind ? { kind: kind as ApiKeyKind } : {},
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      kind: true,
      prefix: true,
      name: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      tenant: { select: { slug: true } },
      server: { select: { name: true } },
      app: { select: { name: true } },
    },
  });
}

/** Revokes by prefix (or id); returns the row, or undefined when no such key exists. */
export async function revokeKey(prefixOrId: string) {
  const key = await prisma().apiKey.findFirst({
    where: /^[0-9a-f-]{36}$/.test(prefixOrId) ? { id: prefixOrId } : { prefix: prefixOrId },
  });
  if (!key) return undefined;
  if (key.revokedAt) return key;
  return prisma().apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
}

export type AuthenticatedKey = {
  id: string;
  kind: KeyKind;
  prefix: string;
  name: string;
  tenantId: string | null;
  serverId: string | null;
  appId: string | null;
  /** Read-API tokens: the user they act for, and the role they carry. */
  userId: string | null;
  role: Role | null;
};

export type AuthFailure = "malformed" | "unknown" | "revoked" | "expired" | "wrong-kind";

const LOOKUP_SQL = `
  SELECT id, kind::text AS kind, prefix, name, secret_hash, salt, tenant_id, server_id, app_id, user_id, role::text AS role,
         expires_at, revoked_at
  FROM api_key WHERE prefix = $1`;

// last_used_at is written at most once a minute per key, so a busy ingest key costs no extra writes.
const TOUCH_SQL = `
  UPDATE api_key SET last_used_at = now()
  WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '60 seconds')`;

type KeyRow = {
  id: string;
  kind: KeyKind;
  prefix: string;
  name: string;
  secret_hash: string;
  salt: string;
  tenant_id: string | null;
  server_id: string | null;
  app_id: string | null;
  user_id: string | null;
  role: Role | null;
  expires_at: Date | null;
  revoked_at: Date | null;
};

export async function authenticateKey(
  raw: string,
  allowed: readonly KeyKind[],
  now = new Date(),
): Promise<{ ok: true; key: AuthenticatedKey } | { ok: false; reason: AuthFailure }> {
  const parsed = parseKey(raw);
  if (!parsed) return { ok: false, reason: "malformed" };
  const [row] = await runQuery<KeyRow>(LOOKUP_SQL, [parsed.prefix]);
  if (!row || !secretMatches(parsed.secret, row.salt, row.secret_hash)) return { ok: false, reason: "unknown" };
  if (row.revoked_at) return { ok: false, reason: "revoked" };
  if (row.expires_at && row.expires_at <= now) return { ok: false, reason: "expired" };
  if (!allowed.includes(row.kind)) return { ok: false, reason: "wrong-kind" };
  await runQuery(TOUCH_SQL, [row.id]);
  return {
    ok: true,
    key: {
      id: row.id,
      kind: row.kind,
      prefix: row.prefix,
      name: row.name,
      tenantId: row.tenant_id,
      serverId: row.server_id,
      appId: row.app_id,
      userId: row.user_id,
      role: row.role,
    },
  };
}
