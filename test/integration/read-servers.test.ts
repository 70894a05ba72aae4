// The Servers page's read endpoints against the real database, called as a read-API token calls
// them: GET /api/v1/servers, /allocations, /freshness and /filters. Data arrives through the real
// ingest paths (coturn batches, metrics batches, getStats bodies) and the real rollup job; each
// caller sees only servers of its tenants, allocation figures equal the ingested gauges, and each
// source's freshness follows what was (not) delivered.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

process.env.RELAYSCOPE_AUTH_SECRET ??= "integration-test-auth-secret-0123456789abcdef";

import { GET as getAllocations } from "../../app/api/v1/allocations/route";
import { GET as getFilters } from "../../app/api/v1/filters/route";
import { GET as getFreshnessRoute } from "../../app/api/v1/freshness/route";
import { GET as getServers } from "../../app/api/v1/servers/route";
import type { MetricsBatch } from "../../collectors/schema/metrics";
import { createUser } from "../../lib/auth/users";
import { prisma } from "../../lib/db/prisma";
import { runQuery } from "../../lib/db/run-query";
import { ingestCoturnBatch } from "../../lib/ingest/coturn";
import { ingestGetstatsBody } from "../../lib/ingest/getstats/ingest";
import { ingestMetricsBatch } from "../../lib/ingest/metrics/ingest";
import { forgetTurnServers } from "../../lib/join/join-connections";
import { createKey } from "../../lib/keys/store";
import type { FilterOptionsResponse } from "../../lib/queries/get-filter-options";
import type { FreshnessResponse } from "../../lib/queries/get-freshness";
import type { AllocationsResponse } from "../../lib/queries/get-live-allocations";
import type { ServersResponse } from "../../lib/queries/list-servers";
import { refreshRollups } from "../../lib/rollups/refresh";
import { batch, ev } from "../support/coturn-batch";
import { uid } from "../support/db";
import { body as getstatsBody, seedApp, statsItem } from "../support/getstats";
import { setUpInProcessIngest } from "../support/ingest";

setUpInProcessIngest();

const NOW = Date.now();
const MIN = 60_000;
const actor = { actorType: "system" as const, actorId: "test" };

type Seeded = {
  a: { id: string; slug: string };
  b: { id: string; slug: string };
  s1: string;
  s2: string;
  s3: string;
  realm: string;
  ruleRealm: string;
  appA: { id: string; name: string };
  quietApp: { id: string; name: string };
  tokens: { a: string; b: string; admin: string };
  usage: { clientRx: number; clientTx: number; peerRx: number; peerTx: number };
};
let d: Seeded;

async function call<T>(route: (req: Request) => Promise<Response>, path: string, token: string, query = ""): Promise<T> {
  const res = await route(new Request(`http://127.0.0.1/api/v1/${path}?${query}`, { headers: { authorization: `Bearer ${token}` } }));
  const text = await res.text();
  assert.equal(res.status, 200, `${path}?${query}: ${text}`);
  return JSON.parse(text) as T;
}

async function tenant(label: string) {
  const slug = `${label}-${uid()}`;
  const t = await prisma().tenant.create({ data: { slug, name: label } });
  return { id: t.id, slug };
}

async function server(defaultTenantId: string, extra: Record<string, unknown> = {}) {
  const name = `turn-${uid()}`;
  const s = await prisma().turnServer.create({
    data: { name, defaultTenantId, urls: [`turn:${name}.example:3478`], region: `region-${uid()}`, ...extra },
  });
  return { id: s.id, name };
}

async function token(role: "viewer" | "admin", tenantIds: string[]): Promise<string> {
  const user = await createUser({ email: `${role}-${uid()}@t.test`, role, tenantIds, password: "a long enough password" }, actor);
  return (await createKey({ kind: "api", name: `t-${uid()}`, userId: user.id, role: "viewer" })).key;
}

