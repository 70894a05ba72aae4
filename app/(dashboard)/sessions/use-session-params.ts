"use client";
// The sessions explorer's own URL state (besides the shared range and filters): user, transport,
// close reason, bytes and duration bounds, open/ended, sort, page size and cursor. The names are
// the API's parameter names, so the page's URL and its /api/v1/sessions call say the same thing.
import { parseAsNativeArrayOf, parseAsNumberLiteral, parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { CLIENT_TRANSPORTS, DEFAULT_SESSION_SORT, SESSION_SORT_KEYS } from "../../../lib/queries/sessions/list-options";
import type { ExtraParams } from "../ui/dashboard-query";

export const SESSION_SORTS = SESSION_SORT_KEYS.flatMap((k) => [k, `-${k}`] as const);
export type SessionSortName = (typeof SESSION_SORTS)[number];
export const PAGE_SIZES = [25, 50, 100, 200] as const;

export const sessionParsers = {
  user: parseAsString,
  transport: parseAsNativeArrayOf(parseAsStringLiteral(CLIENT_TRANSPORTS)),
  closeReason: parseAsString,
  minBytes: parseAsString,
  maxBytes: parseAsString,
  minDuration: parseAsString,
  maxDuration: parseAsString,
  open: parseAsStringLiteral(["true", "false"] as const),
  sort: parseAsStringLiteral(SESSION_SORTS).withDefault(DEFAULT_SESSION_SORT as SessionSortName),
  limit: parseAsNumberLiteral(PAGE_SIZES).withDefault(50),
  cursor: parseAsString,
};

export function useSessionParams() {
  return useQueryStates(sessionParsers, { history: "push" });
}

export type SessionParamState = ReturnType<typeof useSessionParams>[0];

/** The explorer's parameters as the API takes them (the cursor apart: paging adds it). */
export function sessionFilterParams(s: SessionParamState): ExtraParams {
  return {
    user: s.user,
    transport: s.transport.length > 0 ? s.transport : null,
    closeReason: s.closeReason,
    minBytes: s.minBytes,
    maxBytes: s.maxBytes,
    minDuration: s.minDuration,
    maxDuration: s.maxDuration,
    open: s.open,
    sort: s.sort,
    limit: s.limit,
  };
}

export const hasSessionFilters = (s: SessionParamState) =>
  Boolean(s.user || s.transport.length > 0 || s.closeReason || s.minBytes || s.maxBytes || s.minDuration || s.maxDuration || s.open);
