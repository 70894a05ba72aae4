// coturn ingest against the real database: rows, totals from deltas, replays and overlaps, quarantine,
// old partitions and personal data. Tenancy, runs, refusals and checkpoints: coturn-ingest-rules.test.ts.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { prisma } from "../../lib/db/prisma";
import { runQuery } from "../../lib/db/run-query";
import { ingestCoturnBatch } from "../../lib/ingest/coturn";
import { batch, ev, SID1, SID2, T0, usageLines } from "../support/coturn-batch";
import { seedServer, setUpInProcessIngest } from "../support/ingest";

setUpInProcessIngest();

const ANY = { serverId: null };
const CLIENT_IP = "81.2.69.160";
const NOW = T0 + 3_600_000;

function fullBatch(server: string) {
  return batch(server, [
    ev.run({ pos: 0, ts: T0, version: "Coturn-4.6.1 'Gorst'" }),
    ev.event({ pos: 50, ts: T0, kind: "config_warning", message: "WARNING: allow_loopback_peers is set" }),
    ev.session({
      pos: 100,
      ts: T0 + 1000,
      run: T0,
      sid: SID1,
      realm: "example.test",
      username: "1795336472:alice",
      allocated: true,
      lifetime: 600,
    }),
    ev.session({ pos: 90, ts: T0 + 999, run: T0, sid: SID1, relay: "198.51.100.7:50000" }),
    ev.peer({ pos: 200, ts: T0 + 2000, run: T0, sid: SID1, peer: "81.2.69.200:40000", grant: "permission", lifetime: 300 }),
    ev.peer({ pos: 210, ts: T0 + 2100, run: T0, sid: SID1, peer: "10.0.0.5:3000", grant: "channel", lifetime: 600 }),
    ev.peer({ pos: 220, ts: T0 + 2200, run: T0, sid: SID1, peer: "169.254.169.254", grant: "permission", lifetime: 300 }),
    ...usageLines(T0, SID1, 300, 4),
    ev.event({
      pos: 800,
      ts: T0 + 20_000,
      run: T0,
      sid: SID1,
      kind: "quota",
      code: 486,
      method: "ALLOCATE",
      message: "Allocation Quota Reached",
    }),
    ev.event({ pos: 810, ts: T0 + 21_000, run: T0, sid: SID2, kind: "auth_failure", code: 401, username: "bob", reason: "wrong_password" }),
    ev.session({
      pos: 900,
      ts: T0 + 30_000,
      run: T0,
      sid: SID1,
      client: `${CLIENT_IP}:54321`,
      listener: "198.51.100.7:3478",
      ended: "allocation timeout",
      transport: "udp",
    }),
    ev.peer({ pos: 950, ts: T0 + 31_000, run: T0, sid: SID1, peer: "81.2.69.200:40000", deleted: true }),
  ]);
}

async function sessionRow(serverId: string, sid = SID1) {
  const [row] = await runQuery(`SELECT * FROM relay_session WHERE server_id = $1 AND coturn_session_id = $2`, [serverId, BigInt(sid)]);
  return row;
}

async function totalsMatchDeltas(serverId: string) {
  const [r] = await runQuery<{ ok: boolean; n: number }>(
    `SELECT bool_and(s.client_rx_bytes = COALESCE(d.crb, 0) AND s.client_tx_bytes = COALESCE(d.csb, 0)
                 AND s.peer_rx_bytes = COALESCE(d.prb, 0) AND s.peer_tx_bytes = COALESCE(d.psb, 0)
                 AND s.client_rx_packets = COALESCE(d.crp, 0) AND s.peer_tx_packets = COALESCE(d.psp, 0)) AS ok,
            count(*)::int AS n
     FROM relay_session s LEFT JOIN (
       SELECT session_id,
              sum(rx_bytes) FILTER (WHERE leg = 'client') crb, sum(tx_bytes) FILTER (WHERE leg = 'client') csb,
              sum(rx_bytes) FILTER (WHERE leg = 'peer') prb, sum(tx_bytes) FILTER (WHERE leg = 'peer') psb,
              sum(rx_packets) FILTER (WHERE leg = 'client') crp, sum(tx_packets) FILTER (WHERE leg = 'peer') psp
       FROM relay_usage_delta GROUP BY session_id) d ON d.session_id = s.id
     WHERE s.server_id = $1`,
    [serverId],
  );
  return r;
}

