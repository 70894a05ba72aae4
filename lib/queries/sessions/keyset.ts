// Keyset pagination for the drill-down lists (sessions, calls): a closed list of sort keys with an
// optional `-` for descending, a bounded page size, and an opaque cursor that carries the last row's
// sort value and id. Keyset, not offset: page N costs what page 1 costs, and rows arriving while
// someone pages do not shift what they see. A cursor is bound to its sort (another sort is a 400),
// not to the filters: with other filters it is still a position in the same order.
export type SortDir = "asc" | "desc";
export type Sort<K extends string> = { key: K; dir: SortDir };

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
const MAX_CURSOR_LENGTH = 600;

export type Parsed<T> = { ok: true; value: T } | { ok: false; param: string; message: string };
const bad = (param: string, message: string): { ok: false; param: string; message: string } => ({ ok: false, param, message });

export function parseSort<K extends string>(raw: string | null, keys: readonly K[], fallback: Sort<K>): Parsed<Sort<K>> {
  if (raw === null || raw === "") return { ok: true, value: fallback };
  const dir: SortDir = raw.startsWith("-") ? "desc" : "asc";
  const name = dir === "desc" ? raw.slice(1) : raw;
  const key = keys.find((k) => k === name);
  if (!key) return bad("sort", `sort must be one of ${keys.join(", ")}, each optionally prefixed with - for descending`);
  return { ok: true, value: { key, dir } };
}

export function sortName<K extends string>(s: Sort<K>): string {
  return s.dir === "desc" ? `-${s.key}` : s.key;
}

export function parseLimit(raw: string | null): Parsed<number> {
  if (raw === null || raw === "") return { ok: true, value: DEFAULT_LIMIT };
  if (!/^\d{1,4}$/.test(raw)) return bad("limit", `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  const n = Number(raw);
  if (n < 1 || n > MAX_LIMIT) return bad("limit", `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return { ok: true, value: n };
}

/** The last row of a page: its sort value as text (cast back by the query) and its id (tie-breaker). */
export type CursorPosition = { value: string; id: string };

export function encodeCursor(sort: string, pos: CursorPosition): string {
  return Buffer.from(JSON.stringify([sort, pos.value, pos.id]), "utf8").toString("base64url");
}

/**
 * Decodes a cursor made by encodeCursor for the same sort. `id` checks the tie-breaker's shape;
 * `value` checks the sort value's (the query casts it, so a garbled value must not reach SQL as a 500).
 */
export function decodeCursor(
  raw: string | null,
  sort: string,
  check: { id: (v: string) => boolean; value: (v: string) => boolean },
): Parsed<CursorPosition | null> {
  if (raw === null || raw === "") return { ok: true, value: null };
  const invalid = bad("cursor", "cursor is not one this endpoint gave out; start again without it");
  if (raw.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(raw)) return invalid;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return invalid;
  }
  if (!Array.isArray(decoded) || decoded.length !== 3 || !decoded.every((x) => typeof x === "string")) return invalid;
  const [s, value, id] = decoded as [string, string, string];
  if (s !== sort) return bad("cursor", `cursor belongs to sort ${s}, not ${sort}; start again without it`);
  if (!check.id(id) || !check.value(value)) return invalid;
  return { ok: true, value: { value, id } };
}

/** Shapes of sort values, for decodeCursor. */
export const isUuid = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
export const isIsoTime = (v: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/.test(v) && !Number.isNaN(Date.parse(v));
export const isDecimal = (v: string) => /^-?\d{1,30}(\.\d{1,12})?$/.test(v);
export const isBoundedText = (max: number) => (v: string) => v.length <= max;

/** Numbers in parameters: whole or decimal, non-negative, at most `max`. */
export function parseNumber(raw: string | null, param: string, max: number, what: string): Parsed<number | null> {
  if (raw === null || raw === "") return { ok: true, value: null };
  if (!/^\d{1,16}(\.\d{1,3})?$/.test(raw) || Number(raw) > max) return bad(param, `${param} must be ${what} from 0 to ${max}`);
  return { ok: true, value: Number(raw) };
}

export function parseBoolean(raw: string | null, param: string): Parsed<boolean | null> {
  if (raw === null || raw === "") return { ok: true, value: null };
  if (raw === "true" || raw === "1") return { ok: true, value: true };
  if (raw === "false" || raw === "0") return { ok: true, value: false };
  return bad(param, `${param} must be true or false`);
}

/** A list parameter (repeated or comma-separated), each value from `allowed`. */
export function parseEnumList<V extends string>(params: URLSearchParams, param: string, allowed: readonly V[]): Parsed<V[] | null> {
  const values = params.getAll(param).flatMap((v) => v.split(",").map((x) => x.trim()));
  if (values.length === 0) return { ok: true, value: null };
  const out: V[] = [];
  for (const v of values) {
    const hit = allowed.find((a) => a === v);
    if (!hit) return bad(param, `${param} must be one of ${allowed.join(", ")}`);
    if (!out.includes(hit)) out.push(hit);
  }
  return { ok: true, value: out };
}
