"use client";
// One relay session: its facts, usage over time, event timeline, the peers it reached (non-public
// ones first and marked) and the browser connections joined to it. One answer
// (GET /api/v1/sessions/:id) feeds every widget.
import Link from "next/link";
import { formatTimestamp } from "../../../../lib/format/time";
import { ChartCard } from "../../ui/chart-card";
import { useSessionDetail } from "../use-sessions";
import { JoinedConnections } from "./joined-connections";
import { PeersTable } from "./peers-table";
import { SessionFacts } from "./session-facts";
import { SessionTimeline } from "./session-timeline";
import { UsageChart } from "./usage-chart";

export function SessionDetailView({ id }: { id: string }) {
  const detail = useSessionDetail(id);
  const s = detail.data?.session;
  return (
    <div className="dashboard session-page">
      <p className="breadcrumb">
        <Link href="/sessions">Sessions</Link> /
      </p>
      <h1>
        Session {s ? `of ${s.user ?? "an unknown user"} on ${s.server}` : ""}
        {s ? <span className="subtitle">{formatTimestamp(s.startedAt, { seconds: true })}</span> : null}
      </h1>
      <div className="dash-grid">
        <ChartCard title="Session" query={detail} toggle={false} wide>
          {(d) => <SessionFacts session={d.session} />}
        </ChartCard>
        <ChartCard
          title="Usage over time"
          description={
            detail.data
              ? `Bytes per leg and direction from coturn's usage lines, in ${detail.data.usage.bucketSeconds}-second buckets.`
              : undefined
          }
          query={detail}
          isEmpty={(d) => d.usage.points.length === 0}
          emptyMessage="No usage lines were logged for this session: coturn logs usage when an allocation is refreshed and when it closes."
          wide
        >
          {(d) => <UsageChart usage={d.usage} />}
        </ChartCard>
        <ChartCard
          title="Timeline"
          description="The session's logged events, with its start, allocation and end."
          query={detail}
          toggle={false}
        >
          {(d) => <SessionTimeline entries={d.timeline} truncated={d.timelineTruncated} />}
        </ChartCard>
        <ChartCard
          title="Peers"
          description="Addresses this session was allowed to reach (permissions and channels). Anything but a public address is marked."
          query={detail}
          toggle={false}
          isEmpty={(d) => d.peers.length === 0}
          emptyMessage="No permission or channel was logged for this session, so it relayed to no peer (or coturn was not logging at verbose level)."
        >
          {(d) => <PeersTable peers={d.peers} truncated={d.peersTruncated} />}
        </ChartCard>
        <ChartCard
          title="Browser connections"
          description="Connections the SDK reported that this session carried (the join), with their call."
          query={detail}
          toggle={false}
          wide
        >
          {(d) => <JoinedConnections connections={d.connections} />}
        </ChartCard>
      </div>
    </div>
  );
}