function metrics(serverName: string, at: number, samples: MetricsBatch["samples"], over: Partial<MetricsBatch> = {}): MetricsBatch {
  return {
    version: 1,
    agentId: "agent-1",
    server: serverName,
    target: { mode: "scrape", url: `http://${serverName}.example:9641/metrics`, intervalMs: 15_000 },
    scrapedAt: at,
    status: { ok: true, durationMs: 5 },
    software: ["coturn"],
    warnings: [],
    samples,
    ...over,
  };
}

const alloc = (type: string | null, value: number): MetricsBatch["samples"][number] => ({
  metric: "turn_total_allocations",
  labels: type === null ? {} : { type },
  value,
  rate: null,
});

before(async () => {
  const a = await tenant("a");
  const b = await tenant("b");
  const realm = `r-${uid()}.example`;
  const ruleRealm = `rule-${uid()}.example`;
  // s1: tenant a's own; s2: tenant b's, shared with a through a realm rule; s3: tenant b's only.
  const s1 = await server(a.id, { totalQuota: 500, userQuota: 10, relayPortMin: 49152, relayPortMax: 49351, provider: "hetzner" });
  const s2 = await server(b.id, { realmRules: { create: [{ realm: ruleRealm, tenantId: a.id, priority: 10 }] } });
  const s3 = await server(b.id);
  forgetTurnServers();

  // coturn logs of s1: a run with a warning, one session with usage on both legs, an auth failure.
  const run = NOW - 120 * MIN;
  const sid = "001000000000000001";
  const usage = [
    { leg: "client" as const, rb: 1000, sb: 2000 },
    { leg: "peer" as const, rb: 3000, sb: 4000 },
    { leg: "client" as const, rb: 500, sb: 700 },
  ];
  await ingestCoturnBatch(
    { serverId: null },
    batch(
      s1.name,
      [
        ev.run({ pos: 0, ts: run, version: "Coturn-4.6.1 'Gorst'" }),
        ev.event({ pos: 50, ts: run, kind: "config_warning", message: "WARNING: allow_loopback_peers is set" }),
        ev.session({ pos: 100, ts: NOW - 50 * MIN, run, sid, realm, username: "1795336472:alice", allocated: true, lifetime: 600 }),
        ...usage.map((u, i) =>
          ev.usage({ pos: 200 + i * 100, ts: NOW - (40 - i) * MIN, run, sid, leg: u.leg, rp: 1, rb: u.rb, sp: 1, sb: u.sb, realm }),
        ),
        ev.event({ pos: 600, ts: NOW - 30 * MIN, run, sid: "001000000000000002", kind: "auth_failure", code: 401, username: "bob", realm }),
      ],
      {
        agentId: `agent-${uid()}`,
        stats: { lines: 120, bytes: 9000, records: 118, continuation: 0, events: 7, skipped: { unknown: 2, foreign: 1 }, pendingBytes: 0 },
      },
    ),
  );

  // Metrics: s1 scraped twice (the later scrape is live), s2 runs coturn 4.6.1 (one unlabelled
  // gauge, tenant b's by default), s3's target never answered.
  await ingestMetricsBatch(
    { serverId: null },
    metrics(s1.name, NOW - 10 * MIN, [alloc("UDP", 3), alloc("TCP", 1), alloc("TLS/TCP", 2), alloc("DTLS", 0)]),
  );
  await ingestMetricsBatch(
    { serverId: null },
    metrics(s1.name, NOW - MIN, [alloc("UDP", 5), alloc("TCP", 1), alloc("TLS/TCP", 2), alloc("DTLS", 0)]),
  );
  await ingestMetricsBatch({ serverId: null }, metrics(s2.name, NOW - 20_000, [alloc(null, 7)]));
  await ingestMetricsBatch(
    { serverId: null },
    metrics(s3.name, NOW - MIN, [], { status: { ok: false, durationMs: 5000, reason: "timeout", error: "no answer in 5 s", failures: 2 } }),
  );

  // A browser of tenant a relayed through s1; another app of tenant a never reported.
  const app = await seedApp({ tenantId: a.id });
  const quiet = await seedApp({ tenantId: a.id });
  const out = await ingestGetstatsBody(
    { appId: app.id, tenantId: a.id },
    getstatsBody([statsItem(1, { turnUrl: `turn:${s1.name}.example:3478?transport=udp` })]),
  );
  assert.ok(out.ok, JSON.stringify(out));

  // The lead's rollup job fills relay_rollup_* and client_rollup_* from the raw rows above.
  await refreshRollups();

  const names = await prisma().app.findMany({ where: { id: { in: [app.id, quiet.id] } }, select: { id: true, name: true } });
  const nameOf = (id: string) => names.find((n) => n.id === id)?.name ?? "";
  d = {
    a,
    b,
    s1: s1.name,
    s2: s2.name,
    s3: s3.name,
    realm,
    ruleRealm,
    appA: { id: app.id, name: nameOf(app.id) },
    quietApp: { id: quiet.id, name: nameOf(quiet.id) },
    tokens: { a: await token("viewer", [a.id]), b: await token("viewer", [b.id]), admin: await token("admin", []) },
    usage: {
      clientRx: usage.filter((u) => u.leg === "client").reduce((t, u) => t + u.rb, 0),
      clientTx: usage.filter((u) => u.leg === "client").reduce((t, u) => t + u.sb, 0),
      peerRx: usage.filter((u) => u.leg === "peer").reduce((t, u) => t + u.rb, 0),
      peerTx: usage.filter((u) => u.leg === "peer").reduce((t, u) => t + u.sb, 0),
    },
  };
});

