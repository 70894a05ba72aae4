// The sessions explorer and the calls pages' read API against the real database, seeded through the
// real coturn and getStats ingest: list filters, sorts and keyset pages return the right rows;
// another tenant's session or call is "not found"; a session's totals are the sum of its deltas; a
// call lists the relay session that carried it and says why the others were not joined.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

process.env.RELAYSCOPE_AUTH_SECRET ??= "integration-test-auth-secret-0123456789abcdef";

import { GET as getCallRoute } from "../../app/api/v1/calls/[id]/route";
import { GET as listCallsRoute } from "../../app/api/v1/calls/route";
import { GET as getSessionRoute } from "../../app/api/v1/sessions/[id]/route";
import { GET as listSessionsRoute } from "../../app/api/v1/sessions/route";
import { createUser } from "../../lib/auth/users";
import { prisma } from "../../lib/db/prisma";
import { ingestCoturnBatch } from "../../lib/ingest/coturn";
import { ingestGetstatsBody } from "../../lib/ingest/getstats/ingest";
import { forgetTurnServers } from "../../lib/join/join-connections";
import { createKey } from "../../lib/keys/store";
import { decodeCallKey, encodeCallKey } from "../../lib/queries/calls/call-key";
import { getCall } from "../../lib/queries/calls/get-call";
import { type CallListParams, listCalls, parseCallListParams } from "../../lib/queries/calls/list-calls";
import type { QueryScope } from "../../lib/queries/query-scope";
import { getSession } from "../../lib/queries/sessions/get-session";
import { listSessions, parseSessionListParams, type SessionListParams } from "../../lib/queries/sessions/list-sessions";
import { batch, ev } from "../support/coturn-batch";
import { uid } from "../support/db";
import { body, type SeededApp, seedApp, statsItem } from "../support/getstats";
import { type SeededServer, seedServer, setUpInProcessIngest } from "../support/ingest";

setUpInProcessIngest();

const NOW = Date.now();
const MIN = 60_000;
const RUN = NOW - 3 * 3_600_000;
const ANY = { serverId: null };

type Usage = [leg: "client" | "peer", rb: number, sb: number];
type SessionSpec = {
  sid: string;
  user: string;
  realm: string;
  transport: "udp" | "tcp" | "tls" | "dtls";
  start: number;
  end?: number;
  reason?: string;
  relayPort: number;
  cipher?: string;
  usage: Usage[];
};

let pos = 0;
const at = () => (pos += 100);

function sessionEvents(s: SessionSpec) {
  const events: unknown[] = [
    ev.session({
      pos: at(),
      ts: s.start,
      run: RUN,
      sid: s.sid,
      realm: s.realm,
      username: `1895336472:${s.user}`,
      allocated: true,
      lifetime: 600,
      relay: `198.51.100.7:${s.relayPort}`,
      transport: s.transport,
      client: "81.2.69.160:5000",
      ...(s.cipher ? { cipher: s.cipher, method: "TLSv1.3" } : {}),
    }),
    ...s.usage.map(([leg, rb, sb], i) =>
      ev.usage({ pos: at(), ts: s.start + (i + 1) * 1000, run: RUN, sid: s.sid, leg, rp: 10, rb, sp: 20, sb }),
    ),
  ];
  if (s.end) events.push(ev.session({ pos: at(), ts: s.end, run: RUN, sid: s.sid, ended: s.reason ?? "closed", transport: s.transport }));
  return events;
}

const sum = (u: Usage[]) => u.reduce((acc, [, rb, sb]) => acc + rb + sb, 0);

