// Who is calling: a signed-in person (session cookie) or a read-API token acting for its owner.
// A token carries at most its owner's role and only tenants its owner still has; a disabled owner
// disables every token at once.
import { prisma } from "../db/prisma";
import { presentedKey } from "../keys/request";
import { authenticateKey } from "../keys/store";
import { auth } from "./better-auth";
import { isRole, type Role, weakerRole } from "./roles";

export type Principal = {
  kind: "user" | "token";
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** The tenants this caller may see; null = every tenant (admins). */
  tenantIds: string[] | null;
  mustChangePassword: boolean;
  tokenId?: string;
};

export type Resolution = { principal: Principal } | { anonymous: true } | { invalidToken: string };

type Owner = { id: string; email: string; name: string; role: Role; mustChangePassword: boolean; disabledAt: Date | null };

async function grantsOf(userId: string): Promise<string[]> {
  const rows = await prisma().userTenant.findMany({ where: { userId }, select: { tenantId: true } });
  return rows.map((r) => r.tenantId);
}

async function ownerOf(userId: string): Promise<Owner | null> {
  return prisma().user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, mustChangePassword: true, disabledAt: true },
  });
}

async function fromToken(raw: string): Promise<Resolution> {
  const result = await authenticateKey(raw, ["api"]);
  if (!result.ok)
    return {
      invalidToken:
        result.reason === "wrong-kind"
          ? "this key is not a read-API token"
          : `the token is ${result.reason === "unknown" || result.reason === "malformed" ? "not valid" : result.reason}`,
    };
  const key = result.key;
  const owner = key.userId ? await ownerOf(key.userId) : null;
  if (!owner || owner.disabledAt) return { invalidToken: "the token's owner is disabled or gone" };
  const role = weakerRole(key.role ?? "viewer", owner.role);
  let tenantIds: string[] | null = owner.role === "admin" ? null : await grantsOf(owner.id);
  if (key.tenantId) tenantIds = tenantIds === null || tenantIds.includes(key.tenantId) ? [key.tenantId] : [];
  return {
    principal: {
      kind: "token",
      userId: owner.id,
      email: owner.email,
      name: owner.name,
      role,
      tenantIds,
      mustChangePassword: false,
      tokenId: key.id,
    },
  };
}

/** Resolves the caller of a request from its headers (cookie or bearer token). */
export async function resolvePrincipal(headers: Headers): Promise<Resolution> {
  const raw = presentedKey({ headers });
  if (raw && headers.get("authorization")) return fromToken(raw);
  const session = await auth().api.getSession({ headers });
  if (!session) return { anonymous: true };
  const owner = await ownerOf(session.user.id);
  if (!owner || owner.disabledAt || !isRole(owner.role)) return { anonymous: true };
  return {
    principal: {
      kind: "user",
      userId: owner.id,
      email: owner.email,
      name: owner.name,
      role: owner.role,
      tenantIds: owner.role === "admin" ? null : await grantsOf(owner.id),
      mustChangePassword: owner.mustChangePassword,
    },
  };
}

/** Whether this caller may see rows of `tenantId`. */
export function canSeeTenant(p: Principal, tenantId: string | null | undefined): boolean {
  if (p.tenantIds === null) return true;
  return tenantId != null && p.tenantIds.includes(tenantId);
}
