"use client";
// The session's story in time order: logged events (auth failures, denied peers, quota, errors)
// between its start, allocation and end, which come from the session row and are marked as such.
import { formatTimestamp } from "../../../../lib/format/time";
import type { TimelineEntry } from "../../../../lib/queries/sessions/timeline";

const PROBLEM = new Set(["auth_failure", "peer_denied", "quota", "no_relay_port", "error"]);

export function SessionTimeline({ entries, truncated }: { entries: readonly TimelineEntry[]; truncated: boolean }) {
  return (
    <>
      <ol className="timeline" aria-label="Session timeline">
        {entries.map((e, i) => (
          // Entries have no id of their own; their order is fixed by the answer.
          // biome-ignore lint/suspicious/noArrayIndexKey: stable order
          <li key={i} className={`timeline-entry${PROBLEM.has(e.kind) ? " problem" : ""}${e.synthetic ? " synthetic" : ""}`}>
            <time dateTime={e.ts}>{formatTimestamp(e.ts, { seconds: true })}</time>
            <span className="timeline-title">{e.title}</span>
            {e.synthetic ? <span className="muted"> (from the session)</span> : null}
            {e.peerClass && e.peerClass !== "public" ? <span className="badge badge-warn">{e.peerClass.replaceAll("_", " ")}</span> : null}
            {e.detail ? <div className="timeline-detail">{e.detail}</div> : null}
          </li>
        ))}
      </ol>
      {truncated ? <p className="muted">Only the first {entries.length} entries are shown.</p> : null}
    </>
  );
}