async function counts(serverId: string) {
  const [r] = await runQuery<Record<string, number>>(
    `SELECT (SELECT count(*) FROM relay_session WHERE server_id = $1)::int AS sessions,
            (SELECT count(*) FROM relay_usage_delta WHERE server_id = $1)::int AS usage,
            (SELECT count(*) FROM relay_peer WHERE server_id = $1)::int AS peers,
            (SELECT sum(updates) FROM relay_peer WHERE server_id = $1)::int AS peer_updates,
            (SELECT count(*) FROM relay_event WHERE server_id = $1)::int AS events,
            (SELECT count(*) FROM server_run WHERE server_id = $1)::int AS runs,
            (SELECT count(*) FROM quarantined_event WHERE server_id = $1)::int AS quarantined,
            (SELECT sum(client_rx_bytes + peer_tx_bytes + auth_failures + error_count) FROM relay_session WHERE server_id = $1)::int AS totals`,
    [serverId],
  );
  return r;
}

describe("coturn ingest: one batch", () => {
  let server: Awaited<ReturnType<typeof seedServer>>;
  before(async () => {
    server = await seedServer();
  });

  it("stores runs, sessions, usage, peers and events; totals are the sum of the deltas", async () => {
    const out = await ingestCoturnBatch(ANY, fullBatch(server.name), NOW);
    assert.deepEqual(out.quarantined, []);
    assert.deepEqual(out.inserted, { sessions: 2, usage: 4, peers: 3, events: 3, runs: 1 });
    assert.equal(out.duplicates, 0);
    assert.deepEqual(out.checkpoint, { fileId: "dev:1:ino:42", offset: 1_000_000 });

    const s = await sessionRow(server.id);
    assert.equal(s.realm, "example.test");
    assert.equal(s.username, "1795336472:alice");
    assert.equal(s.stable_user, "alice");
    assert.equal(s.credential_expires_at.getTime(), 1795336472000);
    assert.equal(s.tenant_id, server.defaultTenantId);
    assert.equal(s.relay_ip, "198.51.100.7");
    assert.equal(s.relay_port, 50000);
    assert.equal(s.client_prefix, "81.2.69.0/24");
    assert.match(s.client_ip_hash, /^1:[0-9a-f]{64}$/);
    assert.equal(s.client_transport, "udp");
    assert.equal(s.listener_address, "198.51.100.7:3478");
    assert.equal(s.started_at.getTime(), T0 + 999);
    assert.equal(s.allocated_at.getTime(), T0 + 1000);
    assert.equal(s.last_seen_at.getTime(), T0 + 31_000);
    assert.equal(s.ended_at.getTime(), T0 + 30_000);
    assert.equal(s.close_reason, "allocation timeout");
    assert.equal(s.error_count, 1);
    assert.equal(s.client_rx_bytes, 1000n + 1002n);
    assert.equal(s.peer_tx_bytes, 2001n + 2003n);
    assert.equal((await totalsMatchDeltas(server.id)).ok, true);

    const s2 = await sessionRow(server.id, SID2);
    assert.equal(s2.auth_failures, 1, "a session only seen in an auth failure still gets a row and the count");

    const peers = await runQuery(`SELECT * FROM relay_peer WHERE server_id = $1 ORDER BY peer_class`, [server.id]);
    assert.deepEqual(
      peers.map((p) => [p.peer_class, p.peer_prefix, p.peer_address, p.peer_port, p.grant, p.deleted_at?.getTime() ?? null]),
      [
        ["metadata", "169.254.169.0/24", "169.254.169.254", null, "permission", null],
        ["private", "10.0.0.0/24", "10.0.0.5", 3000, "channel", null],
        ["public", "81.2.69.0/24", null, 40000, "permission", T0 + 31_000],
      ],
    );
    const [run] = await runQuery(`SELECT * FROM server_run WHERE server_id = $1`, [server.id]);
    assert.equal(run.version, "Coturn-4.6.1 'Gorst'");
    assert.deepEqual(run.startup_warnings, ["WARNING: allow_loopback_peers is set"]);
    const [srv] = await runQuery(`SELECT version FROM turn_server WHERE id = $1`, [server.id]);
    assert.equal(srv.version, "Coturn-4.6.1 'Gorst'");
  });

  it("a replay of the same batch changes nothing and reports duplicates", async () => {
    const before_ = await counts(server.id);
    const s1 = await sessionRow(server.id);
    const out = await ingestCoturnBatch(ANY, fullBatch(server.name), NOW);
    assert.deepEqual(out.inserted, { sessions: 0, usage: 0, peers: 0, events: 0, runs: 0 });
    assert.equal(out.duplicates, fullBatch(server.name).events.length);
    assert.deepEqual(await counts(server.id), before_);
    const s2 = await sessionRow(server.id);
    for (const k of ["client_rx_bytes", "peer_tx_bytes", "auth_failures", "error_count", "started_at", "ended_at", "last_seen_at"]) {
      assert.deepEqual(s2[k], s1[k], k);
    }
    const [run] = await runQuery(`SELECT startup_warnings FROM server_run WHERE server_id = $1`, [server.id]);
    assert.equal(run.startup_warnings.length, 1);
  });

  it("an overlapping batch adds only the new deltas", async () => {
    const old = usageLines(T0, SID1, 300, 4).slice(2);
    const fresh = usageLines(T0, SID1, 1_000_300, 4, T0 + 60_000);
    const out = await ingestCoturnBatch(ANY, batch(server.name, [...old, ...fresh], { offset: 2_000_000 }), NOW);
    assert.equal(out.inserted.usage, 4);
    assert.equal(out.duplicates, 2);
    const s = await sessionRow(server.id);
    assert.equal(s.client_rx_bytes, 1000n + 1002n + 1000n + 1002n);
    assert.equal((await totalsMatchDeltas(server.id)).ok, true);
  });
});