const S1: SessionSpec = {
  sid: "001000000000000101",
  user: "alice",
  realm: "r1.example",
  transport: "udp",
  start: NOW - 60 * MIN,
  end: NOW - 50 * MIN,
  reason: "allocation timeout",
  relayPort: 50_001,
  usage: [
    ["client", 1000, 2000],
    ["peer", 1100, 2100],
    ["client", 1200, 2200],
    ["peer", 1300, 2300],
  ],
};
const S2: SessionSpec = {
  sid: "001000000000000102",
  user: "alina",
  realm: "r1.example",
  transport: "tcp",
  start: NOW - 40 * MIN,
  relayPort: 50_002,
  usage: [
    ["client", 1_000_000, 2_000_000],
    ["peer", 1_500_000, 900_000],
  ],
};
const S3: SessionSpec = {
  sid: "001000000000000103",
  user: "bob",
  realm: "r2.example",
  transport: "tls",
  cipher: "TLS_AES_256_GCM_SHA384",
  start: NOW - 30 * MIN,
  end: NOW - 29 * MIN,
  reason: "closed",
  relayPort: 50_003,
  usage: [
    ["client", 10, 20],
    ["peer", 30, 40],
  ],
};
// Carries the call's relayed connection (starts a few minutes before it, on its relay port).
const S4: SessionSpec = {
  sid: "001000000000000104",
  user: "carol",
  realm: "r2.example",
  transport: "udp",
  start: NOW - 3 * MIN,
  relayPort: 50_004,
  usage: [["client", 5000, 6000]],
};
// Long over: neither in the range nor in its lookback.
const OLD: SessionSpec = {
  sid: "001000000000000105",
  user: "alice",
  realm: "r1.example",
  transport: "udp",
  start: NOW - 3 * 86_400_000,
  end: NOW - 3 * 86_400_000 + 10 * MIN,
  relayPort: 50_005,
  usage: [["client", 1, 1]],
};

const ids: Record<string, string> = {};
let server: SeededServer;
let other: SeededServer;
let tenantA: string;
let tenantB: string;
let app: SeededApp;
let appB: SeededApp;
const turnUrl = `turn:turn-${uid()}.example:3478?transport=udp`;
const callId = `room/${uid()}?q=50%#x`;
const directCallId = `direct-${uid()}`;
let tokenA: string;

const scope = (tenantIds: string[] | null): QueryScope => ({
  tenantIds,
  serverIds: null,
  appIds: null,
  realms: null,
  from: new Date(NOW - 24 * 3_600_000),
  to: new Date(NOW + MIN),
});

function sessionParams(q: Record<string, string> = {}): SessionListParams {
  const parsed = parseSessionListParams(new URLSearchParams(q));
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.params;
}

function callParams(q: Record<string, string> = {}): CallListParams {
  const parsed = parseCallListParams(new URLSearchParams(q));
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.params;
}

const users = async (q: Record<string, string> = {}, s = scope([tenantA])) =>
  (await listSessions(s, sessionParams(q))).rows.map((r) => r.user);

async function idFor(serverId: string, sid: string): Promise<string> {
  const row = await prisma().relaySession.findFirstOrThrow({ where: { serverId, coturnSessionId: BigInt(sid) }, select: { id: true } });
  return row.id;
}