describe("GET /api/v1/servers", () => {
  it("lists only servers of the caller's tenants (default tenant or a realm rule's)", async () => {
    const mine = (r: ServersResponse) => r.servers.map((s) => s.name).filter((n) => [d.s1, d.s2, d.s3].includes(n));
    assert.deepEqual(mine(await call(getServers, "servers", d.tokens.a)), [d.s1, d.s2].sort());
    assert.deepEqual(mine(await call(getServers, "servers", d.tokens.b)), [d.s2, d.s3].sort());
    assert.deepEqual(mine(await call(getServers, "servers", d.tokens.admin)), [d.s1, d.s2, d.s3].sort());
    // A tenant filter outside the caller's tenants matches nothing (and says nothing about it).
    assert.deepEqual((await call<ServersResponse>(getServers, "servers", d.tokens.a, `tenant=${d.b.slug}`)).servers, []);
    assert.deepEqual(
      (await call<ServersResponse>(getServers, "servers", d.tokens.a, `server=${d.s3}`)).servers,
      [],
      "naming an invisible server shows nothing",
    );
  });

  it("shows inventory, runs, sources, live allocations vs capacity and traffic from the rollups", async () => {
    const r = await call<ServersResponse>(getServers, "servers", d.tokens.a, `server=${d.s1}`);
    assert.equal(r.range.granularity, "hour");
    assert.equal(r.servers.length, 1);
    const s = r.servers[0];
    assert.equal(s.provider, "hetzner");
    assert.equal(s.version, "Coturn-4.6.1 'Gorst'");
    assert.equal(s.runs.lastStartedAt, new Date(NOW - 120 * MIN).toISOString());
    assert.equal(s.runs.startedInRange, 1);
    assert.deepEqual(s.runs.warnings, ["WARNING: allow_loopback_peers is set"]);
    assert.equal(s.sources.coturn.status, "fresh");
    assert.equal(s.sources.coturn.agents.length, 1);
    assert.deepEqual([s.sources.coturn.agents[0].lines, s.sources.coturn.agents[0].skipped], [120, 3]);
    assert.equal(s.sources.metrics.status, "fresh");
    assert.equal(s.sources.metrics.targets[0].up, true);
    assert.equal(s.sources.sdk.connections, 1);
    assert.equal(s.sources.sdk.status, "fresh");
    assert.ok(s.lastDataAt);
    assert.deepEqual(
      [s.traffic.clientRxBytes, s.traffic.clientTxBytes, s.traffic.peerRxBytes, s.traffic.peerTxBytes],
      [d.usage.clientRx, d.usage.clientTx, d.usage.peerRx, d.usage.peerTx],
    );
    // The auth failure's session counts as started too (the ingest opens a session for every logged session id).
    const [{ n }] = await runQuery<{ n: number }>(
      "SELECT count(*)::int AS n FROM relay_session WHERE server_id = (SELECT id FROM turn_server WHERE name = $1)",
      [d.s1],
    );
    assert.ok(n >= 1);
    assert.equal(s.traffic.sessionsStarted, n);
    assert.equal(s.traffic.authFailures, 1);
    assert.ok(s.allocations);
    assert.equal(s.allocations.total, 8);
    assert.deepEqual(s.allocations.byTransport, { udp: 5, tcp: 1, tls: 2, dtls: 0 });
    assert.equal(s.allocations.sampledAt, new Date(NOW - MIN).toISOString());
    assert.deepEqual(s.allocations.capacity, { totalQuota: 500, userQuota: 10, relayPorts: 200, ceiling: 200 });
    assert.equal(s.allocations.utilisation, 8 / 200);
  });

  it("narrows traffic by realm, and keeps it to the caller's tenants", async () => {
    const other = await call<ServersResponse>(getServers, "servers", d.tokens.a, `server=${d.s1}&realm=nope.example`);
    assert.equal(other.servers[0].traffic.clientRxBytes, 0);
    const same = await call<ServersResponse>(getServers, "servers", d.tokens.a, `server=${d.s1}&realm=${d.realm}`);
    assert.equal(same.servers[0].traffic.clientRxBytes, d.usage.clientRx);
    // s2 is tenant b's server; tenant a reaches it through a rule but not its server-wide gauge.
    const s2a = (await call<ServersResponse>(getServers, "servers", d.tokens.a, `server=${d.s2}`)).servers[0];
    assert.equal(s2a.allocations?.total, null);
    assert.equal(s2a.sources.coturn.status, "never");
    const s2b = (await call<ServersResponse>(getServers, "servers", d.tokens.b, `server=${d.s2}`)).servers[0];
    assert.equal(s2b.allocations?.total, 7);
    assert.deepEqual(s2b.allocations?.byTransport, { unsplit: 7 });
  });
});

