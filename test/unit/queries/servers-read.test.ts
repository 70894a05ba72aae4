// Pure parts of the Servers page's queries: gauge labels → transports, capacity, chart steps,
// freshness verdicts and their messages, agent statistics, traffic folding.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FilterOptions } from "../../../app/(dashboard)/ui/filter-options";
import type { FilterOptionsResponse } from "../../../lib/queries/get-filter-options";
import { ago, coturnItem, freshnessOf, metricsItem, overall, rollupItem } from "../../../lib/queries/get-freshness";
import {
  byTransportOf,
  capacityOf,
  MAX_POINTS,
  SERIES_STEPS,
  stepEnds,
  stepFor,
  transportOf,
} from "../../../lib/queries/get-live-allocations";
import { addTraffic, agentSource, emptyTraffic, sdkStatus } from "../../../lib/queries/list-servers";

// The filter bar's prop type and the endpoint's answer are the same shape, both ways.
const _toBar = (r: FilterOptionsResponse): FilterOptions => r;
const _fromBar = (r: FilterOptions): FilterOptionsResponse => r;
void _toBar;
void _fromBar;

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const before = (ms: number) => new Date(NOW - ms).toISOString();

describe("allocation gauges", () => {
  it("maps coturn's and eturnal's transport labels; no label is unsplit", () => {
    assert.deepEqual(["UDP", "TCP", "TLS/TCP", "DTLS", "SCTP", "TLS/SCTP", "TLS", "TCP|TLS", "udp"].map(transportOf), [
      "udp",
      "tcp",
      "tls",
      "dtls",
      "sctp",
      "sctp",
      "tls",
      "other",
      "udp",
    ]);
    assert.equal(transportOf(null), "unsplit");
  });

  it("sums a snapshot by transport, keeping zeros", () => {
    assert.deepEqual(
      byTransportOf([
        { label: "UDP", value: 5 },
        { label: "TLS/TCP", value: 2 },
        { label: "TLS", value: 1 },
        { label: "DTLS", value: 0 },
      ]),
      { total: 8, byTransport: { udp: 5, tls: 3, dtls: 0 } },
    );
  });

  it("takes the lower of total quota and relay ports as the ceiling; 0 quota is no limit", () => {
    assert.deepEqual(capacityOf({ total_quota: 500, user_quota: 10, relay_port_min: 49152, relay_port_max: 49351 }), {
      totalQuota: 500,
      userQuota: 10,
      relayPorts: 200,
      ceiling: 200,
    });
    assert.deepEqual(capacityOf({ total_quota: 0, user_quota: 0, relay_port_min: null, relay_port_max: null }), {
      totalQuota: null,
      userQuota: null,
      relayPorts: null,
      ceiling: null,
    });
    assert.equal(capacityOf({ total_quota: 50, user_quota: null, relay_port_min: 49152, relay_port_max: 65535 }).ceiling, 50);
    assert.equal(capacityOf({ total_quota: null, user_quota: null, relay_port_min: 5, relay_port_max: 4 }).relayPorts, null);
  });

  it("draws every preset range in at most MAX_POINTS steps from the closed list", () => {
    const h = 3_600_000;
    const cases: Array<[number, number]> = [
      [h, 60],
      [6 * h, 300],
      [24 * h, 900],
      [7 * 24 * h, 3 * 3600],
      [30 * 24 * h, 6 * 3600],
      [90 * 24 * h, 86_400],
      [400 * 24 * h, 7 * 86_400],
    ];
    for (const [span, step] of cases) {
      const s = stepFor(new Date(NOW - span), new Date(NOW));
      assert.equal(s, step, `span ${span / h} h`);
      assert.ok((SERIES_STEPS as readonly number[]).includes(s));
      const { first, last } = stepEnds(new Date(NOW - span), new Date(NOW), s);
      assert.ok((last.getTime() - first.getTime()) / (s * 1000) + 1 <= MAX_POINTS + 1);
    }
  });

  it("puts step ends on whole steps covering the range", () => {
    const from = new Date(Date.UTC(2026, 0, 1, 10, 0, 30));
    const to = new Date(Date.UTC(2026, 0, 1, 10, 5, 10));
    const { first, last } = stepEnds(from, to, 60);
    assert.equal(first.toISOString(), "2026-01-01T10:01:00.000Z");
    assert.equal(last.toISOString(), "2026-01-01T10:06:00.000Z");
  });
});

