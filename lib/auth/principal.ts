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

async function grantsOf(userId: string): Promise<string[]> {
  const rows = await prisma().userTenant.findMany({ where: { userId }, select: { tenantId: true } });
  return rows.map((r) => r.tenantId);
}

/** A person as the guards see them (role, tenants), or undefined when they are gone or disabled. */
export async function userPrincipal(userId: string): Promise<Principal | undefined> {
  const user = await prisma().user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, mustChangePassword: true, disabledAt: true },
  });
  if (!user || user.disabledAt || !isRole(user.role)) return undefined;
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tenantIds: user.role === "admin" ? null : await grantsOf(user.id),
    mustChangePassword: user.mustChangePassword,
  };
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
  const owner = key.userId ? await userPrincipal(key.userId) : undefined;
  if (!owner) return { invalidToken: "the token's owner is disabled or gone" };
  let tenantIds = owner.tenantIds;
  if (key.tenantId) tenantIds = tenantIds === null || tenantIds.includes(key.tenantId) ? [key.tenantId] : [];
  return {
    principal: {
      ...owner,
      kind: "token",
      role: weakerRole(key.role ?? "viewer", owner.role),
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
  const principal = session ? await userPrincipal(session.user.id) : undefined;
  return principal ? { principal } : { anonymous: true };
}

/** Whether this caller may see rows of `tenantId`. */
export function canSeeTenant(p: Principal, tenantId: string | null | undefined): boolean {
  if (p.tenantIds === null) return true;
  return tenantId != null && p.tenantIds.includes(tenantId);
}
