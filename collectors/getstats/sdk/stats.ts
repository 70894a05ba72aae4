// The slice of W3C webrtc-stats the SDK reads, typed loosely on purpose: browsers add, rename and
// drop fields between versions, so every field is optional and checked where it is used.

export type StatsEntry = { id: string; type: string; timestamp?: number; [field: string]: unknown };

/** What getStats() resolves to (an RTCStatsReport, a Map) or a plain list of entries (captures, tests). */
export type StatsInput = Iterable<StatsEntry> | { values(): Iterable<StatsEntry> };

export function indexStats(input: StatsInput): Map<string, StatsEntry> {
  // A Map iterates as [key, value] pairs, an array as values: values() gives the entries for both.
  const entries = "values" in input && typeof input.values === "function" ? input.values() : (input as Iterable<StatsEntry>);
  const byId = new Map<string, StatsEntry>();
  for (const e of entries) if (e && typeof e.id === "string" && typeof e.type === "string") byId.set(e.id, e);
  return byId;
}

export const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
