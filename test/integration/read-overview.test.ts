// The overview's read endpoints against the real database, called as a read-API token calls them:
// relay-share, transport-mix, bandwidth, latency and call-setup. Data arrives through the real
// ingest paths (coturn batches, getStats bodies) and the real rollup job. Figures equal the raw rows
// they summarise; every filter narrows them; a caller sees only its tenants; bad filters are a 400.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

process.env.RELAYSCOPE_AUTH_SECRET ??= "integration-test-auth-secret-0123456789abcdef";

import { GET as bandwidthRoute } from "../../app/api/v1/bandwidth/route";
import { GET as callSetupRoute } from "../../app/api/v1/call-setup/route";
import { GET as latencyRoute } from "../../app/api/v1/latency/route";
import { GET as overviewRoute } from "../../app/api/v1/overview/route";
import { GET as relayShareRoute } from "../../app/api/v1/relay-share/route";
import { GET as transportMixRoute } from "../../app/api/v1/transport-mix/route";
import { createUser } from "../../lib/auth/users";
import { prisma } from "../../lib/db/prisma";
import { ingestCoturnBatch } from "../../lib/ingest/coturn";
import { ingestGetstatsBody } from "../../lib/ingest/getstats/ingest";
import { forgetTurnServers } from "../../lib/join/join-connections";
import { createKey } from "../../lib/keys/store";
import type { Bandwidth } from "../../lib/queries/overview/get-bandwidth";
import type { CallSetup } from "../../lib/queries/overview/get-call-setup";
import type { Latency } from "../../lib/queries/overview/get-latency";
import type { Overview } from "../../lib/queries/overview/get-overview";
import type { RelayShare } from "../../lib/queries/overview/get-relay-share";
import type { TransportMix } from "../../lib/queries/overview/get-transport-mix";
import { refreshRollups } from "../../lib/rollups/refresh";
import { batch, ev } from "../support/coturn-batch";
import { uid } from "../support/db";
import { body, seedApp, statsItem } from "../support/getstats";
import { setUpInProcessIngest } from "../support/ingest";

setUpInProcessIngest();

const MIN = 60_000;
const NOW = Date.now();
const actor = { actorType: "system" as const, actorId: "test" };
type Route = (req: Request) => Promise<Response>;

async function get<T>(route: Route, token: string, query = "range=6h"): Promise<T> {
  const res = await route(new Request(`http://127.0.0.1/api/v1/x?${query}`, { headers: { authorization: `Bearer ${token}` } }));
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return JSON.parse(text) as T;
}

async function token(tenantIds: string[], role: "viewer" | "admin" = "viewer"): Promise<string> {
  const user = await createUser({ email: `ov-${uid()}@t.test`, role, tenantIds, password: "a long enough password" }, actor);
  return (await createKey({ kind: "api", name: `t-${uid()}`, userId: user.id, role: "viewer" })).key;
}

let d: {
  tenant: { id: string; slug: string };
  other: { id: string; slug: string };
  servers: { eu: string; us: string };
  app: { id: string };
  tokenA: string;
  tokenB: string;
};

