// The dashboard bench's data generator (scripts/bench/dashboard-data) at a small size, on a database of
// its own: the rows it COPYs agree with each other the way ingest would have made them agree (session
// totals = their usage deltas, connection totals = their reports, failure counters = their events,
// joins point at the session that carried the connection), the shares look like the domain figures,
// rows sit in their day partitions, and the indexes and keys dropped for the load are all back.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type pg from "pg";
import { migrate } from "../../lib/db/migrate";
import { seedDashboardData } from "../../scripts/bench/dashboard-data";
import { ROOT } from "../support/cli";
import { scratchDatabase, withClient } from "../support/db";

const SESSIONS = 3000;
const DAY_MS = 86_400_000;
const TABLES = ["relay_session", "relay_usage_delta", "relay_event", "relay_peer", "client_connection", "client_report"];

let db: { url: string; drop: () => Promise<void> };
let schemaBefore: string[];
let seeded: Awaited<ReturnType<typeof seedDashboardData>>;

const schemaOf = (c: pg.Client) =>
  c
    .query<{ def: string }>(
      `SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
       WHERE c.relname = ANY($1::text[])
       UNION ALL
       SELECT c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
       WHERE c.relname = ANY($1::text[]) AND k.conparentid = 0
       ORDER BY 1`,
      [TABLES],
    )
    .then((r) => r.rows.map((x) => x.def));

async function one<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T> {
  return withClient(db.url, async (c) => (await c.query<T>(sql, params)).rows[0]);
}

before(async () => {
  db = await scratchDatabase("dashdata");
  await migrate(db.url, path.join(ROOT, "prisma", "migrations"));
  schemaBefore = await withClient(db.url, schemaOf);
  seeded = await seedDashboardData(db.url, { sessions: SESSIONS });
});
after(() => db?.drop());

