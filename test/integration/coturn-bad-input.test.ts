// Acceptance criterion 6 (bad input): binary garbage, a truncated line, a 1 MB line, invalid UTF-8,
// another program's lines and events the app rejects, mixed into a real coturn log and pushed into
// the running app: each is skipped or quarantined with a counted reason (status output, /metrics),
// nothing crashes, and every good line around them is stored.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type RunningApp, startApp } from "../support/app";
import { ROOT, runCli } from "../support/cli";
import { databaseTotals, logTotals, totalsDiff } from "../support/coturn-log-totals";
import { testDatabaseUrl, uid, withClient } from "../support/db";

const DATABASE_URL = testDatabaseUrl();
const FIXTURES = path.join(ROOT, "test", "fixtures", "coturn");

/** Inserts `extra` after the line at `index` of `lines`. */
function insertAfter(lines: Buffer[], index: number, ...extra: Buffer[]): void {
  lines.splice(index + 1, 0, ...extra);
}

function splitLines(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
    out.push(buf.subarray(start, nl));
    start = nl + 1;
  }
  return out;
}

describe("bad input in the log", () => {
  let dir: string;
  let app: RunningApp;
  const env = () => ({ DATABASE_URL, RELAYSCOPE_DATA_DIR: path.join(dir, "data") });

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "relayscope-bad-input-"));
    app = await startApp(env());
  });
  after(async () => {
    await app?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("plain coturn log: garbage skipped with reasons, rejected events quarantined, good lines kept", async () => {
    const server = `bad-input-${uid()}`;
    assert.equal((await runCli(["server", "add", server], env())).code, 0);
    const key = await runCli(["key", "create", "--kind", "collector", "--name", "bad-input", "--server", server], env());
    assert.equal(key.code, 0, key.stderr);

    const original = await readFile(path.join(FIXTURES, "s01-ltcred-udp-basic.log"));
    const lines = splitLines(original);
    const ts = "2026-11-21T08:32:00+0000";
    insertAfter(lines, 60, Buffer.from([0x00, 0x01, 0xff, 0x13, 0x00, 0x7f, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]));
    insertAfter(lines, 90, Buffer.from("2026-11-21T08:32:0"), Buffer.from("x".repeat(1_048_576)));
    insertAfter(
      lines,
      120,
      // Invalid UTF-8 in a username: kept (with replacement characters) and counted.
      Buffer.concat([
        Buffer.from(`${ts}: session 000000000000000777: realm <example.test> user <m`),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from(">: incoming packet message processed, error 401: Unauthorized"),
      ]),
      // A username past the 255-character bound of the wire format.
      Buffer.from(`${ts}: session 000000000000000778: new, realm=<example.test>, username=<${"u".repeat(300)}>, lifetime=600`),
      // Rejected by the app's time window (far in the future): quarantined.
      Buffer.from(
        "2150-01-01T00:00:00+0000: session 000000000000000779: realm <example.test> user <>: incoming packet message processed, error 401: Unauthorized",
      ),
    );
    const log = path.join(dir, `${server}.log`);
    await writeFile(log, Buffer.concat(lines.flatMap((l) => [l, Buffer.from("\n")])));

    const r = await runCli(
      [
        "collect",
        "coturn",
        "--file",
        log,
        "--server",
        server,
        "--push",
        app.url,
        "--key",
        key.stdout.trim(),
        "--once",
        "--status-interval",
        "0",
      ],
      env(),
      120_000,
    );
    assert.equal(r.code, 0, r.stderr);
    // The final status line names each reason with its count.
    assert.match(r.stderr, /skipped: [^\n]*binary 1/, r.stderr);
    assert.match(r.stderr, /skipped: [^\n]*too_long 1/, r.stderr);
    assert.match(r.stderr, /skipped: [^\n]*invalid_utf8 1/, r.stderr);
    assert.match(r.stderr, /\(\d+ quarantined\)/, r.stderr);

    // Every good line around the garbage arrived: the totals are the original log's.
    const expected = logTotals(original.toString("utf8"));
    assert.deepEqual(totalsDiff(expected.sessions, await databaseTotals(DATABASE_URL, server)), []);

    await withClient(DATABASE_URL, async (c) => {
      const q = await c.query(
        "SELECT q.reason FROM quarantined_event q JOIN turn_server t ON t.id = q.server_id WHERE t.name = $1 ORDER BY q.reason",
        [server],
      );
      assert.ok(
        q.rows.some((row) => /^time_range: /.test(row.reason)),
        JSON.stringify(q.rows),
      );
      // An over-long field is bounded by the agent (the session is kept, its username cut to 255).
      const long = await c.query(
        "SELECT length(s.username) AS n FROM relay_session s JOIN turn_server t ON t.id = s.server_id WHERE t.name = $1 AND s.coturn_session_id = 778",
        [server],
      );
      assert.deepEqual(long.rows, [{ n: 255 }]);
      const kept = await c.query(
        "SELECT count(*)::int AS n FROM relay_session s JOIN turn_server t ON t.id = s.server_id WHERE t.name = $1 AND s.coturn_session_id = 777",
        [server],
      );
      assert.equal(kept.rows[0].n, 1, "the line with invalid UTF-8 was parsed, not dropped");
    });

    // /metrics: skipped lines by reason for this agent, and quarantined events by reason.
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    const skipped = (reason: string) =>
      new RegExp(`relayscope_collector_lines_skipped\\{[^}]*server="${server}"[^}]*reason="${reason}"[^}]*\\} 1\\b`);
    for (const reason of ["binary", "too_long", "invalid_utf8"]) assert.match(metrics, skipped(reason));
    assert.match(metrics, /relayscope_ingest_quarantined_total\{[^}]*source="coturn"[^}]*\} [1-9]/);
  });

  it("syslog-wrapped log shared with other programs: their lines are counted as foreign and skipped", async () => {
    const server = `bad-input-syslog-${uid()}`;
    assert.equal((await runCli(["server", "add", server], env())).code, 0);
    const original = await readFile(path.join(FIXTURES, "synthetic", "p03-journald-uptime.log"), "utf8");
    const lines = original.split("\n");
    const foreign = [
      "Nov 21 08:40:35 turnhost sshd[901]: Accepted publickey for ops from 198.51.100.7 port 52000 ssh2",
      "Nov 21 08:40:36 turnhost CRON[902]: (root) CMD (run-parts /etc/cron.hourly)",
    ];
    lines.splice(40, 0, ...foreign);
    const log = path.join(dir, `${server}.log`);
    await writeFile(log, lines.join("\n"));
    const r = await runCli(
      ["collect", "coturn", "--file", log, "--server", server, "--direct", "--once", "--status-interval", "0"],
      env(),
      120_000,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /skipped: [^\n]*foreign 2/, r.stderr);
    const expected = logTotals(original);
    assert.deepEqual(totalsDiff(expected.sessions, await databaseTotals(DATABASE_URL, server)), []);
  });
});
