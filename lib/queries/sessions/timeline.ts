// A session's event timeline: its relay_event rows (auth failures, denied peers, quota, errors) in
// time order, with the session's own milestones from its row (start, allocation, end) added as
// synthetic entries so the story reads whole. Pure: get-session.ts feeds it rows.

export type TimelineEntry = {
  ts: string;
  /** start | allocate | end (synthetic), or relay_event.kind. */
  kind: string;
  /** false for rows of relay_event, true for milestones taken from the session row. */
  synthetic: boolean;
  title: string;
  detail: string | null;
  /** STUN/TURN error code, when the event has one. */
  code: number | null;
  peerClass: string | null;
};

export type TimelineSession = {
  startedAt: string;
  allocatedAt: string | null;
  endedAt: string | null;
  closeReason: string | null;
  transport: string | null;
  clientPrefix: string | null;
  relayAddress: string | null;
  lifetimeSeconds: number | null;
};

export type TimelineEvent = {
  ts: string;
  kind: string;
  code: number | null;
  method: string | null;
  message: string | null;
  reason: string | null;
  peerPrefix: string | null;
  peerClass: string | null;
};

const EVENT_TITLES: Record<string, string> = {
  auth_failure: "Authentication failed",
  peer_denied: "Peer denied",
  quota: "Quota reached",
  no_relay_port: "No relay port free",
  error: "Error",
  tcp_relay: "TCP relay",
  config_warning: "Configuration warning",
};

const joinParts = (parts: Array<string | null | undefined>) => {
  const kept = parts.filter((p): p is string => typeof p === "string" && p !== "");
  return kept.length > 0 ? kept.join(" · ") : null;
};

function eventEntry(e: TimelineEvent): TimelineEntry {
  const title = EVENT_TITLES[e.kind] ?? e.kind.replaceAll("_", " ");
  return {
    ts: e.ts,
    kind: e.kind,
    synthetic: false,
    title: e.code === null ? title : `${title} (${e.code})`,
    detail: joinParts([
      e.method,
      e.reason?.replaceAll("_", " "),
      e.peerPrefix ? `peer ${e.peerPrefix}${e.peerClass ? ` (${e.peerClass.replaceAll("_", " ")})` : ""}` : null,
      e.message,
    ]),
    code: e.code,
    peerClass: e.peerClass,
  };
}

// Synthetic milestones sort before real events at the same instant (a session starts before its
// first failure is logged), except the end, which closes the story.
const ORDER: Record<string, number> = { start: 0, allocate: 1, end: 3 };
const rank = (e: TimelineEntry) => ORDER[e.kind] ?? 2;

export function sessionTimeline(s: TimelineSession, events: readonly TimelineEvent[]): TimelineEntry[] {
  const out: TimelineEntry[] = [
    {
      ts: s.startedAt,
      kind: "start",
      synthetic: true,
      title: "Session started",
      detail: joinParts([s.transport?.toUpperCase(), s.clientPrefix ? `client ${s.clientPrefix}` : null]),
      code: null,
      peerClass: null,
    },
  ];
  if (s.allocatedAt)
    out.push({
      ts: s.allocatedAt,
      kind: "allocate",
      synthetic: true,
      title: "Relay allocated",
      detail: joinParts([s.relayAddress, s.lifetimeSeconds === null ? null : `lifetime ${s.lifetimeSeconds} s`]),
      code: null,
      peerClass: null,
    });
  for (const e of events) out.push(eventEntry(e));
  if (s.endedAt)
    out.push({
      ts: s.endedAt,
      kind: "end",
      synthetic: true,
      title: "Session closed",
      detail: s.closeReason,
      code: null,
      peerClass: null,
    });
  // Stable sort: events keep their database order within one instant.
  return out.sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts) || rank(a) - rank(b));
}