before(async () => {
  const mk = async (label: string) => {
    const slug = `${label}-${uid()}`;
    return { id: (await prisma().tenant.create({ data: { slug, name: label } })).id, slug };
  };
  const tenant = await mk("ova");
  const other = await mk("ovb");
  const eu = `turn-eu-${uid()}`;
  const us = `turn-us-${uid()}`;
  await prisma().turnServer.create({
    data: { name: eu, defaultTenantId: tenant.id, region: "eu-west", urls: [`turn:${eu}.example:3478`, `turns:${eu}.example:5349`] },
  });
  await prisma().turnServer.create({
    data: { name: us, defaultTenantId: tenant.id, region: "us-east", urls: [`turn:${us}.example:3478`] },
  });
  forgetTurnServers();

  // coturn: eu has a UDP session (realm a.test) and a TLS one (realm b.test); us one TCP session.
  const run = NOW - 200 * MIN;
  const sessions = [
    { server: eu, sid: "001000000000000001", realm: "a.test", transport: undefined, rb: 1000, sb: 2000 },
    { server: eu, sid: "001000000000000002", realm: "b.test", transport: "tls" as const, rb: 30_000, sb: 40_000 },
    { server: us, sid: "001000000000000003", realm: "a.test", transport: "tcp" as const, rb: 500, sb: 700 },
  ];
  for (const [i, s] of sessions.entries()) {
    await ingestCoturnBatch(
      { serverId: null },
      batch(
        s.server,
        [
          ev.run({ pos: 0, ts: run, version: "Coturn-4.6.1 'Gorst'" }),
          ev.session({ pos: 10, ts: NOW - 100 * MIN, run, sid: s.sid, realm: s.realm, username: "alice", transport: s.transport }),
          ev.usage({ pos: 20, ts: NOW - 90 * MIN, run, sid: s.sid, leg: "client", rp: 1, rb: s.rb, sp: 1, sb: s.sb, realm: s.realm }),
          ev.usage({ pos: 30, ts: NOW - 89 * MIN, run, sid: s.sid, leg: "peer", rp: 1, rb: s.sb, sp: 1, sb: s.rb, realm: s.realm }),
          ev.event({ pos: 40, ts: NOW - 80 * MIN, run, sid: s.sid, kind: "auth_failure", code: 401, username: "mallory", realm: s.realm }),
        ],
        { agentId: `agent-${i}-${uid()}`, fileId: `f-${uid()}` },
      ),
    );
  }

  // Browsers: 10 calls of two connections; 2 relayed over UDP through eu, 1 over TCP through us,
  // 1 forced relay over TLS through eu, the rest direct; one connection that failed.
  const app = await seedApp({ tenantId: tenant.id });
  const plan = [
    { pathKind: "turn-udp", url: `turn:${eu}.example:3478?transport=udp`, rtt: 40, forced: false },
    { pathKind: "turn-udp", url: `turn:${eu}.example:3478?transport=udp`, rtt: 60, forced: false },
    { pathKind: "turn-tcp", url: `turn:${us}.example:3478?transport=tcp`, rtt: 120, forced: false },
    { pathKind: "turn-tls", url: `turns:${eu}.example:5349?transport=tcp`, rtt: 200, forced: true },
  ];
  for (let call = 0; call < 10; call++) {
    const callId = `call-${uid()}`;
    for (const participantId of ["alice", "bob"]) {
      const p = participantId === "alice" ? plan[call] : undefined;
      const item = p
        ? statsItem(1, {
            pathKind: p.pathKind,
            turnUrl: p.url,
            relayProtocol: p.pathKind.slice(5),
            rttMs: p.rtt,
            sampledAt: NOW - 30 * MIN,
          })
        : statsItem(1, {
            pathKind: "direct",
            localCandidateType: "host",
            remoteCandidateType: "host",
            relayProtocol: undefined,
            turnUrl: undefined,
            relayPort: undefined,
            rttMs: 10,
            sampledAt: NOW - 30 * MIN,
          });
      await ingestGetstatsBody(
        { appId: app.id, tenantId: tenant.id },
        body([item], { callId, participantId, forcedRelay: p?.forced ?? false }),
      );
    }
  }
  await ingestGetstatsBody(
    { appId: app.id, tenantId: tenant.id },
    body([{ sequence: 1, type: "state", at: NOW - 20 * MIN, state: "failed" }], { forcedRelay: false }),
  );
  await refreshRollups();
  d = { tenant, other, servers: { eu, us }, app, tokenA: await token([tenant.id]), tokenB: await token([other.id]) };
});

