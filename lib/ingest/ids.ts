// Deterministic row ids (DESIGN.md "Idempotent ingest"): the same source position always gives the
// same uuid, so a replayed line hits ON CONFLICT instead of becoming a second row.
import { createHash, type Hash } from "node:crypto";

// Name-based UUID (RFC 4122 §4.3, version 5 = SHA-1) in a namespace of our own.
const NAMESPACE = Buffer.from("4f0d7c3e9a2b4e51b8d6a1c2e3f40517", "hex");

export type IdPart = string | number | bigint | boolean | null;

const encode = (p: IdPart) => JSON.stringify(typeof p === "bigint" ? `${p}n` : p);

function format(hash: Hash): string {
  const h = hash.digest();
  h[6] = (h[6] & 0x0f) | 0x50; // version 5
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * uuid v5 of the parts. The parts are JSON-encoded as one array, so ("a:b", "c") and ("a", "b:c")
 * differ, and a number and its decimal string do too.
 */
export function deterministicUuid(...parts: IdPart[]): string {
  return format(
    createHash("sha1")
      .update(NAMESPACE)
      .update(`[${parts.map(encode).join(",")}]`),
  );
}

/**
 * deterministicUuid with its first parts fixed, for hot loops (one id per log line): the hash of
 * the common prefix is computed once. `idsWith(a, b)(c, d) === deterministicUuid(a, b, c, d)`.
 */
export function idsWith(...prefix: IdPart[]): (...rest: IdPart[]) => string {
  const base = createHash("sha1")
    .update(NAMESPACE)
    .update(`[${prefix.map(encode).join(",")}`);
  const sep = prefix.length ? "," : "";
  return (...rest) => format(base.copy().update(`${rest.length ? sep : ""}${rest.map(encode).join(",")}]`));
}
