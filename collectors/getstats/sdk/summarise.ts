// One getStats report → one summary the SDK sends: the path, latency, loss and the volume moved
// since the previous summary. Pure and dependency-free (it ships in /sdk.js). Counters in getStats
// are cumulative and restart from zero on a new candidate pair or an ICE restart: a counter that
// went down is a reset, and its new value is the delta (the reset guard).
import { type CandidateType, type PathKind, type SelectedPath, selectedPath } from "./path";
import { indexStats, num, type StatsEntry, type StatsInput } from "./stats";

export type Counters = { bytesSent: number; bytesReceived: number; packetsSent: number; packetsReceived: number };

export type StatsSummary = {
  /** ms since the epoch, from the selected pair (else the newest entry). */
  sampledAt: number;
  pathKind: PathKind | null;
  localCandidateType?: CandidateType;
  remoteCandidateType?: CandidateType;
  relayProtocol?: "udp" | "tcp" | "tls";
  turnUrl?: string;
  relayPort?: number;
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

/** What the next summary needs from this one. */
export type SummaryState = { pairId: string | null; counters: Counters; packetsLost: number };

export const initialState = (): SummaryState => ({
  pairId: null,
  counters: { bytesSent: 0, bytesReceived: 0, packetsSent: 0, packetsReceived: 0 },
  packetsLost: 0,
});

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
  // A new pair starts its counters at zero: measure it from zero, not from the old pair's totals.
  const base = pathChanged || pairId === null ? initialState().counters : previous.counters;
  const counters: Counters = path
    ? {
        bytesSent: counter(path.pair, "bytesSent"),
        bytesReceived: counter(path.pair, "bytesReceived"),
        packetsSent: counter(path.pair, "packetsSent"),
        packetsReceived: counter(path.pair, "packetsReceived"),
      }
    : base;
  const delta: Counters = {
    bytesSent: deltaOf(counters.bytesSent, base.bytesSent),
    bytesReceived: deltaOf(counters.bytesReceived, base.bytesReceived),
    packetsSent: deltaOf(counters.packetsSent, base.packetsSent),
    packetsReceived: deltaOf(counters.packetsReceived, base.packetsReceived),
  };
  const lostNow = [...remoteInbound, ...inbound].reduce((sum, e) => sum + Math.max(0, num(e.packetsLost) ?? 0), 0);
  const hasLoss = remoteInbound.length + inbound.length > 0;

  const summary: StatsSummary = {
    sampledAt: num(path?.pair.timestamp) ?? maxOf(entries.map((e) => num(e.timestamp))) ?? 0,
    pathKind: path?.pathKind ?? null,
    localCandidateType: path?.localCandidateType,
    remoteCandidateType: path?.remoteCandidateType,
    relayProtocol: path?.relayProtocol,
    turnUrl: path?.turnUrl,
    relayPort: path?.relayPort,
    rttMs: ms(path ? pairRtt(path.pair) : undefined),
    mediaRttMs: ms(maxOf(remoteInbound.map((e) => num(e.roundTripTime)))),
    jitterMs: ms(maxOf([...remoteInbound, ...inbound].map((e) => num(e.jitter)))),
    fractionLost: maxOf(remoteInbound.map((e) => num(e.fractionLost))),
    packetsLostDelta: hasLoss ? deltaOf(lostNow, previous.packetsLost) : undefined,
    delta,
    availableOutgoingBitrate: num(path?.pair.availableOutgoingBitrate),
    pathChanged,
  };
  return { summary, state: { pairId, counters, packetsLost: hasLoss ? lostNow : previous.packetsLost } };
}
