// Acceptance criterion 3: a real coturn on 127.0.0.1 driven by its own test clients over UDP, TCP
// and TLS, plus a wrong password and a denied peer, while `relayscope collect coturn --push` tails
// its log into the running app. The database must hold exactly the log's own totals.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type RunningApp, startApp } from "../support/app";
import { runCli } from "../support/cli";
import { type Coturn, coturnInstalled, DENIED_PEER, scenarios, startCoturn, uclient } from "../support/coturn";
import { databaseTotals, logTotals, totalsDiff } from "../support/coturn-log-totals";
import { testDatabaseUrl, uid, withClient } from "../support/db";
import { type Collector, startCollector, stopChild } from "../support/process";

const DATABASE_URL = testDatabaseUrl();
const SERVER = `coturn-live-${uid()}`;

async function eventually<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await fn();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached within ${timeoutMs} ms; last: ${JSON.stringify(last, null, 1).slice(0, 4000)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await fn();
  }
  return last;
}

describe("collect coturn --push against a live coturn", {
  skip: !coturnInstalled() && "coturn is not installed (apt-get install coturn)",
}, () => {
  let dir: string;
  let turn: Coturn;
  let app: RunningApp;
  let collector: Collector;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "relayscope-coturn-live-"));
    const env = { DATABASE_URL, RELAYSCOPE_DATA_DIR: path.join(dir, "data") };
    app = await startApp(env);
    const added = await runCli(["server", "add", SERVER], env);
    assert.equal(added.code, 0, added.stderr);
    const key = await runCli(["key", "create", "--kind", "collector", "--name", "live-agent", "--server", SERVER], env);
    assert.equal(key.code, 0, key.stderr);
    turn = await startCoturn(dir);
    collector = startCollector(
      [
        "--file",
        turn.logFile,
        "--server",
        SERVER,
        "--push",
        app.url,
        "--key",
        key.stdout.trim(),
        "--from-start",
        "--poll-ms",
        "100",
        "--status-interval",
        "2",
      ],
      env,
    );
  });

  after(async () => {
    if (collector) await stopChild(collector.child);
    await turn?.stop();
    await app?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("stores exactly the log's sessions, bytes, transports, failures and denied peers", async () => {
    const runs = scenarios(turn);
    const results: Record<string, number | null> = {};
    for (const [name, args] of Object.entries(runs)) results[name] = (await uclient(args)).code;
    assert.deepEqual(results, { udp: 0, tcp: 0, tls: 0, wrongPassword: 255, deniedPeer: 255 }, "coturn's clients behaved as expected");

    // Deallocated sessions close about a second after the client's Refresh lifetime=0.
    const log = await eventually(
      "coturn closes the deallocated sessions",
      async () => readFile(turn.logFile, "utf8"),
      (text) => (text.match(/closed \(2nd stage\)/g) ?? []).length >= 3,
    );
    await new Promise((r) => setTimeout(r, 1500));
    const expected = logTotals(await readFile(turn.logFile, "utf8"));
    assert.ok(expected.usageLines >= 6, `usage lines in the log: ${expected.usageLines}\n${log.slice(-2000)}`);

    await eventually(
      "the database holds the log's totals",
      async () => totalsDiff(expected.sessions, await databaseTotals(DATABASE_URL, SERVER)),
      (diffs) => diffs.length === 0,
    ).catch((err) => {
      throw new Error(`${(err as Error).message}\ncollector output:\n${collector.output().slice(-3000)}`);
    });

    await withClient(DATABASE_URL, async (c) => {
      const server = (await c.query("SELECT id, version FROM turn_server WHERE name = $1", [SERVER])).rows[0];
      assert.match(server.version ?? "", /^4\./, "the banner's version is recorded");
      const runsRows = await c.query("SELECT version FROM server_run WHERE server_id = $1", [server.id]);
      assert.equal(runsRows.rowCount, 1);

      // Transports by §7: every allocated, closed session of each client has its transport.
      const transports = await c.query(
        `SELECT username, array_agg(DISTINCT client_transport::text) AS t
           FROM relay_session WHERE server_id = $1 AND allocated_at IS NOT NULL AND ended_at IS NOT NULL GROUP BY username ORDER BY username`,
        [server.id],
      );
      const byUser = Object.fromEntries(transports.rows.map((r) => [r.username, r.t]));
      assert.deepEqual(byUser.alice, ["udp"], JSON.stringify(byUser));
      assert.deepEqual(byUser.bob, ["tcp"], JSON.stringify(byUser));
      assert.deepEqual(byUser.carol, ["tls"], JSON.stringify(byUser));

      // Every relayed session got its relay address (relay-threads=1 pairs them exactly).
      const noRelay = await c.query(
        "SELECT count(*)::int AS n FROM relay_session WHERE server_id = $1 AND allocated_at IS NOT NULL AND relay_port IS NULL",
        [server.id],
      );
      assert.equal(noRelay.rows[0].n, 0);

      // Each failure counted once: one auth_failure per check_stun_auth line, one peer_denied per 403.
      const events = await c.query("SELECT kind, count(*)::int AS n FROM relay_event WHERE server_id = $1 GROUP BY kind", [server.id]);
      const kinds = Object.fromEntries(events.rows.map((r) => [r.kind, r.n]));
      assert.ok(expected.authFailureLines > 0);
      assert.equal(kinds.auth_failure, expected.authFailureLines, JSON.stringify(kinds));
      assert.equal(kinds.peer_denied, expected.messageErrors.get(403), JSON.stringify(kinds));
      const denied = await c.query(
        "SELECT host(peer_prefix) AS p FROM relay_event WHERE server_id = $1 AND kind = 'peer_denied' AND peer_prefix IS NOT NULL",
        [server.id],
      );
      assert.ok(
        denied.rows.every((r) => r.p === DENIED_PEER.replace(/\.\d+$/, ".0")),
        JSON.stringify(denied.rows),
      );
      const failures = await c.query("SELECT sum(auth_failures)::int AS n FROM relay_session WHERE server_id = $1 AND username = 'dave'", [
        server.id,
      ]);
      assert.equal(failures.rows[0].n, expected.authFailureLines);

      // Peers: the echo peer got channels and permissions; full loopback addresses may be kept.
      const peers = await c.query('SELECT DISTINCT "grant"::text AS g, peer_class FROM relay_peer WHERE server_id = $1 ORDER BY 1', [
        server.id,
      ]);
      assert.deepEqual(peers.rows, [
        { g: "channel", peer_class: "loopback" },
        { g: "permission", peer_class: "loopback" },
      ]);

      // Client addresses are stored as a prefix and a keyed hash only.
      const clients = await c.query(
        "SELECT DISTINCT host(client_prefix) AS p FROM relay_session WHERE server_id = $1 AND client_prefix IS NOT NULL",
        [server.id],
      );
      assert.deepEqual(clients.rows, [{ p: "127.0.0.0" }]);
    });
  });
});
