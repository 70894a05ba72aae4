// Which path a connection uses, from one getStats report (../shared/reference/getstats.md "Finding
// the path"): the transport's selected candidate pair, else the nominated succeeded pair; relayed
// when either candidate is a relay candidate; the local relay candidate names the TURN leg.
import { type StatsEntry, str } from "./stats";

export type PathKind = "direct" | "turn-udp" | "turn-tcp" | "turn-tls" | "turn-unknown";
export type CandidateType = "host" | "srflx" | "prflx" | "relay";

export type SelectedPath = {
  pair: StatsEntry;
  pathKind: PathKind;
  localCandidateType?: CandidateType;
  remoteCandidateType?: CandidateType;
  /** client → TURN leg of a local relay candidate. */
  relayProtocol?: "udp" | "tcp" | "tls";
  /** The ICE server used (`turn:`/`turns:` URL), from the local relay candidate. */
  turnUrl?: string;
  /** The relayed transport address's port on the TURN server: the key of the join. */
  relayPort?: number;
  /**
   * The relayed transport address's IP: the TURN server's own relay address (never the client's),
   * which tells apart servers behind one host name in the join.
   */
  relayAddress?: string;
};

const CANDIDATE_TYPES: readonly string[] = ["host", "srflx", "prflx", "relay"];
const RELAY_PROTOCOLS: readonly string[] = ["udp", "tcp", "tls"];

function selectedPair(stats: Map<string, StatsEntry>): StatsEntry | undefined {
  for (const e of stats.values()) {
    if (e.type !== "transport") continue;
    const pair = stats.get(str(e.selectedCandidatePairId) ?? "");
    if (pair?.type === "candidate-pair") return pair;
  }
  // Without a transport entry (older browsers): the nominated succeeded pair that moved the most bytes.
  let best: StatsEntry | undefined;
  for (const e of stats.values()) {
    if (e.type !== "candidate-pair" || e.state !== "succeeded" || e.nominated !== true) continue;
    if (!best || bytesOf(e) > bytesOf(best)) best = e;
  }
  return best;
}

const bytesOf = (pair: StatsEntry) => (Number(pair.bytesSent) || 0) + (Number(pair.bytesReceived) || 0);

const candidateType = (c: StatsEntry | undefined): CandidateType | undefined => {
  const t = str(c?.candidateType);
  return t !== undefined && CANDIDATE_TYPES.includes(t) ? (t as CandidateType) : undefined;
};

/** The path in use, or undefined while no pair is selected (still connecting, or failed). */
export function selectedPath(stats: Map<string, StatsEntry>): SelectedPath | undefined {
  const pair = selectedPair(stats);
  if (!pair) return undefined;
  const local = stats.get(str(pair.localCandidateId) ?? "");
  const remote = stats.get(str(pair.remoteCandidateId) ?? "");
  const localType = candidateType(local);
  const remoteType = candidateType(remote);
  const path: SelectedPath = { pair, pathKind: "direct", localCandidateType: localType, remoteCandidateType: remoteType };
  if (localType === "relay") {
    const proto = str(local?.relayProtocol);
    path.relayProtocol = proto !== undefined && RELAY_PROTOCOLS.includes(proto) ? (proto as SelectedPath["relayProtocol"]) : undefined;
    path.pathKind = path.relayProtocol ? `turn-${path.relayProtocol}` : "turn-unknown";
    path.turnUrl = str(local?.url);
    const port = local?.port;
    if (typeof port === "number" && Number.isInteger(port) && port > 0 && port < 65536) path.relayPort = port;
    const address = str(local?.address) ?? str(local?.ip);
    if (address !== undefined && /^[0-9a-fA-F.:]{2,45}$/.test(address)) path.relayAddress = address;
  } else if (remoteType === "relay") {
    path.pathKind = "turn-unknown"; // the far side relays; which leg and server is not ours to see
  }
  return path;
}
