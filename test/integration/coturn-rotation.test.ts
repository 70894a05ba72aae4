// AC "Rotation test: rename and copytruncate mid-stream → totals exact". The real CLI
// (`relayscope collect coturn --direct`) follows a log that this test writes from a real coturn log,
// while the test rotates it twice: logrotate's rename (the writer keeps writing to the renamed file
// until it reopens, as coturn does until SIGHUP) and copytruncate (the copy gets a dateext name).
// The database must then hold exactly the log's own usage totals, each delta once.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { closeSync, copyFileSync, openSync, readFileSync, renameSync, truncateSync, writeSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ROOT, runCli } from "../support/cli";
import { databaseTotals, logTotals, totalsDiff } from "../support/coturn-log-totals";
import { testDatabaseUrl, uid, withClient } from "../support/db";
import { startCollector } from "../support/process";

const DATABASE_URL = testDatabaseUrl();
const FIXTURE = path.join(ROOT, "test", "fixtures", "coturn", "s12-mixed-realistic-load.log");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Split points near a third and two thirds of the log, moved forward to a line that occurs once and
 * starts a record: each file's first line is its identity, so two files must not share it.
 */
function splitPoints(lines: string[]): [number, number] {
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1);
  const at = (i: number) => {
    while (counts.get(lines[i]) !== 1 || !/^\d{4}-\d\d-\d\dT/.test(lines[i])) i++;
    return i;
  };
  const a = at(Math.floor(lines.length / 3));
  return [a, at(Math.max(a + 1, Math.floor((2 * lines.length) / 3)))];
}

/** Writes lines through `fd` in a few slices with pauses, like a live server. */
async function writeSlowly(fd: number, lines: string[], slices = 6, pauseMs = 40): Promise<void> {
  const size = Math.ceil(lines.length / slices);
  for (let i = 0; i < lines.length; i += size) {
    writeSync(fd, lines.slice(i, i + size).join(""));
    await sleep(pauseMs);
  }
}

async function checkpoints(server: string): Promise<number> {
  return withClient(DATABASE_URL, async (c) => {
    const r = await c.query(
      `SELECT count(*)::int AS n FROM collector_checkpoint k JOIN turn_server t ON t.id = k.server_id WHERE t.name = $1`,
      [server],
    );
    return r.rows[0].n;
  });
}

async function usageRows(server: string): Promise<{ rows: number; distinct: number }> {
  return withClient(DATABASE_URL, async (c) => {
    const r = await c.query(
      `SELECT count(*)::int AS rows, count(DISTINCT d.id)::int AS distinct
         FROM relay_usage_delta d JOIN turn_server t ON t.id = d.server_id WHERE t.name = $1`,
      [server],
    );
    return r.rows[0];
  });
}

