"use client";
// The overview's data hooks: one per read endpoint, each typed by its query file's response.
import type { FilterOptionsResponse } from "../../../lib/queries/get-filter-options";
import type { FreshnessResponse } from "../../../lib/queries/get-freshness";
import type { AllocationsResponse } from "../../../lib/queries/get-live-allocations";
import type { Bandwidth } from "../../../lib/queries/overview/get-bandwidth";
import type { CallSetup } from "../../../lib/queries/overview/get-call-setup";
import type { Latency } from "../../../lib/queries/overview/get-latency";
import type { Overview } from "../../../lib/queries/overview/get-overview";
import type { RelayShare } from "../../../lib/queries/overview/get-relay-share";
import type { TransportMix } from "../../../lib/queries/overview/get-transport-mix";
import { type ReadApiState, useReadApi } from "../ui/use-read-api";

export const useOverview = (): ReadApiState<Overview> => useReadApi<Overview>("overview");
export const useRelayShare = (): ReadApiState<RelayShare> => useReadApi<RelayShare>("relay-share");
export const useTransportMix = (): ReadApiState<TransportMix> => useReadApi<TransportMix>("transport-mix");
export const useAllocations = (): ReadApiState<AllocationsResponse> => useReadApi<AllocationsResponse>("allocations");
export const useBandwidth = (): ReadApiState<Bandwidth> => useReadApi<Bandwidth>("bandwidth");
export const useLatency = (): ReadApiState<Latency> => useReadApi<Latency>("latency");
export const useCallSetup = (): ReadApiState<CallSetup> => useReadApi<CallSetup>("call-setup");
export const useFreshness = (): ReadApiState<FreshnessResponse> => useReadApi<FreshnessResponse>("freshness");
export const useFilterOptions = (): ReadApiState<FilterOptionsResponse> => useReadApi<FilterOptionsResponse>("filters");