describe("overview read API", () => {
  it("relay share: relayed by need, forced apart, per connection and per call, against the band", async () => {
    const r = await get<RelayShare>(relayShareRoute, d.tokenA);
    assert.equal(r.range.granularity, "minute");
    assert.deepEqual(r.band, { lowPct: 15, highPct: 25 });
    assert.equal(r.connections.total, 21);
    assert.equal(r.connections.connected, 20);
    assert.equal(r.connections.relayedByNeed, 3);
    assert.equal(r.connections.forcedRelay, 1);
    assert.equal(r.connections.direct, 16);
    // 3 relayed by need out of the 19 connected without forced relay
    assert.equal(r.connections.sharePct, 15.8);
    assert.equal(r.status, "within");
    assert.deepEqual([r.calls.total, r.calls.relayedByNeed, r.calls.forcedRelay, r.calls.sharePct], [11, 3, 1, 33.3]);
    assert.equal(
      r.series.reduce((a, s) => a + s.relayedByNeed, 0),
      3,
    );
    // The server filter keeps direct connections and only the relayed ones through that server.
    const us = await get<RelayShare>(relayShareRoute, d.tokenA, `range=6h&server=${d.servers.us}`);
    assert.deepEqual([us.connections.relayedByNeed, us.connections.forcedRelay, us.connections.direct], [1, 0, 16]);
  });

  it("bandwidth per leg and direction equals the usage lines; server, region and realm filters narrow it", async () => {
    const all = await get<Bandwidth>(bandwidthRoute, d.tokenA);
    assert.deepEqual(
      { clientRx: all.totals.clientRx, clientTx: all.totals.clientTx, peerRx: all.totals.peerRx, peerTx: all.totals.peerTx },
      { clientRx: 31_500, clientTx: 42_700, peerRx: 42_700, peerTx: 31_500 },
    );
    assert.equal(
      all.series.reduce((a, s) => a + s.clientRx, 0),
      31_500,
    );
    assert.deepEqual(
      all.byServer.map((s) => [s.server, s.clientRx]),
      [
        [d.servers.eu, 31_000],
        [d.servers.us, 500],
      ],
    );
    assert.deepEqual(
      all.byTenant.map((t) => t.tenant),
      [d.tenant.slug],
    );
    assert.equal((await get<Bandwidth>(bandwidthRoute, d.tokenA, "range=6h&region=us-east")).totals.clientRx, 500);
    assert.equal((await get<Bandwidth>(bandwidthRoute, d.tokenA, "range=6h&realm=a.test")).totals.clientRx, 1500);
    const byApp = await get<Bandwidth>(bandwidthRoute, d.tokenA, `range=6h&app=${d.app.id}`);
    assert.deepEqual(byApp.ignoredFilters, ["app"]);
  });

  it("transport mix from browsers and from server logs side by side", async () => {
    const m = await get<TransportMix>(transportMixRoute, d.tokenA);
    assert.deepEqual(
      m.client.map((c) => [c.transport, c.connections]),
      [
        ["turn-udp", 2],
        ["turn-tcp", 1],
        ["turn-tls", 1],
        ["turn-unknown", 0],
      ],
    );
    assert.deepEqual(
      m.server.map((s) => [s.transport, s.sessions]),
      [
        ["udp", 1],
        ["tcp", 1],
        ["tls", 1],
        ["dtls", 0],
      ],
    );
    assert.equal(m.server.find((s) => s.transport === "tls")?.bytes, 140_000);
  });

  it("latency percentiles of relayed and direct connections, by server, region and path", async () => {
    const l = await get<Latency>(latencyRoute, d.tokenA);
    assert.equal(l.direct.samples, 16);
    assert.ok(l.direct.p50 !== null && l.direct.p50 >= 10 && l.direct.p50 < 20, `direct p50 ${l.direct.p50}`);
    assert.equal(l.relayed.samples, 4);
    assert.ok(l.relayed.p95 !== null && l.relayed.p95 >= 150 && l.relayed.p95 <= 250, `relayed p95 ${l.relayed.p95}`);
    assert.deepEqual(
      l.byServer.map((s) => [s.server, s.samples]),
      [
        [d.servers.eu, 3],
        [d.servers.us, 1],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    assert.deepEqual(
      l.byRegion.map((r) => [r.region, r.samples]),
      [
        ["eu-west", 3],
        ["us-east", 1],
      ],
    );
  });

  it("call setup: failure rate and ICE errors", async () => {
    const c = await get<CallSetup>(callSetupRoute, d.tokenA);
    assert.deepEqual([c.connections, c.failed, c.failureRatePct], [21, 1, 4.8]);
  });

  it("by the hour and by the day (the series rollups), the series hold the same figures as by the minute", async () => {
    for (const [range, granularity] of [
      ["24h", "hour"],
      ["30d", "day"],
    ] as const) {
      const r = await get<RelayShare>(relayShareRoute, d.tokenA, `range=${range}`);
      assert.equal(r.range.granularity, granularity);
      const c = r.connections;
      assert.deepEqual([c.total, c.connected, c.relayedByNeed, c.forcedRelay, c.direct], [21, 20, 3, 1, 16], range);
      const us = await get<RelayShare>(relayShareRoute, d.tokenA, `range=${range}&server=${d.servers.us}`);
      assert.deepEqual([us.connections.relayedByNeed, us.connections.forcedRelay, us.connections.direct], [1, 0, 16], range);
      const s = await get<CallSetup>(callSetupRoute, d.tokenA, `range=${range}`);
      assert.deepEqual([s.connections, s.failed, s.failureRatePct], [21, 1, 4.8], range);
      const l = await get<Latency>(latencyRoute, d.tokenA, `range=${range}`);
      const points = l.series.filter((p) => p.relayedP95 !== null || p.directP50 !== null);
      assert.ok(points.length > 0, `${range}: the latency series has points`);
      assert.ok(
        points.some((p) => p.relayedP95 !== null && p.relayedP95 >= 150) && points.some((p) => p.directP50 !== null && p.directP50 < 20),
        `${range}: relayed and direct apart: ${JSON.stringify(points)}`,
      );
    }
  });

  it("the overview's headline figures are those of the detailed endpoints, and say alerts are not available yet", async () => {
    const o = await get<Overview>(overviewRoute, d.tokenA);
    const share = await get<RelayShare>(relayShareRoute, d.tokenA);
    const bw = await get<Bandwidth>(bandwidthRoute, d.tokenA);
    assert.equal(o.relayShare.sharePct, share.connections.sharePct);
    assert.equal(o.bandwidth.totalBytes, bw.totals.total);
    assert.equal(o.bandwidth.serverEgressBytes, bw.totals.clientTx + bw.totals.peerTx);
    assert.deepEqual(o.relaySessions, { started: 3, ended: 0, authFailures: 3, errors: 0 });
    const latency = await get<Latency>(latencyRoute, d.tokenA);
    assert.deepEqual(o.latency, { relayedP95: latency.relayed.p95, directP95: latency.direct.p95 });
    const setup = await get<CallSetup>(callSetupRoute, d.tokenA);
    assert.deepEqual(o.callSetup, {
      connections: setup.connections,
      failureRatePct: setup.failureRatePct,
      connectTimeMeanMs: setup.connectTimeMeanMs,
    });
    assert.equal(o.relayShare.callSharePct, share.calls.sharePct);
    assert.equal(o.relayShare.forcedPct, share.connections.forcedPct);
    assert.equal(o.alerts.available, false);
  });

  it("another tenant's caller sees none of it", async () => {
    const r = await get<RelayShare>(relayShareRoute, d.tokenB);
    assert.equal(r.connections.total, 0);
    assert.equal(r.status, "no-data");
    assert.equal((await get<Bandwidth>(bandwidthRoute, d.tokenB)).totals.total, 0);
    // Naming a tenant the caller does not have is not a way in.
    assert.equal((await get<Bandwidth>(bandwidthRoute, d.tokenB, `range=6h&tenant=${d.tenant.slug}`)).totals.total, 0);
  });

  it("refuses bad filters with a 400 naming the parameter, and callers without a token with a 401", async () => {
    for (const [query, param] of [
      ["range=2y", "range"],
      ["from=yesterday&to=2026-11-21T00:00:00Z", "from"],
      ["from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z", "to"],
      ["app=not-a-uuid", "app"],
      [`server=${"x".repeat(300)}`, "server"],
    ]) {
      const res = await relayShareRoute(
        new Request(`http://127.0.0.1/api/v1/relay-share?${query}`, { headers: { authorization: `Bearer ${d.tokenA}` } }),
      );
      assert.equal(res.status, 400, query);
      const err = (await res.json()) as { error: { message: string } };
      assert.match(err.error.message, new RegExp(`^${param}:`), query);
    }
    assert.equal((await relayShareRoute(new Request("http://127.0.0.1/api/v1/relay-share"))).status, 401);
  });
});
