// coturn ingest rules against the real database: tenancy from realm rules, runs and restarts,
// whole-batch refusals and checkpoints.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runQuery } from "../../lib/db/run-query";
import { getCoturnCheckpoints, IngestRejected, ingestCoturnBatch } from "../../lib/ingest/coturn";
import { batch, ev, SID1, SID2, T0 } from "../support/coturn-batch";
import { seedServer, seedTenant, setUpInProcessIngest } from "../support/ingest";

setUpInProcessIngest();

const ANY = { serverId: null };
const NOW = T0 + 3_600_000;

describe("coturn ingest: tenants", () => {
  it("resolves by realm rule, by username pattern (on the stable user) and falls back to the default", async () => {
    const [acme, vip, any] = [await seedTenant("acme"), await seedTenant("vip"), await seedTenant("any")];
    const server = await seedServer([
      { realm: "acme.test", tenantId: vip, usernamePattern: "^vip-", priority: 1 },
      { realm: "acme.test", tenantId: acme, priority: 2 },
      { realm: "*", tenantId: any, usernamePattern: "([", priority: 3 }, // broken pattern: skipped, not fatal
      { realm: "other.test", tenantId: any, usernamePattern: "^svc-", priority: 4 },
    ]);
    const s = (pos: number, sid: string, realm: string, username: string) =>
      ev.session({ pos, ts: T0, run: T0, sid, realm, username, allocated: true });
    const out = await ingestCoturnBatch(
      ANY,
      batch(server.name, [
        s(1, "1", "acme.test", "1795336472:vip-ann"),
        s(2, "2", "acme.test", "bob"),
        s(3, "3", "other.test", "svc-x"),
        s(4, "4", "other.test", "carol"),
        ev.event({ pos: 5, ts: T0, kind: "auth_failure", realm: "acme.test", username: "vip-eve" }),
      ]),
      NOW,
    );
    assert.deepEqual(out.quarantined, []);
    const rows = await runQuery<{ sid: string; tenant_id: string }>(
      `SELECT coturn_session_id::text AS sid, tenant_id FROM relay_session WHERE server_id = $1 ORDER BY 1`,
      [server.id],
    );
    assert.deepEqual(
      rows.map((r) => r.tenant_id),
      [vip, acme, any, server.defaultTenantId],
    );
    const [e] = await runQuery(`SELECT tenant_id FROM relay_event WHERE server_id = $1`, [server.id]);
    assert.equal(e.tenant_id, vip);
  });
});

describe("coturn ingest: the tenant of usage deltas", () => {
  it("a delta takes its session's tenant; a session's earlier deltas move with it when its realm arrives; a later line's realm does not move a decided session", async () => {
    const acme = await seedTenant("acme");
    const other = await seedTenant("other");
    const server = await seedServer([
      { realm: "acme.test", tenantId: acme },
      { realm: "other.test", tenantId: other },
    ]);
    const usage = (pos: number, realm?: string) =>
      ev.usage({ pos, ts: T0 + pos, run: T0, sid: SID1, leg: "client", rp: 1, rb: 100 * pos, sp: 1, sb: 1, ...(realm ? { realm } : {}) });
    const fileId = "fp:tenant-of-deltas";
    // 1: the log begins mid-session, with no realm or user yet: the default tenant.
    await ingestCoturnBatch(ANY, batch(server.name, [usage(10)], { fileId, offset: 20 }), NOW);
    // 2: a line names the realm: the session moves to acme, with its earlier delta and this batch's
    // (else the default tenant would keep acme's bytes).
    await ingestCoturnBatch(
      ANY,
      batch(server.name, [ev.session({ pos: 20, ts: T0 + 20, run: T0, sid: SID1, realm: "acme.test", username: "ann" }), usage(30)], {
        fileId,
        offset: 40,
      }),
      NOW,
    );
    // 3: a usage line hinting another realm does not move a session whose realm is known.
    await ingestCoturnBatch(ANY, batch(server.name, [usage(50, "other.test")], { fileId, offset: 60 }), NOW);
    const deltas = await runQuery<{ rb: string; tenant_id: string }>(
      `SELECT rx_bytes::text AS rb, tenant_id FROM relay_usage_delta WHERE server_id = $1 ORDER BY ts`,
      [server.id],
    );
    assert.deepEqual(
      deltas.map((d) => [d.rb, d.tenant_id]),
      [
        ["1000", acme],
        ["3000", acme],
        ["5000", acme],
      ],
    );
    const [session] = await runQuery<{ tenant_id: string; rx: string }>(
      `SELECT tenant_id, client_rx_bytes::text AS rx FROM relay_session WHERE server_id = $1`,
      [server.id],
    );
    assert.deepEqual(session, { tenant_id: acme, rx: "9000" });
  });
});