describe("freshness", () => {
  it("is fresh within the window, stale after, never without data", () => {
    assert.equal(freshnessOf(before(60_000), NOW, 120_000), "fresh");
    assert.equal(freshnessOf(before(180_000), NOW, 120_000), "stale");
    assert.equal(freshnessOf(null, NOW, 120_000), "never");
    assert.equal(overall([{ status: "never" }, { status: "stale" }]), "stale");
    assert.equal(overall([{ status: "stale" }, { status: "fresh" }]), "fresh");
    assert.equal(overall([]), "never");
  });

  it("says how long ago in words", () => {
    assert.equal(ago(before(30_000), NOW), "30 s");
    assert.equal(ago(before(4 * 60_000), NOW), "4 min");
    assert.equal(ago(before(3 * 3_600_000), NOW), "3 h");
    assert.equal(ago(before(3 * 86_400_000), NOW), "3 days");
  });

  it("tells how to start a missing coturn agent and why one may look stale", () => {
    const never = coturnItem({ server: "turn-eu-1", owner: true, lastDeliveryAt: null, agents: 0, lastEventAt: null }, NOW);
    assert.equal(never.status, "never");
    assert.match(never.message ?? "", /relayscope collect coturn --file .* --server turn-eu-1/);
    const stale = coturnItem({ server: "turn-eu-1", owner: true, lastDeliveryAt: before(3_600_000), agents: 1, lastEventAt: null }, NOW);
    assert.equal(stale.status, "stale");
    assert.match(stale.message ?? "", /last delivered 60 min ago/);
    assert.equal(coturnItem({ server: "x", owner: true, lastDeliveryAt: before(1000), agents: 1, lastEventAt: null }, NOW).message, null);
  });

  it("judges a shared server by the caller's own usage, never by its owner's agent", () => {
    const shared = coturnItem({ server: "x", owner: false, lastDeliveryAt: before(1000), agents: 2, lastEventAt: before(120_000) }, NOW);
    assert.deepEqual([shared.status, shared.lastDeliveryAt, shared.agents], ["fresh", null, 0]);
    assert.match(shared.message ?? "", /shared server: .* 2 min ago/);
  });

  it("judges a metrics target by its interval, and a failing one is never fresh", () => {
    const base = {
      server: "turn-eu-1",
      mode: "scrape",
      url: "http://turn:9641/metrics",
      query: "",
      intervalMs: 60_000,
      lastScrapeAt: before(150_000),
      lastSuccessAt: before(150_000),
      failures: 0,
      reason: null,
      error: null,
    };
    assert.equal(metricsItem(base, NOW).status, "fresh", "3 × 60 s window");
    assert.equal(metricsItem({ ...base, intervalMs: 15_000 }, NOW).status, "stale", "2 min at least, not 3 × 15 s");
    const failing = metricsItem({ ...base, lastScrapeAt: before(1000), failures: 3, reason: "timeout", error: "no answer" }, NOW);
    assert.deepEqual([failing.status, failing.failing], ["stale", true]);
    assert.match(failing.message ?? "", /failed 3 times in a row, last success .* ago: timeout: no answer/);
    const none = metricsItem({ ...base, mode: null, url: null, lastScrapeAt: null, lastSuccessAt: null }, NOW);
    assert.deepEqual([none.status, none.target], ["never", null]);
    assert.match(none.message ?? "", /relayscope collect prometheus .*--server turn-eu-1/);
  });

  it("explains a rollup job that never ran", () => {
    const r = rollupItem("relay", undefined, NOW);
    assert.equal(r.status, "never");
    assert.match(r.message ?? "", /relayscope start/);
    assert.equal(rollupItem("client", { name: "client", watermark: before(60_000), updatedAt: before(30_000) }, NOW).status, "fresh");
  });
});

describe("servers", () => {
  it("reads an agent's line statistics, whatever it sent", () => {
    const a = agentSource({
      agentId: "a",
      path: "/var/log/turn.log",
      fileId: "f",
      lastDeliveryAt: before(0),
      stats: { lines: 10, events: 4, skipped: { unknown: 2, foreign: 1 }, pendingBytes: 0, bufferFill: 0.5 },
    });
    assert.deepEqual([a.lines, a.events, a.skipped, a.pendingBytes, a.bufferFill], [10, 4, 3, 0, 0.5]);
    const none = agentSource({ agentId: "a", path: "p", fileId: "f", lastDeliveryAt: before(0), stats: null });
    assert.deepEqual([none.lines, none.skipped], [null, null]);
  });

  it("folds rollup rows per transport", () => {
    const t = emptyTraffic();
    const row = (transport: "udp" | "tcp", bytes: number) => ({
      kind: "relay" as const,
      server_id: "s",
      transport,
      client_rx: bytes,
      client_tx: bytes,
      peer_rx: bytes,
      peer_tx: bytes,
      sessions: 1,
      auth_failures: 1,
      errors: 0,
      last_seen: null,
    });
    addTraffic(t, row("udp", 10));
    addTraffic(t, row("tcp", 1));
    assert.deepEqual([t.clientRxBytes, t.peerTxBytes, t.sessionsStarted, t.authFailures], [11, 11, 2, 2]);
    assert.deepEqual(t.byTransport, { udp: { bytes: 40, sessions: 1 }, tcp: { bytes: 4, sessions: 1 } });
  });

  it("calls browsers' data fresh only when a relayed connection is recent", () => {
    assert.equal(sdkStatus(0, null, NOW), "never");
    assert.equal(sdkStatus(3, null, NOW), "stale");
    assert.equal(sdkStatus(3, before(60_000), NOW), "fresh");
    assert.equal(sdkStatus(0, before(3_600_000), NOW), "stale");
  });
});
