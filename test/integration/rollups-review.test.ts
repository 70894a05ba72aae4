// What a review of the rollups and the read API found, each kept fixed by a test: a session's
// early bytes move with it to its realm's tenant; a call counts once even when an earlier connection
// arrives after the job ran; a join that names a connection's server later re-keys its past
// reports; day series keep every day across DST whatever the database's time zone; a browser
// connection never resolves to another tenant's TURN server.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";

process.env.RELAYSCOPE_AUTH_SECRET ??= "integration-test-auth-secret-0123456789abcdef";

import { GET as bandwidthRoute } from "../../app/api/v1/bandwidth/route";
import { GET as sessionRoute } from "../../app/api/v1/sessions/[id]/route";
import { createUser } from "../../lib/auth/users";
import { closePools } from "../../lib/db/pool";
import { disconnectPrisma, prisma } from "../../lib/db/prisma";
import { runQuery } from "../../lib/db/run-query";
import { ingestCoturnBatch } from "../../lib/ingest/coturn";
import { ingestGetstatsBody } from "../../lib/ingest/getstats/ingest";
import { forgetTurnServers } from "../../lib/join/join-connections";
import { createKey } from "../../lib/keys/store";
import { rebuildRollups } from "../../lib/rollups/rebuild";
import { refreshRollups } from "../../lib/rollups/refresh";
import { batch, ev, SID1 } from "../support/coturn-batch";
import { uid } from "../support/db";
import { body, seedApp, statsItem } from "../support/getstats";
import { seedServer, seedTenant, setUpInProcessIngest } from "../support/ingest";

setUpInProcessIngest();
const ANY = { serverId: null };
const MIN = 60_000;
const actor = { actorType: "system" as const, actorId: "test" };

async function token(tenantIds: string[]): Promise<string> {
  const user = await createUser({ email: `rv-${uid()}@t.test`, role: "viewer", tenantIds, password: "a long enough password" }, actor);
  return (await createKey({ kind: "api", name: `t-${uid()}`, userId: user.id, role: "viewer" })).key;
}

