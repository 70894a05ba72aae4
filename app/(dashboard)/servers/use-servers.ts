"use client";
// The Servers page's data hooks: one per endpoint, each typed by its query file's response type.
import type { FilterOptionsResponse } from "../../../lib/queries/get-filter-options";
import type { AllocationsResponse } from "../../../lib/queries/get-live-allocations";
import type { ServersResponse } from "../../../lib/queries/list-servers";
import { type ReadApiState, useReadApi } from "../ui/use-read-api";

export function useServers(): ReadApiState<ServersResponse> {
  return useReadApi<ServersResponse>("servers");
}

export function useAllocations(): ReadApiState<AllocationsResponse> {
  return useReadApi<AllocationsResponse>("allocations");
}

/** The filter bar's choices (not narrowed by the filters in effect). */
export function useFilterOptions(): ReadApiState<FilterOptionsResponse> {
  return useReadApi<FilterOptionsResponse>("filters");
}
