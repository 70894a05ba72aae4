"use client";
// One call: headline figures, then each participant's connections with their path, quality and the
// relay session that carried each (or why none did). One answer (GET /api/v1/calls/:id) feeds it all.
import Link from "next/link";
import { formatTimestamp } from "../../../../lib/format/time";
import { ChartCard } from "../../ui/chart-card";
import { Stat } from "../../ui/stat";
import { CallState } from "../calls-table";
import { useCallDetail } from "../use-calls";
import { ParticipantConnections } from "./participant-connections";

export function CallDetailView({ id }: { id: string }) {
  const detail = useCallDetail(id);
  const c = detail.data?.call;
  const err = detail.data === undefined && detail.error ? detail.error.message : undefined;
  return (
    <div className="dashboard call-page">
      <p className="breadcrumb">
        <Link href="/calls">Calls</Link> /
      </p>
      <h1>
        Call {c ? c.callId : ""}
        {c ? (
          <span className="subtitle">
            {c.app} · began {formatTimestamp(c.startedAt, { seconds: true })} · <CallState state={c.state} failed={c.failedConnections} />
          </span>
        ) : null}
      </h1>
      <div className="stat-grid">
        <Stat label="Participants" unit="count" value={c?.participants} error={err} />
        <Stat label="Connections" unit="count" value={c?.connections} error={err} />
        <Stat
          label="Relayed connections"
          unit="count"
          value={c?.relayedConnections}
          hint={c?.forcedRelay ? "relay forced by the app (iceTransportPolicy relay)" : undefined}
          error={err}
        />
        <Stat label="Joined to relay sessions" unit="count" value={c?.joinedConnections} error={err} />
        <Stat label="Worst RTT" unit="ms" value={c === undefined ? undefined : c.worstRttMs} error={err} />
        <Stat label="Worst loss" unit="percent" value={c === undefined ? undefined : c.worstLossPct} error={err} />
        <Stat label="Bytes" unit="bytes" value={c?.bytes} hint="sent + received by the browsers" error={err} />
      </div>
      <ChartCard
        title="Participants"
        description="Each participant's connections and the relay sessions that carried them."
        query={detail}
        toggle={false}
        wide
      >
        {(d) => (
          <>
            {d.participants.map((p) => (
              <ParticipantConnections key={p.participantId} participantId={p.participantId} connections={p.connections} />
            ))}
            {d.truncated ? <p className="muted">Only the first connections of this call are shown.</p> : null}
          </>
        )}
      </ChartCard>
    </div>
  );
}
