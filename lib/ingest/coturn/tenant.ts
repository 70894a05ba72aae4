// Tenant of a coturn row, resolved on the app (DESIGN.md "Tenancy"): the server's realm rules, lowest
// priority first (exact realm or `*`, optionally refined by a regular expression on the stable user),
// else the server's default tenant. Pure.

export type TenantRule = { realm: string; usernamePattern: string | null; tenantId: string; priority: number };

export type TenantResolver = (realm: string | null, stableUser: string | null) => string;

type Compiled = { realm: string; pattern: RegExp | null; tenantId: string };

const MEMO_MAX = 10_000;

/**
 * A resolver for one server. A stored pattern that is not a valid regular expression disables its
 * rule (reported through onBadPattern) instead of failing ingest.
 */
export function compileTenantRules(
  rules: readonly TenantRule[],
  defaultTenantId: string,
  onBadPattern: (rule: TenantRule, err: Error) => void = () => {},
): TenantResolver {
  const compiled: Compiled[] = [];
  for (const rule of [...rules].sort((a, b) => a.priority - b.priority)) {
    let pattern: RegExp | null = null;
    if (rule.usernamePattern !== null) {
      try {
        pattern = new RegExp(rule.usernamePattern);
      } catch (err) {
        onBadPattern(rule, err as Error);
        continue;
      }
    }
    compiled.push({ realm: rule.realm, pattern, tenantId: rule.tenantId });
  }
  const memo = new Map<string, string>();
  return (realm, stableUser) => {
    const memoKey = `${realm ?? "\u0000"}\u0001${stableUser ?? "\u0000"}`;
    const hit = memo.get(memoKey);
    if (hit) return hit;
    let tenant = defaultTenantId;
    for (const rule of compiled) {
      if (rule.realm !== "*" && rule.realm !== realm) continue;
      // A username rule needs a user to look at: it never matches a row whose user is unknown.
      if (rule.pattern && (stableUser === null || !rule.pattern.test(stableUser))) continue;
      tenant = rule.tenantId;
      break;
    }
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(memoKey, tenant);
    return tenant;
  };
}
