// The embedded default through the real product process: `relayscope start` with no DATABASE_URL
// creates its database, a CLI command joins it while it runs, SIGTERM stops everything cleanly,
// and the next start finds the data again.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort } from "../../lib/net/ports";
import { CLI, ROOT, runCli } from "../support/cli";

type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function start(dataDir: string, port: number): Started {
  let output = "";
  const child = spawn(process.execPath, [CLI, "start", "--port", String(port)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: "", RELAYSCOPE_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
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
    expect(existsSync(path.join(dataDir, "pgdata", "postmaster.pid")), "postgres stopped with it").toBe(false);

    const second = start(dataDir, port);
    await expect.poll(async () => (await request.get(health).catch(() => null))?.status(), { timeout: 60_000 }).toBe(200);
    const listed = await runCli(["server", "list", "--json"], env);
    expect(JSON.parse(listed.stdout).map((s: { name: string }) => s.name)).toContain("turn-kept-1");
    const home = await request.get(`http://127.0.0.1:${port}/`);
    expect(await home.text()).toContain("turn-kept-1");
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