describe("dashboard bench data generator", () => {
  it("makes exactly the sessions asked for, about as many connections, over the period", async () => {
    assert.equal(seeded.counters.sessions, SESSIONS);
    const r = await one<{ sessions: number; connections: number; first: Date; last: Date; days: number }>(
      `SELECT (SELECT count(*)::int FROM relay_session) AS sessions, (SELECT count(*)::int FROM client_connection) AS connections,
              (SELECT min(started_at) FROM relay_session) AS first, (SELECT max(last_seen_at) FROM relay_session) AS last,
              (SELECT count(DISTINCT date_trunc('day', started_at))::int FROM relay_session) AS days`,
    );
    assert.equal(r.sessions, SESSIONS);
    assert.ok(Math.abs(r.connections - SESSIONS) < SESSIONS * 0.05, `${r.connections} connections for ${SESSIONS} sessions`);
    assert.ok(r.first.getTime() >= seeded.from.getTime() - 1000 && r.last.getTime() <= seeded.to.getTime());
    assert.ok(r.days >= 85, `sessions on ${r.days} days of 90`);
  });

  it("session byte totals equal the sum of their usage deltas, per leg", async () => {
    const r = await one<{ bad: number; without: number }>(
      `WITH d AS (
         SELECT session_id,
           sum(rx_bytes) FILTER (WHERE leg = 'client') AS crb, sum(tx_bytes) FILTER (WHERE leg = 'client') AS ctb,
           sum(rx_packets) FILTER (WHERE leg = 'client') AS crp, sum(tx_packets) FILTER (WHERE leg = 'client') AS ctp,
           sum(rx_bytes) FILTER (WHERE leg = 'peer') AS prb, sum(tx_bytes) FILTER (WHERE leg = 'peer') AS ptb,
           sum(rx_packets) FILTER (WHERE leg = 'peer') AS prp, sum(tx_packets) FILTER (WHERE leg = 'peer') AS ptp
         FROM relay_usage_delta GROUP BY session_id)
       SELECT
         count(*) FILTER (WHERE (s.client_rx_bytes, s.client_tx_bytes, s.client_rx_packets, s.client_tx_packets,
                                 s.peer_rx_bytes, s.peer_tx_bytes, s.peer_rx_packets, s.peer_tx_packets)
                          IS DISTINCT FROM (d.crb, d.ctb, d.crp, d.ctp, d.prb, d.ptb, d.prp, d.ptp))::int AS bad,
         count(*) FILTER (WHERE d.session_id IS NULL)::int AS without
       FROM relay_session s LEFT JOIN d ON d.session_id = s.id`,
    );
    assert.deepEqual(r, { bad: 0, without: 0 });
  });

  it("connection totals equal the sum of their reports; every connection has a state item", async () => {
    const r = await one<{ bad: number; stateless: number }>(
      `WITH r AS (
         SELECT connection_id, sum(bytes_sent_delta) AS bs, sum(bytes_received_delta) AS br, sum(packets_sent_delta) AS ps,
                sum(coalesce(packets_lost_delta, 0)) AS pl, max(sequence) AS seq, count(*) FILTER (WHERE item_type = 'state') AS states
         FROM client_report GROUP BY connection_id)
       SELECT count(*) FILTER (WHERE (c.bytes_sent, c.bytes_received, c.packets_sent, c.packets_lost, c.last_sequence::bigint)
                                     IS DISTINCT FROM (r.bs, r.br, r.ps, r.pl, r.seq::bigint))::int AS bad,
              count(*) FILTER (WHERE coalesce(r.states, 0) <> 1)::int AS stateless
       FROM client_connection c LEFT JOIN r ON r.connection_id = c.id`,
    );
    assert.deepEqual(r, { bad: 0, stateless: 0 });
  });

  it("failure counters match the failure events", async () => {
    const r = await one<{ bad: number; auth: number }>(
      `WITH e AS (
         SELECT session_id, count(*) FILTER (WHERE kind = 'auth_failure') AS auth,
                count(*) FILTER (WHERE kind IN ('error', 'quota', 'no_relay_port', 'peer_denied')) AS errors
         FROM relay_event GROUP BY session_id)
       SELECT count(*) FILTER (WHERE (s.auth_failures, s.error_count) <> (coalesce(e.auth, 0), coalesce(e.errors, 0)))::int AS bad,
              (SELECT count(*)::int FROM relay_event WHERE kind = 'auth_failure') AS auth
       FROM relay_session s LEFT JOIN e ON e.session_id = s.id`,
    );
    assert.equal(r.bad, 0);
    assert.ok(r.auth > SESSIONS * 0.01 && r.auth < SESSIONS * 0.06, `${r.auth} auth failures`);
  });

  it("relays about 18 % of connections, UDP before TCP before TLS, some by force", async () => {
    const r = await one<{ relayed: number; udp: number; tcp: number; tls: number; forced: number; total: number }>(
      `SELECT count(*) FILTER (WHERE path_kind IN ('turn-udp', 'turn-tcp', 'turn-tls'))::float / count(*) AS relayed,
              count(*) FILTER (WHERE path_kind = 'turn-udp')::int AS udp, count(*) FILTER (WHERE path_kind = 'turn-tcp')::int AS tcp,
              count(*) FILTER (WHERE path_kind = 'turn-tls')::int AS tls, count(*) FILTER (WHERE forced_relay)::int AS forced,
              count(*)::int AS total
       FROM client_connection`,
    );
    assert.ok(r.relayed > 0.14 && r.relayed < 0.24, `relayed share ${r.relayed}`);
    assert.ok(r.udp > r.tcp && r.tcp > r.tls, JSON.stringify(r));
    assert.ok(r.forced > 0 && r.forced < r.total * 0.05, `${r.forced} forced`);
  });

  it("joins each joined connection to one existing session of its tenant, server, port and time", async () => {
    const r = await one<{ joined: number; relayed: number; bad: number; shared: number }>(
      `SELECT count(*) FILTER (WHERE c.relay_session_id IS NOT NULL)::int AS joined,
              count(*) FILTER (WHERE c.path_kind IN ('turn-udp', 'turn-tcp', 'turn-tls'))::int AS relayed,
              count(*) FILTER (WHERE c.relay_session_id IS NOT NULL AND (s.id IS NULL OR s.tenant_id <> c.tenant_id
                OR s.server_id IS DISTINCT FROM c.turn_server_id OR s.relay_port IS DISTINCT FROM c.relay_port
                OR s.started_at > c.first_received_at OR coalesce(s.ended_at, 'infinity') < c.last_received_at
                OR c.path_kind NOT IN ('turn-udp', 'turn-tcp', 'turn-tls')
                OR s.client_transport::text <> substr(c.path_kind::text, 6)))::int AS bad,
              (SELECT count(*)::int FROM (SELECT relay_session_id FROM client_connection WHERE relay_session_id IS NOT NULL
                GROUP BY 1 HAVING count(*) > 1) x) AS shared
       FROM client_connection c LEFT JOIN relay_session s ON s.id = c.relay_session_id`,
    );
    assert.equal(r.bad, 0);
    assert.equal(r.shared, 0);
    assert.ok(r.joined > r.relayed * 0.7 && r.joined < r.relayed, `${r.joined} of ${r.relayed} relayed joined`);
  });

  it("calls have 2–4 participants of one app", async () => {
    const r = await one<{ least: number; most: number; apps: number }>(
      `SELECT min(n)::int AS least, max(n)::int AS most, max(apps)::int AS apps FROM (
         SELECT call_id, count(*) AS n, count(DISTINCT app_id) AS apps FROM client_connection GROUP BY call_id) x`,
    );
    assert.deepEqual(r, { least: 2, most: 4, apps: 1 });
  });

  it("puts every raw row in its day partition, with partitions from before the period to a week ahead", async () => {
    for (const [table, column] of [
      ["relay_usage_delta", "ts"],
      ["relay_event", "ts"],
      ["client_report", "connection_first_received_at"],
    ]) {
      const r = await withClient(db.url, async (c) => {
        const q = (id: string) => c.escapeIdentifier(id);
        return (
          await c.query<{ misplaced: number; rows: number }>(
            `SELECT count(*) FILTER (WHERE tableoid::regclass::text <> $1 || '_p' || to_char(${q(column)} AT TIME ZONE 'UTC', 'YYYYMMDD'))::int AS misplaced,
                    count(*)::int AS rows
             FROM ${q(table)}`,
            [table],
          )
        ).rows[0];
      });
      assert.equal(r.misplaced, 0, table);
      assert.ok(r.rows > 0, table);
      const ahead = new Date(Date.now() + 6 * DAY_MS).toISOString().slice(0, 10).replaceAll("-", "");
      const before = new Date(seeded.from.getTime() - DAY_MS).toISOString().slice(0, 10).replaceAll("-", "");
      for (const day of [ahead, before]) {
        const p = await one<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [`${table}_p${day}`]);
        assert.equal(p.t, `${table}_p${day}`);
      }
    }
  });

  it("leaves the migrated indexes, keys and constraints exactly as they were", async () => {
    assert.deepEqual(await withClient(db.url, schemaOf), schemaBefore);
    const leftovers = await one<{ n: number }>(`SELECT count(*)::int AS n FROM pg_constraint WHERE conname LIKE '%\\_bounds'`);
    assert.equal(leftovers.n, 0);
  });

  it("refuses a database that already has traffic", async () => {
    await assert.rejects(seedDashboardData(db.url, { sessions: 10 }), /not empty/);
  });
});
