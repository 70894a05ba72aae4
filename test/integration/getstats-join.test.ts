// The join (DESIGN.md): a relayed connection finds the coturn session that carried it by server
// (from its TURN url), relay port and time, confirmed by the username when the app passed one; late
// coturn data is picked up by the join-retry pass; tenants never join across.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, describe, it } from "node:test";
import { prisma } from "../../lib/db/prisma";
import { runQuery } from "../../lib/db/run-query";
import { ingestGetstatsBody } from "../../lib/ingest/getstats/ingest";
import { forgetTurnServers, joinPending } from "../../lib/join/join-connections";
import { uid } from "../support/db";
import { body, NOW, type SeededApp, seedApp, statsItem } from "../support/getstats";
import { seedTenant, setUpInProcessIngest } from "../support/ingest";

setUpInProcessIngest();

type Server = { id: string; url: string };

async function seedServer(tenantId: string): Promise<Server> {
  const url = `turn:turn-${uid()}.example:3478?transport=udp`;
  const s = await prisma().turnServer.create({ data: { name: `turn-${uid()}`, defaultTenantId: tenantId, urls: [url] } });
  forgetTurnServers();
  return { id: s.id, url };
}

let nextPort = 41_000;
const port = () => nextPort++;

async function seedSession(
  server: Server,
  tenantId: string,
  relayPort: number,
  o: { startedAt?: number; endedAt?: number | null; username?: string; relayIp?: string } = {},
): Promise<string> {
  const id = randomUUID();
  const started = new Date(o.startedAt ?? NOW - 120_000);
  await runQuery(
    `INSERT INTO relay_session (id, tenant_id, server_id, run_started_at, coturn_session_id, username, stable_user,
       relay_port, started_at, last_seen_at, ended_at, relay_ip)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $8, $9, $10::inet)`,
    [
      id,
      tenantId,
      server.id,
      new Date(NOW - 3_600_000),
      Math.floor(Math.random() * 1e12),
      o.username ?? "alice",
      relayPort,
      started,
      o.endedAt === null ? null : new Date(o.endedAt ?? NOW + 60_000),
      o.relayIp ?? null,
    ],
  );
  return id;
}

async function ingest(app: SeededApp, turnUrl: string, relayPort: number, over: Record<string, unknown> = {}) {
  const out = await ingestGetstatsBody({ appId: app.id, tenantId: app.tenantId }, body([statsItem(0, { turnUrl, relayPort })], over));
  assert.ok(out.ok);
  return out;
}

const joinedTo = async (connection: string) =>
  (
    await runQuery<{ relay_session_id: string | null; turn_server_id: string | null; join_attempts: number }>(
      "SELECT relay_session_id, turn_server_id, join_attempts FROM client_connection WHERE id = $1",
      [connection],
    )
  )[0];

