// The sessions explorer's own parameters (GET /api/v1/sessions, besides the shared range and
// filters), parsed and bounded: a refusal names the parameter (400). Pure.
import {
  type CursorPosition,
  decodeCursor,
  isBoundedText,
  isDecimal,
  isIsoTime,
  isUuid,
  parseBoolean,
  parseEnumList,
  parseLimit,
  parseNumber,
  parseSort,
  type Sort,
  sortName,
} from "./keyset";
import { CLIENT_TRANSPORTS, type ClientTransport, SESSION_SORT_KEYS, type SessionSortKey } from "./list-options";

const MAX_BYTES = 1e15;
const MAX_DURATION_SECONDS = 400 * 86_400;

export type SessionListParams = {
  /** Stable user: exact, or a prefix (`user=ali*`). */
  user: { exact: string } | { prefix: string } | null;
  transports: ClientTransport[] | null;
  closeReasons: string[] | null;
  minBytes: number | null;
  maxBytes: number | null;
  minDuration: number | null;
  maxDuration: number | null;
  open: boolean | null;
  sort: Sort<SessionSortKey>;
  limit: number;
  cursor: CursorPosition | null;
};

// What a cursor's sort value must look like for each key (list-sessions.ts casts it back).
const CURSOR_VALUE: Record<SessionSortKey, (v: string) => boolean> = {
  started: isIsoTime,
  ended: (v) => v === "infinity" || isIsoTime(v),
  bytes: isDecimal,
  duration: isDecimal,
  user: isBoundedText(255),
};

export type ParseResult = { ok: true; params: SessionListParams } | { ok: false; param: string; message: string };

/** The explorer's own parameters (the shared range/server/realm/tenant filters are the scope's). */
export function parseSessionListParams(q: URLSearchParams): ParseResult {
  const sort = parseSort(q.get("sort"), SESSION_SORT_KEYS, { key: "started", dir: "desc" });
  if (!sort.ok) return sort;
  const limit = parseLimit(q.get("limit"));
  if (!limit.ok) return limit;
  const transports = parseEnumList(q, "transport", CLIENT_TRANSPORTS);
  if (!transports.ok) return transports;
  const minBytes = parseNumber(q.get("minBytes"), "minBytes", MAX_BYTES, "a number of bytes");
  if (!minBytes.ok) return minBytes;
  const maxBytes = parseNumber(q.get("maxBytes"), "maxBytes", MAX_BYTES, "a number of bytes");
  if (!maxBytes.ok) return maxBytes;
  const minDuration = parseNumber(q.get("minDuration"), "minDuration", MAX_DURATION_SECONDS, "seconds");
  if (!minDuration.ok) return minDuration;
  const maxDuration = parseNumber(q.get("maxDuration"), "maxDuration", MAX_DURATION_SECONDS, "seconds");
  if (!maxDuration.ok) return maxDuration;
  const open = parseBoolean(q.get("open"), "open");
  if (!open.ok) return open;
  const cursor = decodeCursor(q.get("cursor"), sortName(sort.value), { id: isUuid, value: CURSOR_VALUE[sort.value.key] });
  if (!cursor.ok) return cursor;

  let user: SessionListParams["user"] = null;
  const rawUser = q.get("user")?.trim() ?? "";
  if (rawUser !== "") {
    if (rawUser.length > 255) return { ok: false, param: "user", message: "user must be at most 255 characters" };
    if (rawUser.endsWith("*")) {
      const prefix = rawUser.slice(0, -1);
      if (prefix === "" || prefix.includes("*"))
        return { ok: false, param: "user", message: "user takes one trailing * for a prefix, e.g. ali*" };
      user = { prefix };
    } else user = { exact: rawUser };
  }

  const reasons = q
    .getAll("closeReason")
    .map((r) => r.trim())
    .filter((r) => r !== "");
  if (reasons.length > 20 || reasons.some((r) => r.length > 200))
    return { ok: false, param: "closeReason", message: "closeReason takes at most 20 values of up to 200 characters" };

  if (minBytes.value !== null && maxBytes.value !== null && minBytes.value > maxBytes.value)
    return { ok: false, param: "maxBytes", message: "maxBytes must not be below minBytes" };
  if (minDuration.value !== null && maxDuration.value !== null && minDuration.value > maxDuration.value)
    return { ok: false, param: "maxDuration", message: "maxDuration must not be below minDuration" };

  return {
    ok: true,
    params: {
      user,
      transports: transports.value,
      closeReasons: reasons.length > 0 ? [...new Set(reasons)] : null,
      minBytes: minBytes.value,
      maxBytes: maxBytes.value,
      minDuration: minDuration.value,
      maxDuration: maxDuration.value,
      open: open.value,
      sort: sort.value,
      limit: limit.value,
      cursor: cursor.value,
    },
  };
}
