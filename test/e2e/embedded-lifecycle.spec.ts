// The embedded default through the real product process: `relayscope start` with no DATABASE_URL
// creates its database, a CLI command joins it while it runs, SIGTERM stops everything cleanly,
// and the next start finds the data again.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort } from "../../lib/net/ports";
import { CLI, ROOT, runCli } from "../support/cli";
import { TEST_PASSWORD } from "../support/users";

type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

// detached: the command leads its own process group, as in a terminal, so a test can signal the
// whole group the way Ctrl-C does (the embedded postgres is in that group too).
function start(dataDir: string, port: number): Started {
  let output = "";
  const child = spawn(process.execPath, [CLI, "start", "--port", String(port)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: "", RELAYSCOPE_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  running.add(child);
  child.on("exit", () => running.delete(child));
  return { child, output: () => output, exited };
}

// A failed assertion must not leave an app and its embedded PostgreSQL running for the rest of the
// suite (seen: one kept a core busy for half an hour): whatever is still up after a test is killed
// with its process group.
const running = new Set<ChildProcess>();
test.afterEach(() => {
  for (const child of running) {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  running.clear();
});

const postmasterPid = (dataDir: string) => path.join(dataDir, "pgdata", "postmaster.pid");

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("start → CLI joins → SIGTERM stops cleanly → restart keeps the data", async ({ request }) => {
  test.setTimeout(120_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "relayscope-lifecycle-"));
  const port = await freePort();
  const health = `http://127.0.0.1:${port}/api/health`;
  const env = { DATABASE_URL: "", RELAYSCOPE_DATA_DIR: dataDir };
  try {
    const first = start(dataDir, port);
    await expect.poll(async () => (await request.get(health).catch(() => null))?.status(), { timeout: 60_000 }).toBe(200);
    expect(first.output()).toContain("embedded PostgreSQL");

    const added = await runCli(["server", "add", "turn-kept-1", "--region", "eu-west"], env);
    expect(added.code, added.stderr).toBe(0);

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain("relayscope: stopped");
    expect(existsSync(postmasterPid(dataDir)), "postgres stopped with it").toBe(false);

    const second = start(dataDir, port);
    await expect.poll(async () => (await request.get(health).catch(() => null))?.status(), { timeout: 60_000 }).toBe(200);
    const listed = await runCli(["server", "list", "--json"], env);
    expect(JSON.parse(listed.stdout).map((s: { name: string }) => s.name)).toContain("turn-kept-1");
    // The first start made the first admin; one more, added by the CLI beside the running app, signs in.
    expect(first.output()).toContain("first admin created");
    const admin = await runCli(["user", "add", "kept@e2e.test", "--role", "admin", "--password-stdin"], env, 60_000, TEST_PASSWORD);
    expect(admin.code, admin.stderr).toBe(0);
    const origin = `http://127.0.0.1:${port}`;
    const signIn = await request.post(`${origin}/api/auth/sign-in/email`, {
      data: { email: "kept@e2e.test", password: TEST_PASSWORD },
      headers: { origin },
    });
    expect(signIn.status()).toBe(200);
    const setup = await request.get(`${origin}/setup`);
    expect(await setup.text()).toContain("turn-kept-1");
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test("Ctrl-C to the whole process group (node and postgres) stops cleanly and promptly", async ({ request }) => {
  test.setTimeout(120_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "relayscope-ctrlc-"));
  const port = await freePort();
  try {
    const run = start(dataDir, port);
    await expect
      .poll(async () => (await request.get(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.status(), { timeout: 60_000 })
      .toBe(200);
    const t0 = Date.now();
    process.kill(-(run.child.pid as number), "SIGINT");
    expect(await run.exited).toBe(0);
    expect(Date.now() - t0, "well before the 20 s forced exit").toBeLessThan(10_000);
    expect(run.output()).toContain("relayscope: stopped");
    expect(existsSync(postmasterPid(dataDir))).toBe(false);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test("a failure after the database is up stops the embedded database too", async () => {
  test.setTimeout(120_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "relayscope-late-failure-"));
  const port = await freePort();
  const squatter = net.createServer();
  try {
    const run = start(dataDir, port);
    // The port is free at the preflight; take it once the database is ready, before the app listens.
    await waitFor(() => run.output().includes("database ready"), 60_000);
    await new Promise<void>((r) => squatter.listen(port, "127.0.0.1", r));
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`relayscope: port ${port} on 127.0.0.1 is in use`);
    expect(existsSync(postmasterPid(dataDir)), "postgres stopped, not orphaned").toBe(false);
  } finally {
    squatter.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
