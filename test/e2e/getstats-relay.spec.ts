// Acceptance criterion 2 of the getStats issue: a page loads /sdk.js and makes relayed calls through
// a real coturn on 127.0.0.1 (relay-threads=1) over UDP, TCP and TLS, plus one with a wrong TURN
// password, while `relayscope collect coturn --push` tails coturn's log into the running app. The
// stored connections have the right path kinds, relay ports equal to the browser's relay candidate
// ports, and each relayed connection is joined to the coturn session that carried it.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { type CallOptions, type CallResult, callInPage, pageWithSdk } from "../support/browser-call";
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from "../support/chromium";
import { CLI, ROOT, runCli } from "../support/cli";
import { type Coturn, coturnInstalled, startCoturn, TURN_USERS } from "../support/coturn";
import { removeAppsAndServers } from "../support/e2e-cleanup";
import { stopChild } from "../support/process";
import { addUser, signInPage } from "../support/users";

test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    // coturn's TLS listener has a throw-away self-signed certificate.
    args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS, "--ignore-certificate-errors"],
  },
});

/** A relay-only call with audio. */
const relayedCall = (page: Page, appKey: string, o: Omit<CallOptions, "policy" | "audio">): Promise<CallResult> =>
  callInPage(page, appKey, { ...o, policy: "relay", audio: true });

test.skip(!coturnInstalled(), "coturn is not installed (.ci/run installs it)");
// One coturn, agent and app for the calls below; a failure stops the rest instead of re-seeding.
test.describe.configure({ mode: "serial" });

type StoredConnection = {
  participant_id: string;
  path_kind: string | null;
  relay_port: number | null;
  turn_url: string | null;
  relay_session_id: string | null;
  session_relay_port: number | null;
  relay_ip: string | null;
  session_relay_ip: string | null;
  session_server: string | null;
  session_transport: string | null;
  session_user: string | null;
  bytes_sent: number;
  ice_errors: Array<{ url: string; code: number; count: number }>;
  forced_relay: boolean;
};

async function serverRuns(server: string): Promise<number> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const res = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM server_run r JOIN turn_server s ON s.id = r.server_id WHERE s.name = $1",
      [server],
    );
    return res.rows[0].n;
  } finally {
    await client.end();
  }
}

async function storedConnections(callId: string): Promise<StoredConnection[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const res = await client.query<StoredConnection>(
      `SELECT c.participant_id, c.path_kind::text, c.relay_port, c.turn_url, c.relay_session_id, c.bytes_sent::int,
         c.ice_errors, c.forced_relay, s.relay_port AS session_relay_port, host(c.relay_ip) AS relay_ip, host(s.relay_ip) AS session_relay_ip, ts.name AS session_server,
         s.client_transport::text AS session_transport, s.username AS session_user
       FROM client_connection c
       LEFT JOIN relay_session s ON s.id = c.relay_session_id
       LEFT JOIN turn_server ts ON ts.id = s.server_id
       WHERE c.call_id = $1 ORDER BY c.participant_id`,
      [callId],
    );
    return res.rows;
  } finally {
    await client.end();
  }
}