describe("collect coturn: rotations mid-stream", () => {
  let dir: string;
  let collector: ChildProcess | undefined;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "relayscope-rotation-"));
  });
  after(async () => {
    collector?.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
  });

  it("rename and copytruncate while the collector follows: totals exact, every delta once", async () => {
    const server = `rot-${uid()}`;
    const env = { DATABASE_URL, RELAYSCOPE_DATA_DIR: path.join(dir, "data"), LOG_LEVEL: "warn" };
    const added = await runCli(["server", "add", server], env);
    assert.equal(added.code, 0, added.stderr);

    const text = readFileSync(FIXTURE, "utf8");
    const lines = text.split(/(?<=\n)/); // keeps each newline
    const [a, b] = splitPoints(lines);
    const log = path.join(dir, "turn.log");
    let fd = openSync(log, "a");
    writeSync(fd, lines.slice(0, 5).join("")); // the file exists with its first line before the agent starts

    const running = startCollector(
      [
        "--file",
        log,
        "--server",
        server,
        "--direct",
        "--from-start",
        "--agent-id",
        "rotation-agent",
        "--poll-ms",
        "50",
        "--status-interval",
        "0",
      ],
      env,
    );
    collector = running.child;
    const output = running.output;
    const exited = running.exited;
    // Rotations must happen while the agent follows (mid-stream), so wait for its first checkpoint.
    const started = Date.now() + 60_000;
    while ((await checkpoints(server)) === 0) {
      assert.ok(Date.now() < started && collector.exitCode === null, `the collector did not start: ${output()}`);
      await sleep(100);
    }

    // File 1, then a rename rotation mid-stream: the writer goes on writing to the renamed file for a
    // while (coturn until its SIGHUP), then reopens the configured name.
    const cut = Math.floor((5 + a) / 2);
    await writeSlowly(fd, lines.slice(5, cut));
    renameSync(log, `${log}.1`);
    await writeSlowly(fd, lines.slice(cut, a), 3);
    closeSync(fd);
    fd = openSync(log, "a");

    // File 2, then copytruncate mid-stream: the last slice, the copy and the truncation happen at
    // once, so the collector may find part of file 2 only in the copy.
    const cut2 = Math.floor((a + b) / 2);
    await writeSlowly(fd, lines.slice(a, cut2));
    writeSync(fd, lines.slice(cut2, b).join(""));
    copyFileSync(log, `${log}-20261121`);
    truncateSync(log, 0);
    // File 3: the same descriptor (O_APPEND) now writes from byte 0 of the truncated file.
    await writeSlowly(fd, lines.slice(b));
    closeSync(fd);

    const expected = logTotals(text);
    assert.ok(expected.usageLines > 20, "the fixture has usage lines on both sides of each rotation");
    const deadline = Date.now() + 60_000;
    let diffs = totalsDiff(expected.sessions, await databaseTotals(DATABASE_URL, server));
    while (diffs.length > 0 && Date.now() < deadline) {
      await sleep(250);
      diffs = totalsDiff(expected.sessions, await databaseTotals(DATABASE_URL, server));
    }
    collector.kill("SIGTERM");
    assert.equal(await exited, 0, output());
    assert.deepEqual(diffs, [], output());
    assert.deepEqual(await usageRows(server), { rows: expected.usageLines, distinct: expected.usageLines }, "each usage line once");
    // Every line was read exactly once across the three files (final status line).
    assert.match(output(), new RegExp(`coturn: ${lines.length.toLocaleString("en-US")} lines`), output());

    // A restart resumes from the checkpoints: nothing is read or stored again.
    const again = await runCli(
      [
        "collect",
        "coturn",
        "--file",
        log,
        "--server",
        server,
        "--direct",
        "--agent-id",
        "rotation-agent",
        "--once",
        "--status-interval",
        "0",
      ],
      env,
    );
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, / 0 events delivered/, again.stderr);
    assert.deepEqual(await usageRows(server), { rows: expected.usageLines, distinct: expected.usageLines });
    assert.deepEqual(totalsDiff(expected.sessions, await databaseTotals(DATABASE_URL, server)), []);
  });

  it("bad options: one clear line, exit 1", async () => {
    const env = { DATABASE_URL };
    const cases: [string[], RegExp][] = [
      [["--server", "x", "--direct"], /^relayscope: --file is required/],
      [["--file", "/tmp/x.log", "--server", "x"], /^relayscope: use exactly one of --direct .* or --push/],
      [["--file", "/tmp/x.log", "--server", "x", "--direct", "--push", "http://127.0.0.1:1"], /^relayscope: use exactly one of/],
      [["--file", "/tmp/x.log", "--server", "x", "--push", "http://127.0.0.1:1"], /^relayscope: --key is required with --push/],
      [
        ["--file", "/tmp/x.log", "--server", "x", "--push", "ftp://h", "--key", "k"],
        /^relayscope: --push "ftp:\/\/h": must be the app's base URL/,
      ],
      [
        ["--file", "/tmp/x.log", "--server", "x", "--push", "http://127.0.0.1:1", "--key", "nope"],
        /^relayscope: --key is not a collector key/,
      ],
      [["--file", "/tmp/x.log", "--server", "x", "--direct", "--poll-ms", "fast"], /^relayscope: --poll-ms "fast"/],
      [["--file", "/tmp/x.log", "--server", "Bad Name", "--direct"], /^relayscope: --server "Bad Name"/],
      [
        ["--file", "/tmp/x.log", "--server", `nope-${uid()}`, "--direct"],
        /^relayscope: unknown server "nope-.*": add it first with `relayscope server add/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(["collect", "coturn", ...args], env);
      assert.equal(r.code, 1, args.join(" "));
      assert.match(r.stderr, message, args.join(" "));
      assert.equal(r.stderr.trim().split("\n").length, 1, `one line for ${args.join(" ")}: ${r.stderr}`);
    }
  });
});
