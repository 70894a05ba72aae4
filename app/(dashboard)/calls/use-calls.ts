"use client";
// The calls pages' data hooks: one per endpoint, each typed by its query file's response type.
import type { CallDetail } from "../../../lib/queries/calls/get-call";
import type { CallList } from "../../../lib/queries/calls/list-calls";
import type { FilterOptionsResponse } from "../../../lib/queries/get-filter-options";
import type { ExtraParams } from "../ui/dashboard-query";
import { type ReadApiState, useReadApi } from "../ui/use-read-api";

/** GET /api/v1/calls with the shared filters in the URL plus the list's own (`extra`). */
export function useCallList(extra: ExtraParams): ReadApiState<CallList> {
  return useReadApi<CallList>("calls", extra);
}

/** GET /api/v1/calls/:id (`id` as in the URL: lib/queries/calls/call-key.ts). */
export function useCallDetail(id: string): ReadApiState<CallDetail> {
  return useReadApi<CallDetail>(`calls/${encodeURIComponent(id)}`);
}

/** The filter bar's choices. */
export function useFilterOptions(): ReadApiState<FilterOptionsResponse> {
  return useReadApi<FilterOptionsResponse>("filters");
}
