// Roles, weakest first. A role includes everything the weaker ones may do.
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(v: unknown): v is Role {
  return typeof v === "string" && (ROLES as readonly string[]).includes(v);
}

export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** The weaker of two roles: a token acts with at most its owner's role. */
export function weakerRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}

/** Roles a read-API token may carry: it reads and exports, never administers. */
export const TOKEN_ROLES = ["viewer", "operator"] as const satisfies readonly Role[];
