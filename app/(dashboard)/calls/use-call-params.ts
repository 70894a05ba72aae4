"use client";
// The calls list's own URL state (besides the shared range and filters): path kinds, relayed or
// not, sort, page size and cursor. The names are the API's parameter names.
import { parseAsNativeArrayOf, parseAsNumberLiteral, parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { CALL_SORT_KEYS, DEFAULT_CALL_SORT, PATH_KINDS } from "../../../lib/queries/calls/list-options";
import type { ExtraParams } from "../ui/dashboard-query";

export const CALL_SORTS = CALL_SORT_KEYS.flatMap((k) => [k, `-${k}`] as const);
export type CallSortName = (typeof CALL_SORTS)[number];
export const PAGE_SIZES = [25, 50, 100, 200] as const;

export const callParsers = {
  pathKind: parseAsNativeArrayOf(parseAsStringLiteral(PATH_KINDS)),
  relayed: parseAsStringLiteral(["true", "false"] as const),
  sort: parseAsStringLiteral(CALL_SORTS).withDefault(DEFAULT_CALL_SORT as CallSortName),
  limit: parseAsNumberLiteral(PAGE_SIZES).withDefault(50),
  cursor: parseAsString,
};

export function useCallParams() {
  return useQueryStates(callParsers, { history: "push" });
}

export type CallParamState = ReturnType<typeof useCallParams>[0];

/** The list's parameters as the API takes them (the cursor apart: paging adds it). */
export function callFilterParams(s: CallParamState): ExtraParams {
  return { pathKind: s.pathKind.length > 0 ? s.pathKind : null, relayed: s.relayed, sort: s.sort, limit: s.limit };
}

export const hasCallFilters = (s: CallParamState) => s.pathKind.length > 0 || s.relayed !== null;
