"use client";
// The overview's first row: the figures on-call reads first, each from GET /api/v1/overview (the
// same queries as the charts below, so they agree).
import { Stat } from "../ui/stat";
import { useOverview } from "./use-overview";

export function HeadlineStats() {
  const q = useOverview();
  const o = q.data;
  const error = o === undefined ? q.error?.message : undefined;
  return (
    <section className="stat-grid" aria-label="Headline figures">
      <Stat
        label="Relay share (connections)"
        value={o?.relayShare.sharePct}
        unit="percent"
        expected={o ? { min: o.relayShare.band.lowPct, max: o.relayShare.band.highPct } : undefined}
        hint="Relayed by need, out of connections that connected (forced relay apart)"
        error={error}
      />
      <Stat
        label="Relayed calls"
        value={o?.relayShare.callSharePct}
        unit="percent"
        hint="Calls with at least one relayed connection"
        error={error}
      />
      <Stat label="Forced relay" value={o?.relayShare.forcedPct} unit="percent" hint='iceTransportPolicy "relay"' error={error} />
      <Stat label="Server egress" value={o?.bandwidth.serverEgressBytes} unit="bytes" hint="Sent to clients and peers" error={error} />
      <Stat label="Relay sessions" value={o?.relaySessions.started} unit="count" hint="Started in the range" error={error} />
      <Stat label="Relayed RTT p95" value={o?.latency.relayedP95} unit="ms" error={error} />
      <Stat
        label="ICE failure rate"
        value={o?.callSetup.failureRatePct}
        unit="percent"
        status={o?.callSetup.failureRatePct != null && o.callSetup.failureRatePct > 5 ? "bad" : undefined}
        error={error}
      />
    </section>
  );
}
