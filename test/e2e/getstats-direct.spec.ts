// Acceptance criterion 3 of the getStats issue: a direct (host ↔ host) call. Chromium runs inside a
// network namespace this test creates, joined to the machine by a veth pair (198.18.0.1 here,
// 198.18.0.2 there, RFC 2544 benchmarking space), so its host candidates are on that link and no
// traffic leaves the machine. The app is reached from the namespace through a TCP forwarder on the
// veth address; the page's origin is that address, which the app allows.
import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chromium, expect, test } from "@playwright/test";
import pg from "pg";
import { freePort } from "../../lib/net/ports";
import { callInPage, sdkLoaded } from "../support/browser-call";
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from "../support/chromium";
import { runCli } from "../support/cli";
import { removeAppsAndServers } from "../support/e2e-cleanup";

const run = promisify(execFile);
const HOST_ADDR = "198.18.0.1";
const NS_ADDR = "198.18.0.2";

test.skip(process.getuid?.() !== 0, "network namespaces need root (CI runs as root)");

type Namespace = { name: string; remove: () => Promise<void> };

/**
 * A run that timed out never reached its cleanup: its namespace and host-side veth still hold
 * 198.18.0.1, and a second route to it would swallow this run's packets. Remove such leftovers.
 */
async function removeLeftovers(ip: (...args: string[]) => Promise<unknown>): Promise<void> {
  const { stdout: namespaces } = await run("ip", ["netns", "list"]);
  for (const name of namespaces
    .split("\n")
    .map((l) => l.split(" ")[0])
    .filter((n) => n.startsWith("rs-e2e-")))
    await ip("netns", "del", name).catch(() => {});
  const { stdout: links } = await run("ip", ["-o", "link", "show"]);
  for (const m of links.matchAll(/^\d+: (rsh[a-z0-9]{5})[@:]/gm)) await ip("link", "del", m[1]).catch(() => {});
}

async function createNamespace(): Promise<Namespace> {
  const id = Math.random().toString(36).slice(2, 7);
  const name = `rs-e2e-${id}`;
  const hostIf = `rsh${id}`;
  const nsIf = `rsn${id}`;
  const ip = (...args: string[]) => run("ip", args);
  await removeLeftovers(ip);
  await ip("netns", "add", name);
  try {
    await ip("link", "add", hostIf, "type", "veth", "peer", "name", nsIf);
    await ip("link", "set", nsIf, "netns", name);
    await ip("addr", "add", `${HOST_ADDR}/30`, "dev", hostIf);
    await ip("link", "set", hostIf, "up");
    await ip("netns", "exec", name, "ip", "addr", "add", `${NS_ADDR}/30`, "dev", nsIf);
    await ip("netns", "exec", name, "ip", "link", "set", nsIf, "up");
    await ip("netns", "exec", name, "ip", "link", "set", "lo", "up");
  } catch (err) {
    await ip("link", "del", hostIf).catch(() => {});
    await ip("netns", "del", name).catch(() => {});
    throw err;
  }
  return {
    name,
    remove: async () => {
      await ip("link", "del", hostIf).catch(() => {});
      await ip("netns", "del", name).catch(() => {});
    },
  };
}

/** A TCP forwarder: HOST_ADDR:port → the app on 127.0.0.1. */
/**
 * The app as the namespace sees it: an HTTP server on the host side of the veth pair that serves the
 * customer's call page itself (at CALL_PAGE, no CSP of ours on it: it is not our page) and passes
 * every other request to the app. A page served by the network, not injected by Playwright, keeps
 * Chromium's local-network-access rules out of the way.
 */
const CALL_PAGE = "/e2e-call-page";

async function forward(toPort: number): Promise<{ port: number; close: () => Promise<void> }> {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    if (req.url === CALL_PAGE) {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<!doctype html><title>call</title><script src="/sdk.js"></script>`);
      return;
    }
    const upstream = http.request(
      { host: "127.0.0.1", port: toPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, HOST_ADDR, resolve));
  return {
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

test("a direct call from a browser in a network namespace is stored as direct", async ({ baseURL }) => {
  test.setTimeout(120_000);
  const ns = await createNamespace();
  const dir = await mkdtemp(path.join(tmpdir(), "rs-e2e-ns-"));
  const proxy = await forward(Number(new URL(baseURL as string).port));
  // Playwright talks to Chromium over a pipe, which `ip netns exec` passes through unchanged.
  const launcher = path.join(dir, "chromium-in-netns.sh");
  await writeFile(launcher, `#!/bin/sh\nexec ip netns exec ${ns.name} ${CHROMIUM_PATH} "$@"\n`);
  await chmod(launcher, 0o755);
  const origin = `http://${HOST_ADDR}:${proxy.port}`;
  const browser = await chromium.launch({
    executablePath: launcher,
    // Without media permission Chromium gathers host candidates only on the default-route interface
    // (the namespace has no default route) and hides them behind mDNS names; with permission it uses
    // every interface. getUserMedia needs a secure context, which http://198.18.0.1 is not unless told.
    args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS, `--unsafely-treat-insecure-origin-as-secure=${origin}`],
  });
  try {
    const app = await runCli(["app", "add", "e2e-direct", "--origin", origin]);
    expect(app.code, app.stderr).toBe(0);
    const key = await runCli(["key", "create", "--kind", "app", "--app", "e2e-direct", "--name", "e2e-direct-sdk", "--json"]);
    expect(key.code, key.stderr).toBe(0);
    const page = await browser.newPage();
    // Everything the SDK sends, to check that the page's own (host candidate) address is never in it.
    const sent: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/ingest/getstats")) sent.push(r.postData() ?? "");
    });
    await page.goto(`${origin}${CALL_PAGE}`);
    await sdkLoaded(page);
    const callId = `e2e-direct-${Date.now()}`;
    const call = await callInPage(page, JSON.parse(key.stdout).key, {
      iceServers: [],
      policy: "all",
      callId,
      audio: true,
      runMs: 4000,
      connectTimeoutMs: 20_000,
    });
    expect(call.connected).toBe(true);
    expect(call.local.map((l) => l?.candidateType)).toEqual(["host", "host"]);
    expect(sent.length).toBeGreaterThan(2);
    for (const body of sent) expect(body).not.toContain(NS_ADDR);

    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const rows = async () =>
        (
          await client.query(
            `SELECT participant_id, path_kind::text, local_candidate_type, remote_candidate_type, relay_port, turn_url,
               relay_session_id, join_attempts, bytes_sent::int, forced_relay, client_prefix::text
             FROM client_connection WHERE call_id = $1 ORDER BY participant_id`,
            [callId],
          )
        ).rows;
      await expect.poll(async () => (await rows()).filter((r) => r.bytes_sent > 0).length, { timeout: 20_000 }).toBe(2);
      for (const row of await rows()) {
        expect(row).toMatchObject({
          path_kind: "direct",
          local_candidate_type: "host",
          remote_candidate_type: "host",
          relay_port: null,
          turn_url: null,
          relay_session_id: null,
          join_attempts: 0,
          forced_relay: false,
          // The request came through the forwarder on this machine; only a prefix is stored.
          client_prefix: "127.0.0.0/24",
        });
      }
    } finally {
      await client.end();
    }
  } finally {
    await browser.close();
    await proxy.close();
    await removeAppsAndServers(["e2e-direct"], []);
    await ns.remove();
    await rm(dir, { recursive: true, force: true });
  }
});