describe("the join", () => {
  let tenantId: string;
  let app: SeededApp;
  let server: Server;
  before(async () => {
    tenantId = await seedTenant("join");
    app = await seedApp({ tenantId });
    server = await seedServer(tenantId);
  });

  it("joins at ingest by server, relay port and time; the TURN server is resolved from the url", async () => {
    const p = port();
    const session = await seedSession(server, tenantId, p);
    const out = await ingest(app, server.url.replace("?transport=udp", "?transport=tcp"), p);
    assert.equal(out.joined, true);
    const row = await joinedTo(out.connection);
    assert.equal(row.relay_session_id, session);
    assert.equal(row.turn_server_id, server.id);
  });

  it("with a username it must be the session's; without one port and time decide", async () => {
    const p = port();
    await seedSession(server, tenantId, p, { username: "bob" });
    const wrong = await ingest(app, server.url, p, { turnUsername: "carol" });
    assert.equal(wrong.joined, false);
    const right = await ingest(app, server.url, p, { turnUsername: "bob" });
    assert.equal(right.joined, true);
  });

  it("of two sessions on one port, the one that overlaps the connection and started nearest wins", async () => {
    const p = port();
    await seedSession(server, tenantId, p, { startedAt: NOW - 3_600_000, endedAt: NOW - 3_000_000 });
    const current = await seedSession(server, tenantId, p, { startedAt: NOW - 30_000, endedAt: null });
    const out = await ingest(app, server.url, p);
    assert.equal((await joinedTo(out.connection)).relay_session_id, current);
  });

  it("of sessions that fit, the one on the relay address the browser saw wins; a different address only ranks lower", async () => {
    const p = port();
    await seedSession(server, tenantId, p, { startedAt: NOW - 61_000, relayIp: "198.51.100.1" });
    const same = await seedSession(server, tenantId, p, { startedAt: NOW - 240_000, relayIp: "198.51.100.2" });
    const out = await ingestGetstatsBody(
      { appId: app.id, tenantId },
      body([statsItem(0, { turnUrl: server.url, relayPort: p, relayAddress: "198.51.100.2" })]),
    );
    assert.ok(out.ok);
    assert.equal((await joinedTo(out.connection)).relay_session_id, same);
    // Behind NAT coturn logs its private relay address: no session matches, port and time still join.
    const q = port();
    const natted = await seedSession(server, tenantId, q, { relayIp: "10.0.0.5" });
    const viaNat = await ingestGetstatsBody(
      { appId: app.id, tenantId },
      body([statsItem(0, { turnUrl: server.url, relayPort: q, relayAddress: "203.0.113.9" })]),
    );
    assert.ok(viaNat.ok);
    assert.equal((await joinedTo(viaNat.connection)).relay_session_id, natted);
  });

  it("a stale session still open on the port is not this call's: the real one joins when it arrives", async () => {
    const p = port();
    await seedSession(server, tenantId, p, { startedAt: NOW - 30 * 60_000, endedAt: null });
    const out = await ingest(app, server.url, p);
    assert.equal(out.joined, false);
    const real = await seedSession(server, tenantId, p, { startedAt: NOW - 65_000, endedAt: null });
    await joinPending();
    assert.equal((await joinedTo(out.connection)).relay_session_id, real);
  });

  it("one session carries one connection, and a joined connection says so on every later body", async () => {
    const p = port();
    const session = await seedSession(server, tenantId, p);
    const first = await ingest(app, server.url, p, { callId: "one-session", connectionId: "pc-a" });
    assert.equal(first.joined, true);
    const second = await ingest(app, server.url, p);
    assert.equal(second.joined, false);
    assert.equal((await joinedTo(second.connection)).relay_session_id, null);
    const again = await ingestGetstatsBody(
      { appId: app.id, tenantId },
      body([statsItem(1, { turnUrl: server.url, relayPort: p })], { callId: "one-session", connectionId: "pc-a" }),
    );
    assert.ok(again.ok);
    assert.equal(again.joined, true);
    assert.equal((await joinedTo(first.connection)).relay_session_id, session);
  });

  it("a session that arrives late is joined by the retry pass; its attempts are counted", async () => {
    const p = port();
    const out = await ingest(app, server.url, p);
    assert.equal(out.joined, false);
    assert.equal((await joinedTo(out.connection)).join_attempts, 1);
    assert.equal((await joinedTo(out.connection)).turn_server_id, server.id, "the server is known before the session");
    const session = await seedSession(server, tenantId, p);
    const pass = await joinPending();
    assert.ok(pass.joined >= 1);
    const row = await joinedTo(out.connection);
    assert.equal(row.relay_session_id, session);
    assert.equal(row.join_attempts, 2);
  });

  it("the retry pass gives up on connections silent for 15 minutes", async () => {
    const p = port();
    const out = await ingest(app, server.url, p);
    await runQuery("UPDATE client_connection SET last_received_at = now() - interval '16 minutes' WHERE id = $1", [out.connection]);
    await seedSession(server, tenantId, p);
    await joinPending();
    assert.equal((await joinedTo(out.connection)).relay_session_id, null);
  });

  it("never joins across tenants, and not through servers we do not collect from", async () => {
    const p = port();
    const otherTenant = await seedTenant("other");
    const otherServer = await seedServer(otherTenant);
    await seedSession(otherServer, otherTenant, p);
    const out = await ingest(app, otherServer.url, p);
    assert.equal(out.joined, false);
    const unknown = await ingest(app, "turn:unknown.example:3478", port());
    assert.equal(unknown.joined, false);
    assert.equal((await joinedTo(unknown.connection)).turn_server_id, null);
  });

  it("direct connections are not joined", async () => {
    const out = await ingestGetstatsBody(
      { appId: app.id, tenantId },
      body([
        statsItem(0, {
          pathKind: "direct",
          localCandidateType: "host",
          remoteCandidateType: "host",
          relayProtocol: undefined,
          turnUrl: undefined,
          relayPort: undefined,
        }),
      ]),
    );
    assert.ok(out.ok);
    assert.equal(out.joined, false);
    assert.equal((await joinedTo(out.connection)).join_attempts, 0);
  });
});
