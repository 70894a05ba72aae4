// `relayscope import webrtc-internals`: a real Chromium dump through the SDK's summariser into the
// getStats ingest, joined with the coturn sessions of the dump's own time; a second import stores
// nothing twice; an unusable file gets one clear error.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { importWebrtcInternals } from "../../collectors/getstats/import/webrtc-internals";
import type { StatsItem } from "../../collectors/schema/getstats";
import { ROOT, runCli } from "../support/cli";
import { testDatabaseUrl, uid, withClient } from "../support/db";

const DATABASE_URL = testDatabaseUrl();
const env = { DATABASE_URL, RELAYSCOPE_IP_HASH_SECRET: "integration-test-secret-0123456789abcdef" };
const DUMP = path.join(ROOT, "test", "fixtures", "getstats", "webrtc-internals", "relay-udp.json");

describe("relayscope import webrtc-internals", () => {
  it("stores the dump's connections, joined with the coturn sessions that relayed them, once", async () => {
    // What the browser saw, read from the dump by the same converter: the relayed pair's ports and url.
    const expected = importWebrtcInternals(JSON.parse(await readFile(DUMP, "utf8")), { fileName: "relay-udp.json" });
    const relayed = expected.connections
      .map((c) => ({ c, stats: c.bodies.flatMap((b) => b.items as StatsItem[]).filter((i) => i.type === "stats" && i.relayPort) }))
      .filter((x) => x.stats.length > 0);
    assert.equal(relayed.length, 2);
    const turnUrl = relayed[0].stats[0].turnUrl as string;
    const times = relayed.flatMap((x) => x.stats.map((s) => s.sampledAt));

    const tenant = `imp-${uid()}`;
    const app = `calls-${uid()}`;
    const server = `turn-${uid()}`;
    assert.equal((await runCli(["tenant", "add", tenant, "--name", "Import"], env)).code, 0);
    assert.equal((await runCli(["app", "add", app, "--tenant", tenant], env)).code, 0);
    assert.equal((await runCli(["server", "add", server, "--url", turnUrl, "--tenant", tenant], env)).code, 0);
    // The coturn sessions of that call, as the collector would have stored them.
    const sessions = await withClient(DATABASE_URL, async (c) => {
      const { rows } = await c.query<{ id: string; default_tenant_id: string }>(
        "SELECT id, default_tenant_id FROM turn_server WHERE name = $1",
        [server],
      );
      const ids: Record<number, string> = {};
      for (const x of relayed) {
        const id = randomUUID();
        ids[x.stats[0].relayPort as number] = id;
        await c.query(
          `INSERT INTO relay_session (id, tenant_id, server_id, run_started_at, coturn_session_id, username, relay_port, started_at, last_seen_at, ended_at)
           VALUES ($1, $2, $3, $4, $5, 'alice', $6, $4, $4, $7)`,
          [
            id,
            rows[0].default_tenant_id,
            rows[0].id,
            new Date(Math.min(...times) - 5000),
            Math.floor(Math.random() * 1e9),
            x.stats[0].relayPort,
            new Date(Math.max(...times) + 5000),
          ],
        );
      }
      return ids;
    });

    const first = await runCli(["import", "webrtc-internals", DUMP, "--app", app, "--tenant", tenant, "--json"], env);
    assert.equal(first.code, 0, first.stderr);
    const out = JSON.parse(first.stdout) as {
      callId: string;
      connections: Array<{ inserted: number; duplicates: number; joined: boolean }>;
    };
    assert.equal(out.callId, "relay-udp");
    assert.equal(out.connections.length, 3);
    assert.deepEqual(
      out.connections.map((c) => c.joined),
      [true, true, false],
    );
    assert.ok(out.connections.every((c) => c.inserted > 0 && c.duplicates === 0));

    const rows = await withClient(
      DATABASE_URL,
      async (c) =>
        (
          await c.query(
            `SELECT cc.connection_id, cc.path_kind::text, cc.relay_port, cc.relay_session_id, cc.ice_errors, cc.bytes_sent::int
           FROM client_connection cc JOIN app a ON a.id = cc.app_id WHERE a.name = $1 ORDER BY cc.connection_id`,
            [app],
          )
        ).rows,
    );
    assert.equal(rows.length, 3);
    for (const row of rows.filter((r) => r.path_kind !== null)) {
      assert.equal(row.path_kind, "turn-udp");
      assert.equal(row.relay_session_id, sessions[row.relay_port]);
      assert.ok(row.bytes_sent > 0);
    }
    const failed = rows.find((r) => r.path_kind === null);
    assert.equal(failed?.ice_errors[0].code, 401);

    const again = await runCli(["import", "webrtc-internals", DUMP, "--app", app, "--tenant", tenant, "--json"], env);
    assert.equal(again.code, 0, again.stderr);
    assert.ok((JSON.parse(again.stdout).connections as Array<{ inserted: number }>).every((c) => c.inserted === 0));
  });

  it("refuses an unusable file and an unknown app with one clear error", async () => {
    const bad = path.join(tmpdir(), `not-a-dump-${uid()}.json`);
    await writeFile(bad, JSON.stringify({ hello: "world" }));
    const r = await runCli(["import", "webrtc-internals", bad, "--app", "whatever"], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not a usable webrtc-internals dump/);
    const missing = await runCli(["import", "webrtc-internals", DUMP, "--app", `nope-${uid()}`], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no app "nope-/);
    const gone = await runCli(["import", "webrtc-internals", "/nonexistent/dump.json", "--app", "x"], env);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /no such file/);
  });
});
