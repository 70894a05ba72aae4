// Acceptance criterion 5: kill -9 the collector at several points while the log grows and restart
// it → totals exact (no loss, no double count). Then the same with the app stopped for a while:
// the agent buffers and retries, then catches up.
import assert from "node:assert/strict";
import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { generateCoturnLog } from "../../scripts/bench/coturn-log-generator";
import { startApp } from "../support/app";
import { runCli } from "../support/cli";
import { databaseTotals, logTotals, totalsDiff } from "../support/coturn-log-totals";
import { testDatabaseUrl, uid, withClient } from "../support/db";
import { startCollector } from "../support/process";

const DATABASE_URL = testDatabaseUrl();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Appends `source` to `target` in small slices, like a live coturn writing, until done. */
async function writeSlowly(source: string, target: string, slices: number, pauseMs: number): Promise<void> {
  const size = Math.ceil(source.length / slices);
  for (let i = 0; i < source.length; i += size) {
    await appendFile(target, source.slice(i, i + size));
    await sleep(pauseMs);
  }
}

async function usageRowCount(server: string): Promise<number> {
  return withClient(DATABASE_URL, async (c) => {
    const r = await c.query(
      "SELECT count(*)::int AS n FROM relay_usage_delta d JOIN turn_server t ON t.id = d.server_id WHERE t.name = $1",
      [server],
    );
    return r.rows[0].n;
  });
}

describe("collector crash and app outage", () => {
  let dir: string;
  let source: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "relayscope-coturn-crash-"));
    const generated = path.join(dir, "generated.log");
    await generateCoturnLog(generated, 3_000_000, 7);
    source = await readFile(generated, "utf8");
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("kill -9 at several points, restart: every delta exactly once", async () => {
    const server = `crash-${uid()}`;
    const env = { DATABASE_URL, RELAYSCOPE_DATA_DIR: path.join(dir, "data") };
    assert.equal((await runCli(["server", "add", server], env)).code, 0);
    const log = path.join(dir, `${server}.log`);
    await writeFile(log, "");
    const args = ["--file", log, "--server", server, "--direct", "--from-start", "--agent-id", "crash-agent", "--poll-ms", "50"];

    const expectedRows = logTotals(source).usageLines;
    const writing = writeSlowly(source, log, 40, 150);
    // Kill points: once during start-up, then each time right after the collector has stored more
    // rows than before (so every kill falls mid-stream, with later batches read or in flight).
    const progress: number[] = [];
    const early = startCollector(args, env);
    await sleep(300);
    early.child.kill("SIGKILL");
    await early.exited;
    progress.push(await usageRowCount(server));
    for (let kill = 0; kill < 4; kill++) {
      const c = startCollector(args, env);
      const before = progress.at(-1) ?? 0;
      const deadline = Date.now() + 30_000;
      while ((await usageRowCount(server)) <= before && Date.now() < deadline) await sleep(25);
      await sleep(Math.random() * 200);
      c.child.kill("SIGKILL");
      await c.exited;
      progress.push(await usageRowCount(server));
      if (progress.at(-1) === expectedRows) break;
    }
    await writing;
    const final = startCollector([...args, "--once"], env);
    const code = await final.exited;
    assert.equal(code, 0, final.output());

    const expected = logTotals(source);
    const diffs = totalsDiff(expected.sessions, await databaseTotals(DATABASE_URL, server));
    assert.deepEqual(diffs.slice(0, 20), [], final.output());
    assert.equal(await usageRowCount(server), expected.usageLines, "each usage line stored once");
    // The kills really fell mid-stream: rows were stored before some kills and more after them.
    const partial = new Set(progress.filter((n) => n > 0 && n < expected.usageLines));
    assert.ok(partial.size >= 2, `stored rows after each kill: ${progress.join(", ")} of ${expected.usageLines}`);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i] >= progress[i - 1], "nothing stored is ever lost");
  });

  it("the app stopped for a while: the agent retries, buffers, then catches up", async () => {
    const server = `outage-${uid()}`;
    const env = { DATABASE_URL, RELAYSCOPE_DATA_DIR: path.join(dir, "data") };
    assert.equal((await runCli(["server", "add", server], env)).code, 0);
    const key = await runCli(["key", "create", "--kind", "collector", "--name", "outage-agent", "--server", server], env);
    assert.equal(key.code, 0, key.stderr);
    let app = await startApp(env);
    const port = app.port;
    const log = path.join(dir, `${server}.log`);
    await writeFile(log, "");
    const c = startCollector(
      [
        "--file",
        log,
        "--server",
        server,
        "--push",
        app.url,
        "--key",
        key.stdout.trim(),
        "--from-start",
        "--poll-ms",
        "50",
        "--status-interval",
        "1",
      ],
      env,
    );
    try {
      const half = source.lastIndexOf("\n", Math.floor(source.length / 2)) + 1;
      await writeSlowly(source.slice(0, half), log, 10, 50);
      await app.stop();
      // The log keeps growing while the app is down; the agent must keep it and retry.
      await writeSlowly(source.slice(half), log, 10, 100);
      await sleep(2000);
      assert.equal(c.child.exitCode, null, `the collector must survive the outage:\n${c.output()}`);
      app = await startApp(env, port);
      const expected = logTotals(source);
      const deadline = Date.now() + 60_000;
      let diffs: string[] = ["not checked"];
      while (Date.now() < deadline) {
        diffs = totalsDiff(expected.sessions, await databaseTotals(DATABASE_URL, server));
        if (diffs.length === 0) break;
        await sleep(500);
      }
      assert.deepEqual(diffs.slice(0, 20), [], c.output().slice(-3000));
      assert.equal(await usageRowCount(server), expected.usageLines);
      assert.match(c.output(), /retry|unreachable|ECONNREFUSED|fetch failed/i, "the outage was reported");
    } finally {
      c.child.kill("SIGTERM");
      await c.exited;
      await app.stop();
    }
  });
});