describe("GET /api/v1/allocations", () => {
  it("gives the live snapshot per server and the gauge sampled per step", async () => {
    const r = await call<AllocationsResponse>(getAllocations, "allocations", d.tokens.a, `range=1h&server=${d.s1}&perServer=true`);
    assert.equal(r.range.stepSeconds, 60);
    assert.equal(r.total, 8);
    assert.deepEqual(r.byTransport, { udp: 5, tcp: 1, tls: 2, dtls: 0 });
    assert.ok(r.series.length <= 61);
    const s1 = r.seriesByServer.find((x) => x.server === d.s1);
    assert.ok(s1);
    assert.deepEqual(
      s1.points.filter((p) => p.total !== null).map((p) => p.total),
      [6, 8],
    );
    assert.deepEqual(
      r.series.filter((p) => p.total !== null).map((p) => p.byTransport.udp),
      [3, 5],
    );
  });

  it("leaves per-server series out unless asked, and refuses a bad perServer", async () => {
    const r = await call<AllocationsResponse>(getAllocations, "allocations", d.tokens.a, `range=1h&server=${d.s1}`);
    assert.deepEqual(r.seriesByServer, []);
    assert.equal(r.series.filter((p) => p.total !== null).length, 2);
    const bad = await getAllocations(
      new Request("http://127.0.0.1/api/v1/allocations?perServer=yes", { headers: { authorization: `Bearer ${d.tokens.a}` } }),
    );
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error.message, /^perServer: /);
    const anonymous = await getAllocations(new Request("http://127.0.0.1/api/v1/allocations"));
    assert.equal(anonymous.status, 401);
  });

  it("never shows another tenant's servers", async () => {
    const r = await call<AllocationsResponse>(getAllocations, "allocations", d.tokens.b, "range=1h");
    const names = r.servers.map((s) => s.server);
    assert.ok(!names.includes(d.s1));
    assert.ok(names.includes(d.s2) && names.includes(d.s3));
    assert.equal(r.servers.find((s) => s.server === d.s3)?.total, null);
  });
});

