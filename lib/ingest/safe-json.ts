// Text from agents goes into text and jsonb columns, which refuse NUL characters and (jsonb) lone
// UTF-16 surrogates; one such byte would fail the whole batch and stall its agent. They become U+FFFD.

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must be found
const UNSAFE = /[\u0000\ud800-\udfff]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must be found
const NUL_OR_LONE_SURROGATE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function cleanText(s: string): string {
  return UNSAFE.test(s) ? s.replace(NUL_OR_LONE_SURROGATE, "\ufffd") : s;
}

function unsafe(value: unknown, depth: number): boolean {
  if (typeof value === "string") return UNSAFE.test(value);
  if (value === null || typeof value !== "object") return false;
  if (depth > 64) return true;
  if (Array.isArray(value)) return value.some((v) => unsafe(v, depth + 1));
  for (const k in value) if (UNSAFE.test(k) || unsafe((value as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

function rebuild(value: unknown, depth: number): unknown {
  if (typeof value === "string") return cleanText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 64) return null;
  if (Array.isArray(value)) return value.map((v) => rebuild(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[cleanText(k)] = rebuild(v, depth + 1);
  return out;
}

/**
 * The same JSON value with every string (and key) cleaned; depth-bounded (deeper parts become null).
 * The value itself when nothing needs cleaning (the common case, on the hot path: no copies).
 */
export function cleanDeep(value: unknown): unknown {
  return unsafe(value, 0) ? rebuild(value, 0) : value;
}

/** A JSON value of at most maxChars when serialised: whole when it fits, else its text cut short. */
export function boundedJson(value: unknown, maxChars: number): unknown {
  const cleaned = cleanDeep(value);
  const text = JSON.stringify(cleaned) ?? "null";
  if (text.length <= maxChars) return cleaned;
  return { truncated: true, length: text.length, head: cleanText(text.slice(0, maxChars)) };
}

/** At most n UTF-16 units, never ending in half a surrogate pair (for varchar(n) columns). */
export function clip(s: string, n: number): string {
  return s.length <= n ? s : cleanText(s.slice(0, n));
}
