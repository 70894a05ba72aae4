// Why a browser connection is, or is not, joined to a coturn session (DESIGN.md "The join"). What
// does not join is information too: a direct path, a relay of the remote side, a TURN server we do
// not collect from, or a join still waiting for the server's log lines. Pure.
import { JOIN_RETRY_WINDOW_MINUTES } from "../../join/join-connections";

export type JoinState = "joined" | "no-path" | "direct" | "remote-relay" | "no-relay-details" | "unknown-server" | "pending" | "unmatched";

export type JoinInput = {
  pathKind: string | null;
  turnUrl: string | null;
  relayPort: number | null;
  /** The TURN server the connection's url resolved to, when we collect from it. */
  turnServer: string | null;
  relaySessionId: string | null;
  lastReceivedAt: Date;
  joinAttempts: number;
};

export type JoinStatus = { state: JoinState; explanation: string };

const RELAYED_HERE = new Set(["turn-udp", "turn-tcp", "turn-tls"]);

export function joinStatus(c: JoinInput, now: Date = new Date()): JoinStatus {
  if (c.relaySessionId) return { state: "joined", explanation: `carried by a coturn session on ${c.turnServer ?? "a collected server"}` };
  if (c.pathKind === null)
    return {
      state: "no-path",
      explanation: "no path yet: the connection never reported a selected candidate pair (it may not have connected)",
    };
  if (c.pathKind === "direct") return { state: "direct", explanation: "direct: peer to peer, no TURN relay carried it" };
  if (!RELAYED_HERE.has(c.pathKind))
    return {
      state: "remote-relay",
      explanation: "the remote side relayed through its own TURN server; this side used no relay of ours, so there is no session to join",
    };
  if (!c.turnUrl || c.relayPort === null)
    return {
      state: "no-relay-details",
      explanation: "relayed, but the browser did not report its TURN url and relay port, which the join needs",
    };
  if (!c.turnServer)
    return {
      state: "unknown-server",
      explanation: `relayed through ${c.turnUrl}, a TURN server relayscope does not collect from (add it, with this url, under Settings → Servers)`,
    };
  const windowMs = JOIN_RETRY_WINDOW_MINUTES * 60_000;
  if (now.getTime() - c.lastReceivedAt.getTime() < windowMs)
    return {
      state: "pending",
      explanation: `join pending: waiting for ${c.turnServer}'s coturn lines for relay port ${c.relayPort} (retried until ${JOIN_RETRY_WINDOW_MINUTES} minutes after the last report)`,
    };
  return {
    state: "unmatched",
    explanation: `no coturn session on ${c.turnServer} matched relay port ${c.relayPort} at the connection's time${
      c.joinAttempts > 0 ? ` (${c.joinAttempts} attempt${c.joinAttempts === 1 ? "" : "s"})` : ""
    }: is that server's agent delivering its log?`,
  };
}