test.describe("relayed calls through coturn, seen from the browser and joined with the server's sessions", () => {
  let dir: string;
  let turn: Coturn;
  let agent: ChildProcess;
  let appKey: string;
  const server = "e2e-coturn";

  test.beforeAll(async ({ baseURL }) => {
    test.setTimeout(120_000);
    dir = await mkdtemp(path.join(tmpdir(), "rs-e2e-turn-"));
    turn = await startCoturn(dir);
    const urls = [`turn:127.0.0.1:${turn.listeningPort}?transport=udp`, `turns:127.0.0.1:${turn.tlsPort}?transport=tcp`];
    const added = await runCli(["server", "add", server, ...urls.flatMap((u) => ["--url", u])]);
    expect(added.code, added.stderr).toBe(0);
    const app = await runCli(["app", "add", "e2e-calls", "--origin", new URL(baseURL as string).origin]);
    expect(app.code, app.stderr).toBe(0);
    const key = await runCli(["key", "create", "--kind", "app", "--app", "e2e-calls", "--name", "e2e-sdk", "--json"]);
    expect(key.code, key.stderr).toBe(0);
    appKey = JSON.parse(key.stdout).key;
    const collector = await runCli(["key", "create", "--kind", "collector", "--server", server, "--name", "e2e-agent", "--json"]);
    expect(collector.code, collector.stderr).toBe(0);
    agent = spawn(
      process.execPath,
      [
        CLI,
        "collect",
        "coturn",
        "--file",
        turn.logFile,
        "--server",
        server,
        "--push",
        baseURL as string,
        "--key",
        JSON.parse(collector.stdout).key,
        // The log began before the agent: read it whole (without this the agent starts at the end,
        // and a slow start would miss the first calls' allocations).
        "--from-start",
      ],
      { cwd: ROOT, stdio: "ignore", env: { ...process.env, LOG_LEVEL: "warn" } },
    );
    // The agent is running once coturn's startup banner has arrived as a server run.
    await expect.poll(() => serverRuns(server), { timeout: 30_000 }).toBeGreaterThan(0);
  });

  test.afterAll(async () => {
    if (agent) await stopChild(agent);
    if (turn) await turn.stop();
    await removeAppsAndServers(["e2e-calls"], [server]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test.beforeEach(async ({ page, baseURL }) => {
    // The app's own origin is the one the app allows: load a page there that embeds the SDK.
    await pageWithSdk(page, `${baseURL}/e2e-call-page`);
  });

  const cases = [
    {
      name: "UDP",
      kind: "turn-udp",
      transport: "udp",
      user: "alice",
      url: (t: Coturn) => `turn:127.0.0.1:${t.listeningPort}?transport=udp`,
    },
    { name: "TCP", kind: "turn-tcp", transport: "tcp", user: "bob", url: (t: Coturn) => `turn:127.0.0.1:${t.listeningPort}?transport=tcp` },
    { name: "TLS", kind: "turn-tls", transport: "tls", user: "carol", url: (t: Coturn) => `turns:127.0.0.1:${t.tlsPort}?transport=tcp` },
  ] as const;

  for (const c of cases) {
    test(`a call relayed over ${c.name} is stored as ${c.kind} and joined to its coturn session`, async ({ page }) => {
      test.setTimeout(90_000);
      const callId = `e2e-${c.transport}-${Date.now()}`;
      const call = await relayedCall(page, appKey, {
        iceServers: [{ urls: c.url(turn), username: c.user, credential: TURN_USERS[c.user] }],
        callId,
        turnUsername: c.user,
        runMs: 5000,
        connectTimeoutMs: 20_000,
      });
      expect(call.connected).toBe(true);
      for (const l of call.local) {
        expect(l?.candidateType).toBe("relay");
        expect(l?.relayProtocol).toBe(c.transport);
      }
      // The agent delivers coturn's lines within a second or two; the join happens at ingest, or in
      // the join-retry job for bodies that arrived first. coturn names the client transport when the
      // session closes (the browser deallocates on close).
      await expect
        .poll(
          async () => (await storedConnections(callId)).filter((r) => r.relay_session_id !== null && r.session_transport !== null).length,
          {
            timeout: 75_000,
          },
        )
        .toBe(2);
      const rows = await storedConnections(callId);
      expect(rows.map((r) => r.participant_id)).toEqual(["callee", "caller"]);
      for (const [i, row] of rows.entries()) {
        const local = call.local[row.participant_id === "caller" ? 0 : 1];
        expect(row.path_kind, `${row.participant_id} ${i}`).toBe(c.kind);
        expect(row.forced_relay).toBe(true);
        expect(row.turn_url).toBe(c.url(turn));
        expect(row.relay_port).toBe(local?.port);
        expect(row.session_relay_port).toBe(local?.port);
        expect(row.relay_ip).toBe("127.0.0.1");
        expect(row.session_relay_ip).toBe(row.relay_ip);
        expect(row.session_server).toBe(server);
        expect(row.session_transport).toBe(c.transport);
        expect(row.session_user).toBe(c.user);
        expect(row.bytes_sent).toBeGreaterThan(0);
      }
      expect(new Set(rows.map((r) => r.relay_session_id)).size).toBe(2);
    });
  }

  test("a wrong TURN password is stored as a 401 ICE error, with no path and no join", async ({ page }) => {
    test.setTimeout(60_000);
    const callId = `e2e-401-${Date.now()}`;
    const url = `turn:127.0.0.1:${turn.listeningPort}?transport=udp`;
    const call = await relayedCall(page, appKey, {
      iceServers: [{ urls: url, username: "dave", credential: "not-the-password" }],
      callId,
      runMs: 0,
      connectTimeoutMs: 6000,
    });
    expect(call.connected).toBe(false);
    expect(call.iceErrors.some((e) => e.errorCode === 401)).toBe(true);
    await expect.poll(async () => (await storedConnections(callId)).length, { timeout: 20_000 }).toBe(2);
    for (const row of await storedConnections(callId)) {
      expect(row.path_kind).toBeNull();
      expect(row.relay_session_id).toBeNull();
      expect(row.ice_errors).toEqual(expect.arrayContaining([expect.objectContaining({ url, code: 401 })]));
    }
  });

  test("the setup page shows what the app's pages sent and how much of it joined", async ({ page }) => {
    await signInPage(page, await addUser("admin"));
    await page.goto("/setup");
    const row = page.getByRole("row", { name: /e2e-calls/ });
    // Three relayed calls of two connections each, all joined; the wrong password's two never connected.
    await expect(row).toContainText("8 connections, 6 relayed, 6 joined to coturn sessions");
    await page.screenshot({ path: "test-results/screenshots/setup-apps.png", fullPage: true });
  });
});
