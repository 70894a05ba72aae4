"use client";
// The sessions pages' data hooks: one per endpoint, each typed by its query file's response type.
import type { FilterOptionsResponse } from "../../../lib/queries/get-filter-options";
import type { SessionDetail } from "../../../lib/queries/sessions/get-session";
import type { SessionList } from "../../../lib/queries/sessions/list-sessions";
import type { ExtraParams } from "../ui/dashboard-query";
import { type ReadApiState, useReadApi } from "../ui/use-read-api";

/** GET /api/v1/sessions with the shared filters in the URL plus the explorer's own (`extra`). */
export function useSessionList(extra: ExtraParams): ReadApiState<SessionList> {
  return useReadApi<SessionList>("sessions", extra);
}

/** GET /api/v1/sessions/:id (the shared range does not narrow a drill-down). */
export function useSessionDetail(id: string): ReadApiState<SessionDetail> {
  return useReadApi<SessionDetail>(`sessions/${encodeURIComponent(id)}`);
}

/** The filter bar's choices. */
export function useFilterOptions(): ReadApiState<FilterOptionsResponse> {
  return useReadApi<FilterOptionsResponse>("filters");
}