describe("coturn ingest: quarantine", () => {
  it("quarantines invalid events with reasons, stores the rest and advances the checkpoint; once per replay", async () => {
    const server = await seedServer();
    const events = [
      ...usageLines(T0, SID1, 0, 1),
      { type: "usage", pos: 100, ts: T0, run: T0, sid: SID1, leg: "client", rp: -1, rb: 0, sp: 0, sb: 0 },
      "not an event",
      { type: "telepathy", pos: 200, ts: T0 },
      ...usageLines(T0, SID1, 300, 1),
      ev.usage({ pos: 400, ts: NOW + 3 * 86_400_000, run: T0, sid: SID1, leg: "client", rp: 1, rb: 1, sp: 1, sb: 1 }),
      ev.peer({ pos: 500, ts: T0, run: T0, sid: SID1, peer: "not-an-ip", grant: "permission" }),
      { type: "session", pos: 600, ts: Date.UTC(1970, 0, 2), run: T0, sid: SID1, client: `${CLIENT_IP}:1` },
    ];
    const out = await ingestCoturnBatch(ANY, batch(server.name, events, { offset: 777 }), NOW);
    assert.deepEqual(
      out.quarantined.map((q) => [q.index, q.reason.split(":")[0]]),
      [
        [1, "schema"],
        [2, "schema"],
        [3, "schema"],
        [5, "time_range"],
        [6, "address"],
        [7, "time_range"],
      ],
    );
    assert.match(out.quarantined[0].reason, /rp/);
    assert.ok(out.quarantined.every((q) => q.reason.length <= 500));
    assert.equal(out.inserted.usage, 2);
    assert.equal(out.checkpoint.offset, 777);
    const rows = await runQuery(`SELECT reason, position, payload, agent_id, tenant_id FROM quarantined_event WHERE server_id = $1`, [
      server.id,
    ]);
    assert.equal(rows.length, 6);
    assert.ok(rows.every((r) => r.agent_id === "agent-1" && r.tenant_id === server.defaultTenantId));
    assert.ok(rows.some((r) => r.payload === "not an event"));
    assert.ok(!JSON.stringify(rows).includes(CLIENT_IP), "quarantined payloads keep no public IP in full");
    await ingestCoturnBatch(ANY, batch(server.name, events, { offset: 777 }), NOW);
    assert.equal((await runQuery(`SELECT 1 FROM quarantined_event WHERE server_id = $1`, [server.id])).length, 6);
  });
});

