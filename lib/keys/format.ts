// API key strings: `rs_<kind>_<id>_<secret>`. The `rs_<kind>_<id>` prefix is visible (lists, logs);
// the secret is shown once and only its salted HMAC is stored. Secrets are 192 random bits, so a
// fast keyed hash is enough (no password-style KDF on every ingest request).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const KEY_KINDS = ["collector", "app", "api"] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

const SHORT: Record<KeyKind, string> = { collector: "col", app: "app", api: "api" };
const KIND_OF: Record<string, KeyKind> = { col: "collector", app: "app", api: "api" };
const KEY_PATTERN = /^(rs_(col|app|api)_[a-z0-9]{10})_([0-9a-f]{48})$/;
const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export type ParsedKey = { prefix: string; kind: KeyKind; secret: string };

export function parseKey(raw: string): ParsedKey | undefined {
  const m = KEY_PATTERN.exec(raw.trim());
  if (!m) return undefined;
  const kind = KIND_OF[m[2]];
  return kind ? { prefix: m[1], kind, secret: m[3] } : undefined;
}

export function hashSecret(secret: string, salt: string): string {
  return createHmac("sha256", salt).update(secret).digest("hex");
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function secretMatches(secret: string, salt: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret, salt), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

export type NewKey = { key: string; prefix: string; salt: string; secretHash: string };

export function generateKey(kind: KeyKind): NewKey {
  const idBytes = randomBytes(10);
  const id = Array.from(idBytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join("");
  const prefix = `rs_${SHORT[kind]}_${id}`;
  const secret = randomBytes(24).toString("hex");
  const salt = randomBytes(16).toString("hex");
  return { key: `${prefix}_${secret}`, prefix, salt, secretHash: hashSecret(secret, salt) };
}

/** "90d", "12h", "30m" → milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,6})([mhdw])$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as "m" | "h" | "d" | "w"];
  return Number(m[1]) * unit;
}
