// Summaries and events as wire items (collectors/schema/getstats.ts). Type-only import of the
// schema: the SDK ships without zod, and the compiler keeps the two in step.
import type { GetstatsItem, StatsItem } from "../../schema/getstats";
import type { IceCandidateError } from "./ice-error";
import type { StatsSummary } from "./summarise";

/** Fields left undefined are left out, so the JSON stays small. */
export function statsItem(summary: StatsSummary, sequence: number): StatsItem {
  const item: StatsItem = { sequence, type: "stats", sampledAt: summary.sampledAt, pathKind: summary.pathKind, delta: summary.delta };
  if (summary.pathChanged) item.pathChanged = true;
  for (const key of OPTIONAL_FIELDS) {
    const value = summary[key];
    if (value !== undefined) (item as Record<string, unknown>)[key] = value;
  }
  return item;
}

const OPTIONAL_FIELDS = [
  "localCandidateType",
  "remoteCandidateType",
  "relayProtocol",
  "turnUrl",
  "relayPort",
  "relayAddress",
  "rttMs",
  "mediaRttMs",
  "jitterMs",
  "fractionLost",
  "packetsLostDelta",
  "availableOutgoingBitrate",
] as const satisfies readonly (keyof StatsSummary & keyof StatsItem)[];

export function iceErrorItem(error: IceCandidateError, at: number, sequence: number): GetstatsItem {
  return { sequence, type: "ice-error", at, ...error };
}
