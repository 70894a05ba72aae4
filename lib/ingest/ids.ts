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

const MAX_POS = 2 ** 48;
const MAX_SUB = 4096;

/**
 * Ids for rows keyed by a position in a stream (a byte offset in one log file, and the index of the
 * event within its line): `positionIds(table, server, file)(pos, sub)`. A UUID version 8 (RFC 9562)
 * laid out as 48 bits of position, 12 bits of sub-index and 62 bits of SHA-1 of the stream's key:
 * no hash per row (this is one id per log line), and ids of one file ascend with its offset, so the
 * primary-key index takes each file's rows at one growing edge instead of at random pages. Positions
 * past 256 TiB or sub-indexes past 4095 fall back to deterministicUuid (version 5): never the same
 * id for two positions, whatever the input.
 */
export function positionIds(...stream: IdPart[]): (pos: number, sub: number) => string {
  const h = createHash("sha1")
    .update(NAMESPACE)
    .update(`[${stream.map(encode).join(",")}]`)
    .digest();
  h[0] = (h[0] & 0x3f) | 0x80; // RFC 9562 variant, on the byte that becomes the 4th group
  const hex = h.subarray(0, 8).toString("hex");
  const tail = `-${hex.slice(0, 4)}-${hex.slice(4, 16)}`;
  const fallback = idsWith(...stream);
  return (pos, sub) => {
    if (!(Number.isInteger(pos) && pos >= 0 && pos < MAX_POS && Number.isInteger(sub) && sub >= 0 && sub < MAX_SUB)) {
      return fallback(pos, sub);
    }
    const p = pos.toString(16).padStart(12, "0");
    return `${p.slice(0, 8)}-${p.slice(8)}-${(0x8000 | sub).toString(16)}${tail}`;
  };
}