async function get<T>(
  route: (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response>,
  tok: string,
  q: string,
  id = "",
): Promise<T> {
  const res = await route(new Request(`http://127.0.0.1/api/v1/x?${q}`, { headers: { authorization: `Bearer ${tok}` } }), {
    params: Promise.resolve({ id }),
  });
  assert.equal(res.status, 200);
  return (await res.json()) as T;
}

/** Runs the job until it finds nothing new (other transactions on the cluster can hold its horizon back). */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const r = await refreshRollups();
    if (r.clientMinutes === 0 && r.relayMinutes === 0) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

describe("rollups after review", () => {
  it("a session's bytes logged before its realm was known move with it to the realm's tenant", async () => {
    const acme = await seedTenant("acme");
    const server = await seedServer([{ realm: "acme.test", tenantId: acme }]);
    const T = Date.now() - 30 * MIN;
    const run = T - MIN;
    const usage = (pos: number) => ev.usage({ pos, ts: T + pos * 1000, run, sid: SID1, leg: "client", rp: 1, rb: 1_000_000, sp: 1, sb: 1 });
    const fileId = `fp:${uid()}`;
    await ingestCoturnBatch(ANY, batch(server.name, [usage(10)], { fileId, offset: 20 }));
    await refreshRollups();
    const named = ev.session({ pos: 20, ts: T + 20_000, run, sid: SID1, realm: "acme.test", username: "ann" });
    await ingestCoturnBatch(ANY, batch(server.name, [named, usage(30)], { fileId, offset: 40 }));
    await settle();
    const rows = await runQuery<{ tenant_id: string; b: string }>(
      "SELECT tenant_id, sum(client_rx_bytes)::text AS b FROM relay_rollup_minute WHERE server_id = $1 GROUP BY 1",
      [server.id],
    );
    assert.deepEqual(rows, [{ tenant_id: acme, b: "2000000" }]);
    const ofDefault = await get<{ totals: { clientRx: number } }>(bandwidthRoute, await token([server.defaultTenantId]), "range=6h");
    assert.equal(ofDefault.totals.clientRx, 0);
    const [s] = await runQuery<{ id: string }>("SELECT id FROM relay_session WHERE server_id = $1", [server.id]);
    const detail = await get<{ usage: { totals: { client: { rx: number } } } }>(sessionRoute, await token([acme]), "", s.id);
    assert.equal(detail.usage.totals.client.rx, 2_000_000);
  });

  it("a call counts once when a connection with an earlier time arrives after the job ran", async () => {
    const app = await seedApp();
    const scope = { appId: app.id, tenantId: app.tenantId };
    const base = Math.floor((Date.now() - 20 * MIN) / MIN) * MIN;
    const callId = `call-${uid()}`;
    await ingestGetstatsBody(scope, body([statsItem(1)], { callId, participantId: "alice" }), { now: new Date(base + MIN) });
    await settle();
    await ingestGetstatsBody(scope, body([statsItem(1)], { callId, participantId: "bob" }), { now: new Date(base + MIN - 1000) });
    await settle();
    const rows = await runQuery<{ bucket: Date; calls: string }>("SELECT bucket, calls::text FROM call_rollup_minute WHERE app_id = $1", [
      app.id,
    ]);
    assert.deepEqual(
      rows.map((r) => [r.bucket.getTime(), r.calls]),
      [[base, "1"]],
    );
  });

  it("a join that names a connection's server later moves its earlier reports' bytes to that server", async () => {
    const app = await seedApp();
    const scope = { appId: app.id, tenantId: app.tenantId };
    const base = Math.floor((Date.now() - 20 * MIN) / MIN) * MIN;
    const server = await prisma().turnServer.create({ data: { name: `turn-${uid()}`, defaultTenantId: app.tenantId, urls: [] } });
    forgetTurnServers();
    const b = body([statsItem(1)], { forcedRelay: false });
    for (const [i, at] of [base, base + 2 * MIN, base + 4 * MIN].entries()) {
      await ingestGetstatsBody(scope, { ...b, items: [statsItem(i + 1)] }, { now: new Date(at) });
    }
    await settle();
    // What relayscope_join_connections does when the join finds the session (and so the server).
    await runQuery("UPDATE client_connection SET turn_server_id = $1 WHERE app_id = $2", [server.id, app.id]);
    await settle();
    const q = "SELECT turn_server_id, sum(bytes_sent)::text AS sent FROM client_rollup_minute WHERE app_id = $1 GROUP BY 1";
    assert.deepEqual(await runQuery(q, [app.id]), [{ turn_server_id: server.id, sent: "3000" }]);
  });

  it("day series keep every day across DST changes whatever the database's time zone", async () => {
    const [{ db }] = await runQuery<{ db: string }>("SELECT current_database() AS db");
    await runQuery(`ALTER DATABASE "${db.replaceAll('"', "")}" SET timezone = 'Europe/Berlin'`);
    // New connections, which take the database's default time zone unless the app sets its own.
    await disconnectPrisma();
    await closePools();
    after(async () => {
      await runQuery(`ALTER DATABASE "${db.replaceAll('"', "")}" RESET timezone`);
    });
    const server = await seedServer();
    for (const [i, t] of [Date.UTC(2026, 9, 22, 12), Date.UTC(2026, 9, 28, 12)].entries()) {
      const run = t - MIN;
      const sid = `00100000000000000${i + 1}`;
      await ingestCoturnBatch(
        ANY,
        batch(
          server.name,
          [
            ev.session({ pos: 1, ts: t, run, sid, realm: "x.test", username: "u", allocated: true }),
            ev.usage({ pos: 2, ts: t + 1000, run, sid, leg: "client", rp: 1, rb: 1_000_000, sp: 1, sb: 0 }),
          ],
          { fileId: `f${i}-${uid()}`, offset: 10 },
        ),
        t + 5000,
      );
    }
    await rebuildRollups({ from: new Date(Date.UTC(2026, 9, 20)), to: new Date(Date.UTC(2026, 10, 5)) });
    const bw = await get<{ range: { granularity: string }; totals: { clientRx: number } }>(
      bandwidthRoute,
      await token([server.defaultTenantId]),
      "from=2026-10-20T00:00:00Z&to=2026-11-05T00:00:00Z",
    );
    assert.equal(bw.range.granularity, "day");
    assert.equal(bw.totals.clientRx, 2_000_000);
  });

  it("a browser connection never resolves to another tenant's TURN server by its url", async () => {
    const theirs = await seedServer();
    await prisma().turnServer.update({ where: { id: theirs.id }, data: { urls: ["turn:their-turn.example:3478"] } });
    forgetTurnServers();
    const app = await seedApp();
    await ingestGetstatsBody(
      { appId: app.id, tenantId: app.tenantId },
      body([statsItem(1, { turnUrl: "turn:their-turn.example:3478?transport=udp" })], { forcedRelay: false }),
    );
    const [c] = await runQuery<{ turn_server_id: string | null }>("SELECT turn_server_id FROM client_connection WHERE app_id = $1", [
      app.id,
    ]);
    assert.equal(c.turn_server_id, null);
  });
});