describe("coturn ingest: runs and restarts", () => {
  it("a startup banner ends the previous run and its open sessions; `server restart` events close sessions", async () => {
    const server = await seedServer();
    const T1 = T0 + 600_000;
    await ingestCoturnBatch(
      ANY,
      batch(server.name, [
        ev.run({ pos: 0, ts: T0, version: "Coturn-4.6.1" }),
        ev.session({ pos: 10, ts: T0 + 1000, run: T0, sid: SID1, allocated: true }),
        ev.session({ pos: 20, ts: T0 + 2000, run: T0, sid: SID2, allocated: true }),
      ]),
      NOW,
    );
    const out = await ingestCoturnBatch(
      ANY,
      batch(server.name, [
        ev.run({ pos: 1000, ts: T1, version: "Coturn-4.17.1" }),
        ev.session({ pos: 1000, sub: 1, ts: T1, run: T0, sid: SID1, ended: "server restart" }),
        ev.session({ pos: 1100, ts: T1 + 1000, run: T1, sid: SID1, allocated: true }),
      ]),
      NOW,
    );
    assert.equal(out.inserted.runs, 1);
    assert.equal(out.inserted.sessions, 1, "the same coturn id in the new run is a new session");
    const runs = await runQuery(`SELECT started_at, ended_at, version FROM server_run WHERE server_id = $1 ORDER BY started_at`, [
      server.id,
    ]);
    assert.deepEqual(
      runs.map((r) => [r.started_at.getTime(), r.ended_at?.getTime() ?? null, r.version]),
      [
        [T0, T1, "Coturn-4.6.1"],
        [T1, null, "Coturn-4.17.1"],
      ],
    );
    const sessions = await runQuery(
      `SELECT coturn_session_id::text AS sid, run_started_at, ended_at, close_reason FROM relay_session WHERE server_id = $1 ORDER BY run_started_at, 1`,
      [server.id],
    );
    assert.deepEqual(
      sessions.map((s) => [s.run_started_at.getTime(), s.ended_at?.getTime() ?? null, s.close_reason]),
      [
        [T0, T1, "server restart"],
        [T0, T1, "server restart"],
        [T1, null, null],
      ],
    );
    const [srv] = await runQuery(`SELECT version FROM turn_server WHERE id = $1`, [server.id]);
    assert.equal(srv.version, "Coturn-4.17.1");
  });
});

describe("coturn ingest: whole-batch refusals", () => {
  it("unknown server 422, key scoped to another server 403, unsupported version 400, bad envelope 400", async () => {
    const a = await seedServer();
    const b = await seedServer();
    const refused = async (scope: { serverId: string | null }, body: unknown) => {
      try {
        await ingestCoturnBatch(scope, body, NOW);
      } catch (err) {
        assert.ok(err instanceof IngestRejected);
        return [err.status, err.code, err.message];
      }
      assert.fail("expected a refusal");
    };
    const unknown = await refused(ANY, batch("no-such-server", []));
    assert.deepEqual(unknown.slice(0, 2), [422, "unknown_server"]);
    assert.match(String(unknown[2]), /relayscope server add no-such-server/);
    assert.deepEqual((await refused({ serverId: a.id }, batch(b.name, []))).slice(0, 2), [403, "forbidden"]);
    assert.deepEqual((await refused({ serverId: a.id }, batch("no-such-server", []))).slice(0, 2), [403, "forbidden"]);
    const v = await refused(ANY, batch(a.name, [], { version: 99 }));
    assert.deepEqual(v.slice(0, 2), [400, "unsupported_version"]);
    assert.match(String(v[2]), /version 1/);
    assert.deepEqual((await refused(ANY, [1, 2])).slice(0, 2), [400, "invalid_batch"]);
    assert.match(String((await refused(ANY, { ...batch(a.name, []), agentId: "bad agent" }))[2]), /agentId/);
    assert.equal((await ingestCoturnBatch({ serverId: a.id }, batch(a.name, []), NOW)).accepted, 0);
  });
});

describe("coturn ingest: checkpoints", () => {
  it("never move backwards; GET returns the stored state; stats are kept alongside", async () => {
    const server = await seedServer();
    const state = { open: [{ sid: "1", n: 2 }], note: "ünïcode" };
    const stats = { lines: 10, bytes: 900, records: 10, continuation: 0, events: 7, skipped: { unknown: 3 } };
    await ingestCoturnBatch(ANY, batch(server.name, [], { offset: 5000, state, stats }), NOW);
    const back = await ingestCoturnBatch(ANY, batch(server.name, [], { offset: 100, state: { stale: true } }), NOW);
    assert.equal(back.checkpoint.offset, 5000);
    const answer = await getCoturnCheckpoints(ANY, { server: server.name, agentId: "agent-1" });
    assert.equal(answer.checkpoints.length, 1);
    assert.equal(answer.checkpoints[0].offset, 5000);
    assert.deepEqual(answer.checkpoints[0].state, state);
    assert.equal(answer.checkpoints[0].path, "/var/log/turn.log");
    const [row] = await runQuery(`SELECT stats FROM collector_checkpoint WHERE server_id = $1`, [server.id]);
    assert.deepEqual(row.stats, stats);
    const scoped = await getCoturnCheckpoints({ serverId: server.id }, { agentId: "agent-1", fileId: "dev:1:ino:42" });
    assert.equal(scoped.checkpoints.length, 1);
    assert.deepEqual((await getCoturnCheckpoints({ serverId: server.id }, { agentId: "agent-2" })).checkpoints, []);
    await assert.rejects(getCoturnCheckpoints(ANY, { agentId: "agent-1" }), (e: IngestRejected) => e.status === 400);
    await assert.rejects(getCoturnCheckpoints(ANY, { server: "nope", agentId: "agent-1" }), (e: IngestRejected) => e.status === 404);
  });
});
