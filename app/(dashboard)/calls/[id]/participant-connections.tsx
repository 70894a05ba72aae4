"use client";
// One participant's connections: path, TURN url, candidates, quality, state, ICE errors, and the
// relay session that carried each, linked, or the reason none is joined (lib/queries/calls/join-status.ts).
import Link from "next/link";
import type { ReactNode } from "react";
import { formatBytes } from "../../../../lib/format/bytes";
import { formatCount, formatPercent, NONE } from "../../../../lib/format/numbers";
import { formatMs, formatTimestamp } from "../../../../lib/format/time";
import type { CallConnection } from "../../../../lib/queries/calls/get-call";
import { PATH_LABELS } from "../call-filters";

function Relay({ c }: { c: CallConnection }) {
  const r = c.relaySession;
  if (r)
    return (
      <p className="join-note">
        Carried by{" "}
        <Link href={`/sessions/${r.id}`}>
          relay session on {r.server}
          {r.transport ? ` · ${r.transport.toUpperCase()}` : ""}
          {r.relayPort ? ` · port ${r.relayPort}` : ""}
        </Link>{" "}
        <span className="muted">
          ({formatBytes(r.bytes)} relayed, {r.endedAt ? `closed: ${r.closeReason ?? "ended"}` : "open"})
        </span>
      </p>
    );
  return (
    <p className="join-note">
      <span className={`badge${c.join.state === "unmatched" || c.join.state === "unknown-server" ? " badge-warn" : ""}`}>
        not joined: {c.join.state.replaceAll("-", " ")}
      </span>{" "}
      {c.join.explanation}
    </p>
  );
}

function facts(c: CallConnection): Array<[string, ReactNode]> {
  return [
    ["Path", c.pathKind ? PATH_LABELS[c.pathKind] : "none selected"],
    ["TURN url", c.turnUrl ?? NONE],
    ["TURN server", c.turnServer ?? (c.turnUrl ? "not one relayscope collects from" : NONE)],
    ["Candidates", `${c.localCandidateType ?? "?"} → ${c.remoteCandidateType ?? "?"}`],
    ["RTT", c.rttMs === null ? NONE : `avg ${formatMs(c.rttMsAvg)} · max ${formatMs(c.rttMsMax)} · latest ${formatMs(c.rttMs)}`],
    ["Jitter", formatMs(c.jitterMs)],
    ["Loss", formatPercent(c.lossPct)],
    ["Bytes", `${formatBytes(c.bytesSent)} sent · ${formatBytes(c.bytesReceived)} received`],
    ["Packets", `${formatCount(c.packetsSent)} sent · ${formatCount(c.packetsReceived)} received · ${formatCount(c.packetsLost)} lost`],
    ["State", c.state ?? NONE],
    ["Time to connect", formatMs(c.timeToConnectMs)],
    ["Path changes", formatCount(c.pathChanges)],
    ["Forced relay", c.forcedRelay ? "yes" : "no"],
    ["Reports", `${formatTimestamp(c.firstReceivedAt, { seconds: true })} – ${formatTimestamp(c.lastReceivedAt, { seconds: true })}`],
  ];
}

export function ParticipantConnections({ participantId, connections }: { participantId: string; connections: readonly CallConnection[] }) {
  return (
    <section className="participant" aria-label={`Participant ${participantId}`}>
      <h3>Participant {participantId}</h3>
      {connections.map((c) => (
        <article key={c.id} className="connection" aria-label={`Connection ${c.connectionId}`}>
          <h4>
            Connection {c.connectionId}{" "}
            {c.state === "failed" ? (
              <span className="badge badge-bad">failed</span>
            ) : c.state ? (
              <span className="badge">{c.state}</span>
            ) : null}
          </h4>
          <dl className="kv">
            {facts(c).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          {c.iceErrors.length > 0 ? (
            <details>
              <summary>
                {formatCount(c.iceErrorCount)} ICE candidate error{c.iceErrorCount === 1 ? "" : "s"}
              </summary>
              <ul>
                {c.iceErrors.map((e) => (
                  <li key={`${e.url}-${e.code}`}>
                    {e.code ?? "?"} {e.text ?? ""} {e.url ? <code>{e.url}</code> : null} ×{formatCount(e.count)}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <Relay c={c} />
        </article>
      ))}
    </section>
  );
}