describe("coturn ingest: partitions and personal data", () => {
  it("creates the day partitions of old data (40 days ago)", async () => {
    const server = await seedServer();
    const old = Date.now() - 40 * 86_400_000;
    const out = await ingestCoturnBatch(
      ANY,
      batch(server.name, [
        ...usageLines(old, SID1, 0, 2, old + 1000),
        ev.event({ pos: 500, ts: old + 5000, kind: "error", code: 508, message: "Cannot create socket" }),
      ]),
    );
    assert.equal(out.inserted.usage, 2);
    assert.equal(out.inserted.events, 1);
    const day = new Date(old + 1000).toISOString().slice(0, 10).replaceAll("-", "");
    for (const t of ["relay_usage_delta", "relay_event"]) {
      const [r] = await runQuery<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [`${t}_p${day}`]);
      assert.equal(r.t, `${t}_p${day}`);
    }
  });

  it("never stores a full public client IP: only its prefix and keyed hash", async () => {
    const server = await seedServer();
    const ip6 = "2a02:1810:4f2e:9c00:1234:5678:9abc:def0";
    await ingestCoturnBatch(
      ANY,
      batch(server.name, [
        ev.session({ pos: 1, ts: T0, run: T0, sid: SID1, client: `${CLIENT_IP}:54321`, ended: `TLS/TCP socket error ${CLIENT_IP}:54321` }),
        ev.session({ pos: 2, ts: T0, run: T0, sid: SID2, client: `[${ip6}]:40000` }),
        ev.event({
          pos: 3,
          ts: T0,
          kind: "error",
          client: `${CLIENT_IP}:1`,
          message: `SSL read error (local 10.0.0.1:5349, remote ${CLIENT_IP}:1)`,
        }),
      ]),
      NOW,
    );
    const [s1, s2] = [await sessionRow(server.id), await sessionRow(server.id, SID2)];
    assert.equal(s1.client_prefix, "81.2.69.0/24");
    assert.equal(s2.client_prefix, "2a02:1810:4f2e::/48");
    assert.notEqual(s1.client_ip_hash, s2.client_ip_hash);
    const dump = await runQuery<{ j: string }>(
      `SELECT row_to_json(t)::text AS j FROM (
         SELECT to_jsonb(s) AS r FROM relay_session s WHERE server_id = $1
         UNION ALL SELECT to_jsonb(e) FROM relay_event e WHERE server_id = $1
         UNION ALL SELECT to_jsonb(p) FROM relay_peer p WHERE server_id = $1
         UNION ALL SELECT to_jsonb(q) FROM quarantined_event q WHERE server_id = $1
         UNION ALL SELECT to_jsonb(c) FROM collector_checkpoint c WHERE server_id = $1) t`,
      [server.id],
    );
    const text = dump.map((d) => d.j).join("\n");
    assert.ok(text.includes("81.2.69.x"), "free text keeps the prefix");
    assert.ok(text.includes("10.0.0.1:5349"), "special-purpose addresses stay readable");
    assert.ok(!text.includes(CLIENT_IP), "the full IPv4 appears nowhere");
    assert.ok(!text.includes("9abc:def0"), "the full IPv6 appears nowhere");
    const count = await prisma().relaySession.count({ where: { serverId: server.id } });
    assert.equal(count, 2);
  });
});
