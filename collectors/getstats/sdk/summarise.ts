// One getStats report → one summary the SDK sends: the path, latency, loss and the volume moved
// since the previous summary. Pure and dependency-free (it ships in /sdk.js). Counters in getStats
// are cumulative per candidate pair (and per stream for loss): the last value seen is kept per pair
// and per stream, so a path that switches A → B → A is counted from where A left off, a pair seen
// for the first time counts from zero, and a counter that went down was reset: its new value is the
// delta (the reset guard). A poll without a selected pair changes nothing.
import { type PathKind, type SelectedPath, selectedPath } from "./path";
import { indexStats, num, type StatsEntry, type StatsInput } from "./stats";

export type Counters = { bytesSent: number; bytesReceived: number; packetsSent: number; packetsReceived: number };

/** The selected path's details, as path.ts finds them. */
type PathDetails = Pick<
  SelectedPath,
  "localCandidateType" | "remoteCandidateType" | "relayProtocol" | "turnUrl" | "relayPort" | "relayAddress"
>;

export type StatsSummary = PathDetails & {
  /** ms since the epoch, from the selected pair (else the newest entry). */
  sampledAt: number;
  pathKind: PathKind | null;
  /** ICE consent RTT on the selected pair (current, else the average so far). */
  rttMs?: number;
  /** Largest RTCP round trip of the media streams (remote-inbound-rtp). */
  mediaRttMs?: number;
  /** Largest jitter reported for a stream, either direction. */
  jitterMs?: number;
  /** Largest fraction lost the far end reported (remote-inbound-rtp), 0–1. */
  fractionLost?: number;
  /** Packets lost since the previous summary, both directions (reset-guarded). */
  packetsLostDelta?: number;
  /** Volume on the selected pair since the previous summary (reset-guarded). */
  delta: Counters;
  availableOutgoingBitrate?: number;
  /** The selected pair changed since the previous summary. */
  pathChanged: boolean;
};

/** What the next summary needs from this one: the last counters of each pair and stream seen. */
export type SummaryState = { pairId: string | null; pairs: Record<string, Counters>; lost: Record<string, number> };

/** Pairs and streams remembered; a connection has a handful, a long one with ICE restarts a few more. */
const MAX_REMEMBERED = 32;

export const initialState = (): SummaryState => ({ pairId: null, pairs: {}, lost: {} });

const ZERO: Counters = { bytesSent: 0, bytesReceived: 0, packetsSent: 0, packetsReceived: 0 };

/** `map` with `key` set last, the oldest entries dropped beyond MAX_REMEMBERED. */
function remember<T>(map: Record<string, T>, key: string, value: T): Record<string, T> {
  const next: Record<string, T> = {};
  const keys = Object.keys(map).filter((k) => k !== key);
  for (const k of keys.slice(Math.max(0, keys.length - (MAX_REMEMBERED - 1)))) next[k] = map[k];
  next[key] = value;
  return next;
}

const counter = (e: StatsEntry, field: string) => {
  const v = num(e[field]);
  return v !== undefined && v >= 0 ? v : 0;
};
const deltaOf = (now: number, before: number) => (now >= before ? now - before : now);
const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : Math.round(seconds * 1e6) / 1e3);
const maxOf = (values: (number | undefined)[]) => {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? Math.max(...known) : undefined;
};

function pairRtt(pair: StatsEntry): number | undefined {
  const current = num(pair.currentRoundTripTime);
  if (current !== undefined) return current;
  const total = num(pair.totalRoundTripTime);
  const responses = num(pair.responsesReceived);
  return total !== undefined && responses ? total / responses : undefined;
}

export function summarise(report: StatsInput, previous: SummaryState = initialState()): { summary: StatsSummary; state: SummaryState } {
  const stats = indexStats(report);
  const path: SelectedPath | undefined = selectedPath(stats);
  const entries = [...stats.values()];
  const remoteInbound = entries.filter((e) => e.type === "remote-inbound-rtp");
  const inbound = entries.filter((e) => e.type === "inbound-rtp");

  const pairId = path ? path.pair.id : null;
  const pathChanged = previous.pairId !== null && pairId !== null && pairId !== previous.pairId;
  let pairs = previous.pairs;
  let delta: Counters = ZERO;
  if (path && pairId !== null) {
    const now: Counters = {
      bytesSent: counter(path.pair, "bytesSent"),
      bytesReceived: counter(path.pair, "bytesReceived"),
      packetsSent: counter(path.pair, "packetsSent"),
      packetsReceived: counter(path.pair, "packetsReceived"),
    };
    const before = previous.pairs[pairId] ?? ZERO;
    delta = {
      bytesSent: deltaOf(now.bytesSent, before.bytesSent),
      bytesReceived: deltaOf(now.bytesReceived, before.bytesReceived),
      packetsSent: deltaOf(now.packetsSent, before.packetsSent),
      packetsReceived: deltaOf(now.packetsReceived, before.packetsReceived),
    };
    pairs = remember(pairs, pairId, now);
  }
  // Loss per stream: a stream that ends no longer counts, and must not look like a reset of the rest.
  let lost = previous.lost;
  let lostDelta = 0;
  const streams = [...remoteInbound, ...inbound];
  for (const e of streams) {
    const now = Math.max(0, num(e.packetsLost) ?? 0);
    lostDelta += deltaOf(now, previous.lost[e.id] ?? 0);
    lost = remember(lost, e.id, now);
  }
  const hasLoss = streams.length > 0;

  const summary: StatsSummary = {
    sampledAt: num(path?.pair.timestamp) ?? maxOf(entries.map((e) => num(e.timestamp))) ?? 0,
    pathKind: path?.pathKind ?? null,
    localCandidateType: path?.localCandidateType,
    remoteCandidateType: path?.remoteCandidateType,
    relayProtocol: path?.relayProtocol,
    turnUrl: path?.turnUrl,
    relayPort: path?.relayPort,
    relayAddress: path?.relayAddress,
    rttMs: ms(path ? pairRtt(path.pair) : undefined),
    mediaRttMs: ms(maxOf(remoteInbound.map((e) => num(e.roundTripTime)))),
    jitterMs: ms(maxOf([...remoteInbound, ...inbound].map((e) => num(e.jitter)))),
    fractionLost: maxOf(remoteInbound.map((e) => num(e.fractionLost))),
    packetsLostDelta: hasLoss ? lostDelta : undefined,
    delta,
    availableOutgoingBitrate: num(path?.pair.availableOutgoingBitrate),
    pathChanged,
  };
  return { summary, state: { pairId: pairId ?? previous.pairId, pairs, lost } };
}
