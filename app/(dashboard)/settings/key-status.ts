// A key's or token's state in words, as the CLI's `key list` says it.
export function keyStatus(k: { revokedAt: string | null; expiresAt: string | null }, now = Date.now()): string {
  if (k.revokedAt) return "revoked";
  if (k.expiresAt && Date.parse(k.expiresAt) <= now) return "expired";
  return "active";
}
