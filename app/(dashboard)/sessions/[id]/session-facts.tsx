"use client";
// The facts of one session: where, who, how, when, how much. Bytes per leg and direction as a
// table, since "received" and "sent" mean different things on each leg.
import type { ReactNode } from "react";
import { formatBytes } from "../../../../lib/format/bytes";
import { formatCount, NONE } from "../../../../lib/format/numbers";
import { formatDuration, formatTimestamp } from "../../../../lib/format/time";
import type { SessionDetail } from "../../../../lib/queries/sessions/get-session";

type Session = SessionDetail["session"];

const at = (t: string | null) => (t ? formatTimestamp(t, { seconds: true }) : NONE);

export function SessionFacts({ session: s }: { session: Session }) {
  const facts: Array<[string, ReactNode]> = [
    ["Server", s.region ? `${s.server} (${s.region})` : s.server],
    ["Tenant", s.tenant],
    ["Realm", s.realm ?? NONE],
    ["User", s.user ?? NONE],
    ["Credential expires", at(s.credentialExpiresAt)],
    ["Client /24", s.clientPrefix ?? NONE],
    ["Transport", s.transport ? s.transport.toUpperCase() : NONE],
    ["TLS", s.tls ? [s.tls.method, s.tls.cipher].filter(Boolean).join(" · ") : "no"],
    ["Listener", s.listenerAddress ?? NONE],
    ["Relay address", s.relayAddress ?? NONE],
    ["TCP relay (RFC 6062)", s.tcpRelay ? "yes" : "no"],
    ["Started", at(s.startedAt)],
    ["Allocated", at(s.allocatedAt)],
    [
      "Ended",
      s.open ? (
        <span key="open" className="badge">
          open, last seen {at(s.lastSeenAt)}
        </span>
      ) : (
        at(s.endedAt)
      ),
    ],
    ["Duration", s.open ? `${formatDuration(s.durationSeconds)} so far` : formatDuration(s.durationSeconds)],
    ["Close reason", s.closeReason ?? NONE],
    ["Auth failures", formatCount(s.authFailures)],
    ["Errors", formatCount(s.errors)],
    ["coturn session", `${s.coturnSessionId} (run started ${at(s.runStartedAt)})`],
  ];
  return (
    <div className="session-facts">
      <dl className="kv">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <table className="legs">
        <caption>Bytes by leg and direction (total {formatBytes(s.bytes.total)})</caption>
        <thead>
          <tr>
            <th scope="col">Leg</th>
            <th scope="col" className="align-end">
              Received
            </th>
            <th scope="col" className="align-end">
              Sent
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Client (browser ⇄ TURN)</th>
            <td className="align-end">
              {formatBytes(s.bytes.client.rx)} <span className="muted">({formatCount(s.packets.client.rx)} packets)</span>
            </td>
            <td className="align-end">
              {formatBytes(s.bytes.client.tx)} <span className="muted">({formatCount(s.packets.client.tx)} packets)</span>
            </td>
          </tr>
          <tr>
            <th scope="row">Peer (TURN ⇄ peers)</th>
            <td className="align-end">
              {formatBytes(s.bytes.peer.rx)} <span className="muted">({formatCount(s.packets.peer.rx)} packets)</span>
            </td>
            <td className="align-end">
              {formatBytes(s.bytes.peer.tx)} <span className="muted">({formatCount(s.packets.peer.tx)} packets)</span>
            </td>
          </tr>
        </tbody>
      </table>
      {s.timeApproximate ? <p className="muted">Times come from an uptime-stamped log: anchored to the file, not exact.</p> : null}
    </div>
  );
}