const request = (path: string, token?: string) =>
  new Request(`http://127.0.0.1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const get = (handler: (req: Request) => Promise<Response>, path: string, token?: string) => handler(request(path, token));
/** A dynamic route as Next calls it: the `[id]` segment as a params promise. */
const getById = (
  handler: (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>,
  base: string,
  id: string,
  token?: string,
) => handler(request(`${base}/${id}`, token), { params: Promise.resolve({ id }) });

before(async () => {
  server = await seedServer();
  other = await seedServer();
  tenantA = server.defaultTenantId;
  tenantB = other.defaultTenantId;
  await prisma().turnServer.update({ where: { id: server.id }, data: { urls: [turnUrl] } });
  forgetTurnServers();

  const out = await ingestCoturnBatch(
    ANY,
    batch(server.name, [
      ev.run({ pos: at(), ts: RUN, version: "Coturn-4.6.1 'Gorst'" }),
      ...sessionEvents(S1),
      ev.peer({ pos: at(), ts: S1.start + 500, run: RUN, sid: S1.sid, peer: "81.2.69.200:40000", grant: "permission", lifetime: 300 }),
      ev.peer({ pos: at(), ts: S1.start + 600, run: RUN, sid: S1.sid, peer: "10.0.0.5:3000", grant: "channel", lifetime: 600 }),
      ev.peer({ pos: at(), ts: S1.start + 700, run: RUN, sid: S1.sid, peer: "169.254.169.254", grant: "permission", lifetime: 300 }),
      ev.event({
        pos: at(),
        ts: S1.start + 5000,
        run: RUN,
        sid: S1.sid,
        kind: "quota",
        code: 486,
        method: "ALLOCATE",
        message: "Allocation Quota Reached",
      }),
      ...sessionEvents(S2),
      ...sessionEvents(S3),
      ...sessionEvents(S4),
      ...sessionEvents(OLD),
    ]),
    NOW,
  );
  assert.deepEqual(out.quarantined, []);
  const outB = await ingestCoturnBatch(
    ANY,
    batch(other.name, [ev.run({ pos: 1, ts: RUN }), ...sessionEvents({ ...S1, sid: "002000000000000101", user: "eve" })]),
    NOW,
  );
  assert.deepEqual(outB.quarantined, []);
  for (const [name, s] of Object.entries({ S1, S2, S3, S4, OLD })) ids[name] = await idFor(server.id, s.sid);
  ids.B = await idFor(other.id, "002000000000000101");

  // One call of three participants: relayed through S4 (joined), direct, and through a server we do not collect from.
  app = await seedApp({ tenantId: tenantA });
  appB = await seedApp({ tenantId: tenantB });
  const relayed = await ingestGetstatsBody(
    { appId: app.id, tenantId: tenantA },
    body([statsItem(0, { turnUrl, relayPort: S4.relayPort, rttMs: 40 }), statsItem(1, { turnUrl, relayPort: S4.relayPort, rttMs: 80 })], {
      callId,
      participantId: "alice",
      connectionId: "pc-1",
    }),
  );
  assert.ok(relayed.ok && relayed.joined, JSON.stringify(relayed));
  const direct = { pathKind: "direct", localCandidateType: "host", remoteCandidateType: "srflx", relayProtocol: undefined };
  const directOut = await ingestGetstatsBody(
    { appId: app.id, tenantId: tenantA },
    body([statsItem(0, { ...direct, turnUrl: undefined, relayPort: undefined, rttMs: 5 })], {
      callId,
      participantId: "bob",
      connectionId: "pc-2",
      forcedRelay: false,
    }),
  );
  assert.ok(directOut.ok);
  const foreign = await ingestGetstatsBody(
    { appId: app.id, tenantId: tenantA },
    body(
      [
        statsItem(0, { turnUrl: "turn:turn.elsewhere.example:3478?transport=udp", relayPort: 61_000, rttMs: 300 }),
        { sequence: 1, type: "state", at: NOW - 30_000, state: "failed" },
      ],
      { callId, participantId: "carol", connectionId: "pc-3" },
    ),
  );
  assert.ok(foreign.ok && !foreign.joined);
  // A second call of tenant A, direct only, with more traffic; and tenant B's call.
  const second = await ingestGetstatsBody(
    { appId: app.id, tenantId: tenantA },
    body(
      [
        statsItem(0, {
          ...direct,
          turnUrl: undefined,
          relayPort: undefined,
          delta: { bytesSent: 9e6, bytesReceived: 1, packetsSent: 1, packetsReceived: 1 },
        }),
      ],
      {
        callId: directCallId,
        participantId: "dan",
        connectionId: "pc-9",
        forcedRelay: false,
      },
    ),
  );
  assert.ok(second.ok);
  const otherCall = await ingestGetstatsBody({ appId: appB.id, tenantId: tenantB }, body([statsItem(0)], { callId }));
  assert.ok(otherCall.ok);

  const viewer = await createUser(
    { email: `v-${uid()}@t.test`, role: "viewer", tenantIds: [tenantA], password: "a long enough password" },
    { actorType: "system", actorId: "test" },
  );
  tokenA = (await createKey({ kind: "api", name: `t-${uid()}`, userId: viewer.id, role: "viewer" })).key;
});

describe("sessions list", () => {
  it("lists the tenant's sessions active in the range, newest first, never another tenant's or long-gone ones", async () => {
    const page = await listSessions(scope([tenantA]), sessionParams());
    assert.deepEqual(
      page.rows.map((r) => r.id),
      [ids.S4, ids.S3, ids.S2, ids.S1],
    );
    assert.deepEqual(page.total, { count: 4, capped: false });
    assert.equal(page.hasMore, false);
    assert.equal(page.nextCursor, null);
    const s1 = page.rows[3];
    assert.equal(s1.server, server.name);
    assert.equal(s1.realm, "r1.example");
    assert.equal(s1.transport, "udp");
    assert.equal(s1.clientPrefix, "81.2.69.0/24");
    assert.equal(s1.relayAddress, "198.51.100.7:50001");
    assert.equal(s1.closeReason, "allocation timeout");
    assert.equal(s1.bytes.total, sum(S1.usage));
    assert.equal(s1.durationSeconds, 600);
    assert.equal(page.rows[0].connections, 1, "S4 carries the call's relayed connection");
    // An admin (every tenant) sees tenant B's session too, read through the same index.
    const all = await listSessions({ ...scope(null), serverIds: [server.id, other.id] }, sessionParams({ limit: "200" }));
    assert.ok(all.rows.some((r) => r.id === ids.B));
    assert.ok(!all.rows.some((r) => r.id === ids.OLD));
  });

  it("filters by user (exact or prefix), realm, transport, close reason, bytes, duration and open", async () => {
    assert.deepEqual(await users({ user: "alice" }), ["alice"]);
    assert.deepEqual(await users({ user: "ali*" }), ["alina", "alice"]);
    assert.deepEqual(await users({ user: "a%*" }), [], "a LIKE wildcard in the prefix is a literal");
    assert.deepEqual(await users({ transport: "tcp,tls" }), ["bob", "alina"]);
    assert.deepEqual(await users({ closeReason: "allocation timeout" }), ["alice"]);
    assert.deepEqual(await users({ minBytes: "1000000" }), ["alina"]);
    assert.deepEqual(await users({ maxBytes: String(sum(S3.usage)) }), ["bob"]);
    assert.deepEqual(await users({ minDuration: "300", open: "false" }), ["alice"]);
    assert.deepEqual(await users({ maxDuration: "60", open: "false" }), ["bob"]);
    assert.deepEqual(await users({ open: "true" }), ["carol", "alina"]);
    assert.deepEqual(await users({}, { ...scope([tenantA]), realms: ["r2.example"] }), ["carol", "bob"]);
    assert.deepEqual(await users({}, { ...scope([tenantA]), serverIds: [other.id] }), []);
    assert.deepEqual(await users({}, { ...scope([tenantA]), from: new Date(NOW - 35 * MIN) }), ["carol", "bob", "alina"]);
  });

  it("sorts by each key and pages by cursor through exactly the same order", async () => {
    assert.deepEqual(await users({ sort: "bytes" }), ["bob", "carol", "alice", "alina"]);
    assert.deepEqual(await users({ sort: "-bytes" }), ["alina", "alice", "carol", "bob"]);
    assert.deepEqual(await users({ sort: "user" }), ["alice", "alina", "bob", "carol"]);
    assert.deepEqual(await users({ sort: "started" }), ["alice", "alina", "bob", "carol"]);
    assert.deepEqual((await users({ sort: "-ended" })).slice(2), ["bob", "alice"], "open sessions end last");
    for (const sort of ["-started", "ended", "-bytes", "duration", "-user"]) {
      const whole = await users({ sort });
      const paged: Array<string | null> = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const q: Record<string, string> = { sort, limit: "1" };
        if (cursor) q.cursor = cursor;
        const page = await listSessions(scope([tenantA]), sessionParams(q));
        paged.push(...page.rows.map((r) => r.user));
        assert.equal(page.total === null, cursor !== null, "the total is counted on the first page only");
        cursor = page.nextCursor;
        if (!page.hasMore) break;
      }
      assert.deepEqual(paged, whole, sort);
    }
  });

  it("refuses bad parameters with a 400 that names them", async () => {
    const cursor = (await listSessions(scope([tenantA]), sessionParams({ limit: "1" }))).nextCursor!;
    const cases: Array<[Record<string, string>, string]> = [
      [{ sort: "size" }, "sort"],
      [{ limit: "0" }, "limit"],
      [{ limit: "201" }, "limit"],
      [{ transport: "quic" }, "transport"],
      [{ minBytes: "-1" }, "minBytes"],
      [{ minBytes: "10", maxBytes: "5" }, "maxBytes"],
      [{ maxDuration: "abc" }, "maxDuration"],
      [{ open: "maybe" }, "open"],
      [{ user: "*" }, "user"],
      [{ cursor: "not a cursor" }, "cursor"],
      [{ cursor, sort: "bytes" }, "cursor"],
    ];
    for (const [q, param] of cases) {
      const parsed = parseSessionListParams(new URLSearchParams(q));
      assert.ok(!parsed.ok && parsed.param === param, `${JSON.stringify(q)} → ${JSON.stringify(parsed)}`);
      const res = await get(listSessionsRoute, `/api/v1/sessions?${new URLSearchParams(q)}`, tokenA);
      assert.equal(res.status, 400);
      assert.match((await res.json()).error.message, new RegExp(`^${param}:`));
    }
  });
});

describe("session page", () => {
  it("totals are the sum of the session's deltas; the timeline, peers and facts are its own", async () => {
    const d = await getSession([tenantA], ids.S1);
    assert.ok(d);
    const s = d.session;
    assert.equal(s.user, "alice");
    assert.equal(s.server, server.name);
    assert.equal(s.transport, "udp");
    assert.equal(s.durationSeconds, 600);
    assert.equal(s.closeReason, "allocation timeout");
    assert.deepEqual(d.usage.totals.client, s.bytes.client);
    assert.deepEqual(d.usage.totals.peer, s.bytes.peer);
    assert.equal(d.usage.totals.deltas, S1.usage.length);
    assert.equal(s.bytes.total, sum(S1.usage));
    const pointSum = d.usage.points.reduce((acc, p) => acc + p.clientRx + p.clientTx + p.peerRx + p.peerTx, 0);
    assert.equal(pointSum, s.bytes.total);
    assert.equal(s.bytes.client.rx, 1000 + 1200);
    assert.equal(s.bytes.peer.tx, 2100 + 2300);

    assert.deepEqual(
      d.timeline.map((e) => [e.kind, e.synthetic]),
      [
        ["start", true],
        ["allocate", true],
        ["quota", false],
        ["end", true],
      ],
    );
    assert.match(d.timeline[2].title, /Quota reached \(486\)/);
    assert.equal(d.timeline[3].detail, "allocation timeout");

    assert.deepEqual(
      d.peers.map((p) => [p.peerClass, p.nonPublic]),
      [
        ["private", true],
        ["metadata", true],
        ["public", false],
      ],
    );
    assert.equal(d.peers.find((p) => p.peerClass === "metadata")?.peerAddress, "169.254.169.254");
    assert.deepEqual(d.connections, []);
  });

  it("shows the browser connection joined to the session, linked to its call", async () => {
    const d = await getSession([tenantA], ids.S4);
    assert.equal(d?.connections.length, 1);
    const c = d!.connections[0];
    assert.equal(c.callId, callId);
    assert.equal(c.participantId, "alice");
    assert.equal(c.pathKind, "turn-udp");
    assert.deepEqual(decodeCallKey(c.callKey), { appId: app.id, callId });
  });

  it("another tenant's session, an unknown id and a malformed id are not found", async () => {
    assert.equal(await getSession([tenantA], ids.B), null);
    assert.equal(await getSession([tenantB], ids.S1), null);
    assert.equal(await getSession([], ids.S1), null);
    assert.equal(await getSession([tenantA], "00000000-0000-4000-8000-000000000000"), null);
    assert.equal(await getSession([tenantA], "not-a-uuid"), null);
    assert.ok(await getSession(null, ids.B), "an admin sees every tenant");
  });

  it("answers over HTTP with a read-API token: the tenant's own session, 404 for another's, 401 without a token", async () => {
    const ok = await getById(getSessionRoute, "/api/v1/sessions", ids.S1, tokenA);
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).session.id, ids.S1);
    const theirs = await getById(getSessionRoute, "/api/v1/sessions", ids.B, tokenA);
    assert.equal(theirs.status, 404);
    assert.equal((await theirs.json()).error.code, "not_found");
    assert.equal((await getById(getSessionRoute, "/api/v1/sessions", ids.S1)).status, 401);
    const list = await get(listSessionsRoute, "/api/v1/sessions?range=24h&user=ali*", tokenA);
    assert.equal(list.status, 200);
    assert.deepEqual(
      (await list.json()).rows.map((r: { user: string }) => r.user),
      ["alina", "alice"],
    );
  });
});

describe("calls", () => {
  it("lists the tenant's calls with their participants, relaying, worst RTT, failures and bytes", async () => {
    const page = await listCalls(scope([tenantA]), callParams());
    assert.deepEqual(
      page.rows.map((r) => r.callId),
      [directCallId, callId],
    );
    const call = page.rows[1];
    assert.equal(call.id, encodeCallKey({ appId: app.id, callId }));
    assert.equal(call.participants, 3);
    assert.equal(call.connections, 3);
    assert.equal(call.relayedConnections, 2);
    assert.equal(call.joinedConnections, 1);
    assert.equal(call.forcedRelay, true);
    assert.deepEqual(call.pathKinds, ["direct", "turn-udp"]);
    assert.equal(call.worstRttMs, 300);
    assert.equal(call.failedConnections, 1);
    assert.equal(call.state, "some-failed");
    assert.deepEqual(page.total, { count: 2, capped: false });
    assert.deepEqual(
      (await listCalls(scope([tenantB]), callParams())).rows.map((r) => r.appId),
      [appB.id],
    );
  });

  it("filters by relayed and path kind, sorts and pages", async () => {
    const ids_ = async (q: Record<string, string>) => (await listCalls(scope([tenantA]), callParams(q))).rows.map((r) => r.callId);
    assert.deepEqual(await ids_({ relayed: "true" }), [callId]);
    assert.deepEqual(await ids_({ relayed: "false" }), [directCallId]);
    assert.deepEqual(await ids_({ pathKind: "turn-udp" }), [callId]);
    assert.deepEqual(await ids_({ pathKind: "direct" }), [directCallId, callId]);
    assert.deepEqual(await ids_({ sort: "-bytes" }), [directCallId, callId]);
    assert.deepEqual(await ids_({ sort: "-participants" }), [callId, directCallId]);
    assert.deepEqual(await ids_({ sort: "rtt" }), [directCallId, callId]);
    const first = await listCalls(scope([tenantA]), callParams({ sort: "-rtt", limit: "1" }));
    assert.equal(first.hasMore, true);
    const second = await listCalls(scope([tenantA]), callParams({ sort: "-rtt", limit: "1", cursor: first.nextCursor! }));
    assert.deepEqual(
      [...first.rows, ...second.rows].map((r) => r.callId),
      [callId, directCallId],
    );
    assert.equal(second.hasMore, false);
    const scoped = await listCalls({ ...scope([tenantA]), serverIds: [server.id] }, callParams());
    assert.deepEqual(
      scoped.rows.map((r) => r.callId),
      [callId],
      "server filter: calls relayed through it",
    );
    for (const [q, param] of [
      [{ pathKind: "relay" }, "pathKind"],
      [{ relayed: "yes" }, "relayed"],
      [{ sort: "-users" }, "sort"],
    ] as const) {
      const parsed = parseCallListParams(new URLSearchParams(q));
      assert.ok(!parsed.ok && parsed.param === param, JSON.stringify(parsed));
    }
  });

  it("the call page lists each participant's connection, the relay session that carried it, and why others did not join", async () => {
    const d = await getCall([tenantA], { appId: app.id, callId });
    assert.ok(d);
    assert.deepEqual(
      d.participants.map((p) => p.participantId),
      ["alice", "bob", "carol"],
    );
    const [alice, bob, carol] = d.participants.map((p) => p.connections[0]);
    assert.equal(alice.join.state, "joined");
    assert.equal(alice.relaySession?.id, ids.S4);
    assert.equal(alice.relaySession?.server, server.name);
    assert.equal(alice.relaySession?.relayPort, S4.relayPort);
    assert.equal(alice.relaySession?.bytes, sum(S4.usage));
    assert.equal(alice.turnServer, server.name);
    assert.equal(alice.rttMsMax, 80);
    assert.equal(alice.rttMsAvg, 60, "the mean of its samples (40, 80)");
    assert.equal(alice.rttMs, 80, "the latest sample");
    assert.equal(bob.join.state, "direct");
    assert.equal(bob.relaySession, null);
    assert.equal(carol.join.state, "unknown-server");
    assert.match(carol.join.explanation, /turn\.elsewhere\.example/);
    assert.equal(carol.state, "failed");
    // The same figures as its row in the list.
    const row = (await listCalls(scope([tenantA]), callParams())).rows.find((r) => r.callId === callId);
    assert.deepEqual(d.call, row);
  });

  it("another tenant's call is not found, over HTTP too; ids round-trip through the URL", async () => {
    assert.equal(await getCall([tenantB], { appId: app.id, callId }), null);
    assert.equal(await getCall([tenantA], { appId: appB.id, callId }), null);
    const key = encodeCallKey({ appId: app.id, callId });
    assert.match(key, /^[0-9a-f-]{36}\.[A-Za-z0-9_-]+$/);
    const ok = await getById(getCallRoute, "/api/v1/calls", key, tokenA);
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).call.callId, callId);
    const theirs = await getById(getCallRoute, "/api/v1/calls", encodeCallKey({ appId: appB.id, callId }), tokenA);
    assert.equal(theirs.status, 404);
    assert.equal((await getById(getCallRoute, "/api/v1/calls", "00000000-0000-4000-8000-000000000000", tokenA)).status, 404);
    const list = await get(listCallsRoute, "/api/v1/calls?range=24h&relayed=true", tokenA);
    assert.equal(list.status, 200);
    assert.deepEqual(
      (await list.json()).rows.map((r: { callId: string }) => r.callId),
      [callId],
    );
    assert.equal((await get(listCallsRoute, "/api/v1/calls?limit=500", tokenA)).status, 400);
  });
});