describe("GET /api/v1/freshness", () => {
  it("says per source what is fresh, what never delivered and how to add it", async () => {
    const r = await call<FreshnessResponse>(getFreshnessRoute, "freshness", d.tokens.a);
    const coturn = Object.fromEntries(r.coturn.items.map((i) => [i.server, i]));
    assert.deepEqual(Object.keys(coturn).sort(), [d.s1, d.s2].sort());
    assert.equal(coturn[d.s1].status, "fresh");
    // The end of the newest minute with relay activity (here the auth failure 30 minutes ago).
    assert.equal(coturn[d.s1].lastEventAt, new Date(Math.floor((NOW - 30 * MIN) / MIN) * MIN + MIN).toISOString());
    // s2 is shared through a realm rule: judged by a's own usage on it (none), never by its owner's agent.
    assert.equal(coturn[d.s2].status, "never");
    assert.equal(coturn[d.s2].lastDeliveryAt, null);
    assert.match(coturn[d.s2].message ?? "", /^shared server: its coturn agent belongs to its owner/);
    assert.equal(r.coturn.status, "fresh");

    const metricsOf = (name: string) => r.metrics.items.filter((i) => i.server === name);
    assert.equal(metricsOf(d.s1)[0].status, "fresh");
    // s2 is shared with a through a realm rule: its metrics targets are its owner's, not listed.
    assert.equal(metricsOf(d.s2).length, 0);

    const apps = Object.fromEntries(r.getstats.items.map((i) => [i.appId, i]));
    assert.equal(apps[d.appA.id].status, "fresh");
    assert.equal(apps[d.quietApp.id].status, "never");
    assert.match(apps[d.quietApp.id].message ?? "", /sdk\.js/);

    const relay = r.rollups.items.find((i) => i.name === "relay");
    assert.equal(relay?.status, "fresh");
  });

  it("names a failing metrics target's reason, and honours the server and app filters", async () => {
    const r = await call<FreshnessResponse>(getFreshnessRoute, "freshness", d.tokens.b, `server=${d.s3}&app=${d.appA.id}`);
    assert.deepEqual(
      r.coturn.items.map((i) => i.server),
      [d.s3],
    );
    const [m] = r.metrics.items;
    assert.deepEqual([m.status, m.failing, m.reason], ["never", true, "timeout"]);
    assert.match(m.message ?? "", /never been read successfully: timeout: no answer in 5 s/);
    // Tenant b cannot see tenant a's app, even by id: the SDK source is explained as empty.
    assert.deepEqual(r.getstats.items, []);
    assert.equal(r.getstats.status, "never");
    assert.match(r.getstats.message ?? "", /relayscope app add/);
  });
});

describe("GET /api/v1/filters", () => {
  it("offers only what the caller may see", async () => {
    const a = await call<FilterOptionsResponse>(getFilters, "filters", d.tokens.a);
    assert.deepEqual(a.servers, [d.s1, d.s2].sort());
    assert.deepEqual(
      a.tenants.map((t) => t.slug),
      [d.a.slug],
    );
    assert.deepEqual(a.apps.map((x) => x.id).sort(), [d.appA.id, d.quietApp.id].sort());
    assert.ok(a.apps.every((x) => x.tenant === d.a.slug));
    assert.deepEqual(a.realms, [d.realm, d.ruleRealm].sort());
    assert.equal(a.regions.length, 2);

    const b = await call<FilterOptionsResponse>(getFilters, "filters", d.tokens.b);
    assert.deepEqual(b.servers, [d.s2, d.s3].sort());
    assert.deepEqual(b.apps, []);
    assert.deepEqual(b.realms, [], "the rule's realm belongs to tenant a; tenant b has no sessions");

    const admin = await call<FilterOptionsResponse>(getFilters, "filters", d.tokens.admin);
    for (const n of [d.s1, d.s2, d.s3]) assert.ok(admin.servers.includes(n));
    assert.ok(admin.tenants.some((t) => t.slug === d.b.slug));
  });
});
