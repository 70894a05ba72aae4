// Sessionizer rules the corpus does not exercise on its own (restarts, reopen, aging, caps, anchors),
// on short logs written in the corpus's own line shapes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Sessionizer } from "../../../collectors/coturn/sessionize";
import { type CoturnEvent, coturnEvent } from "../../../collectors/schema/coturn";
import { pushAll, readLines, replay } from "./replay";

const at = (hms: string) => `2026-11-21T${hms}+0000: `;
const S1 = "000000000000000001";
const S2 = "001000000000000002";
const banner = (hms: string) => [`${at(hms)}log file opened: /var/log/turn_2026-11-21.log`, `${at(hms)}`, "Version Coturn-4.6.1 'Gorst'"];
const alloc = (hms: string, sid: string, user: string) => [
  `${at(hms)}session ${sid}: realm <example.test> user <>: incoming packet message processed, error 401: Unauthorized`,
  `${at(hms)}IPv4. Local relay addr: 127.0.0.1:49190`,
  `${at(hms)}session ${sid}: new, realm=<example.test>, username=<${user}>, lifetime=777`,
];
const usage = (hms: string, sid: string, rb: number) =>
  `${at(hms)}session ${sid}: usage: realm=<example.test>, username=<alice>, rp=1, rb=${rb}, sp=1, sb=1`;

function run(lines: string[], s = new Sessionizer()): CoturnEvent[] {
  const out: CoturnEvent[] = [];
  pushAll(s, lines, out);
  for (const e of out) assert.ok(coturnEvent.safeParse(e).success, JSON.stringify(e));
  return out;
}
const of = <T extends CoturnEvent["type"]>(events: CoturnEvent[], type: T) =>
  events.filter((e): e is Extract<CoturnEvent, { type: T }> => e.type === type);

describe("sessionizer: runs", () => {
  it("a `log file opened` reopen (daily rollover, SIGHUP) mid-run is not a restart; a banner is", () => {
    const events = run([
      ...banner("08:00:00"),
      ...alloc("08:00:01", S1, "alice"),
      `${at("09:00:00")}log file opened: /var/log/turn_2026-11-22.log`,
      usage("09:00:01", S1, 100),
      ...banner("10:00:00"),
      usage("10:00:05", S1, 5),
    ]);
    const runs = of(events, "run");
    assert.deepEqual(
      runs.map((r) => [r.ts, r.inferred]),
      [
        [Date.parse("2026-11-21T08:00:00Z"), false],
        [Date.parse("2026-11-21T10:00:00Z"), false],
      ],
    );
    const ends = of(events, "session").filter((e) => e.ended);
    assert.deepEqual(
      ends.map((e) => [e.sid, e.ended, e.ts, e.run]),
      [[S1, "server restart", runs[1].ts, runs[0].ts]],
    );
    // The same id in the new run is a new session (new run key), announced before its usage.
    const last = events.slice(-2);
    assert.deepEqual(
      last.map((e) => [e.type, "run" in e && e.run]),
      [
        ["session", runs[1].ts],
        ["usage", runs[1].ts],
      ],
    );
  });

  it("an uptime that goes back is a new process (uptime logs), its clock continuing from the last line", () => {
    const anchor = Date.UTC(2026, 10, 21, 8, 0, 0);
    const events = run(
      [
        "0: : log file opened: /var/log/turn.log",
        "0: : ",
        "Version Coturn-4.6.1 'Gorst'",
        "500: : IPv4. Local relay addr: 127.0.0.1:49190",
        "500: : session 001000000000000001: new, realm=<r>, username=<a>, lifetime=777",
        "0: : log file opened: /var/log/turn.log",
        "1: : session 001000000000000001: usage: realm=<r>, username=<a>, rp=1, rb=1, sp=1, sb=1",
      ],
      new Sessionizer({ uptimeAnchorMs: anchor }),
    );
    const runs = of(events, "run");
    assert.deepEqual(
      runs.map((r) => [r.ts, r.approximate]),
      [
        [anchor, true],
        [anchor + 500_000, true],
      ],
    );
    assert.equal(of(events, "usage")[0].ts, anchor + 501_000);
    assert.equal(of(events, "session").find((e) => e.ended)?.ended, "server restart");
  });

  it("`Terminating on signal` ends the open sessions with `server stop`", () => {
    const events = run([
      "2026-11-21T08:00:00.000+0000 INFO Coturn Version Coturn-4.17.1 'Gorst'",
      "2026-11-21T08:00:01.000+0000 INFO session 001000000000000001: new, realm=<r>, username=<a>, lifetime=20",
      "2026-11-21T08:00:02.500+0000 INFO Terminating on signal 15",
      "2026-11-21T08:00:05.000+0000 INFO All worker threads joined",
    ]);
    const ended = of(events, "session").find((e) => e.ended);
    assert.deepEqual(ended && [ended.ended, ended.ts], ["server stop", Date.parse("2026-11-21T08:00:02.500Z")]);
  });

  it("a log that begins mid-run gets an inferred run at its first timestamped line", () => {
    const events = run([`${at("08:30:00")}IO method (auth thread): epoll (with changelist)`, usage("08:30:01", S1, 10)]);
    const r = events[0];
    assert.deepEqual(r.type === "run" && [r.ts, r.inferred, r.version], [Date.parse("2026-11-21T08:30:00Z"), true, undefined]);
  });

  it("config warnings: once per run per text; one logged before the banner is sent after the run event", () => {
    const p = (s: string) => `2026-11-21T08:00:00.000+0000 ${s}`;
    const events = run([
      p("INFO log file opened: /x.log"),
      p("ERROR no-cli option is deprecated, see --cli"),
      p("INFO Coturn Version Coturn-4.17.1 'Gorst'"),
      p("WARNING CONFIG: allow_loopback_peers opens a possible security vulnerability. Do not use in production!!"),
      p("WARNING CONFIG: allow_loopback_peers opens a possible security vulnerability. Do not use in production!!"),
      p("INFO session 001000000000000001: new, realm=<r>, username=<a>, lifetime=20"),
      p("WARNING something at runtime"),
    ]);
    assert.deepEqual(
      events
        .filter((e) => e.type !== "session")
        .map((e) => (e.type === "event" ? e.message : `${e.type} ${e.type === "run" && e.version}`)),
      [
        "run 4.17.1",
        "no-cli option is deprecated, see --cli",
        "CONFIG: allow_loopback_peers opens a possible security vulnerability. Do not use in production!!",
      ],
    );
  });
});

describe("sessionizer: failures", () => {
  const err401 = (hms: string, sid: string, user: string) =>
    `${at(hms)}session ${sid}: realm <example.test> user <${user}>: incoming packet message processed, error 401: Unauthorized`;

  it("≤4.6.2: an ERROR line waits for its 401 (sid), is reported without one when it never comes, and stale nonces are not failures", () => {
    const events = run([
      ...banner("08:00:00"),
      err401("08:00:01", S1, ""),
      `${at("08:00:01")}ERROR: check_stun_auth: Cannot find credentials of user <alice:1795000000>`,
      err401("08:00:01", S1, "alice:1795000000"),
      `${at("08:00:02")}session ${S2}: realm <example.test> user <bob>: incoming packet message processed, error 438: Stale nonce`,
      `${at("08:00:03")}ERROR: check_stun_auth: user carol credentials are incorrect`,
      err401("08:00:03", S2, ""),
      `${at("08:00:20")}IPv4. tcp or tls connected to: 127.0.0.1:40000`,
    ]);
    const fails = of(events, "event").filter((e) => e.kind === "auth_failure");
    assert.deepEqual(
      fails.map((e) => [e.sid, e.username, e.reason, e.ts]),
      [
        [S1, "alice:1795000000", "expired_credential", Date.parse("2026-11-21T08:00:01Z")],
        [undefined, "carol", "wrong_password", Date.parse("2026-11-21T08:00:03Z")],
      ],
    );
    assert.equal(of(events, "event").length, 2);
  });

  it("without `verbose` the ERROR line is the whole report (no 401 line will come)", () => {
    const events = run([...banner("08:00:00"), `${at("08:00:10")}ERROR: check_stun_auth: user bob credentials are incorrect`]);
    assert.deepEqual(
      of(events, "event").map((e) => [e.kind, e.username, e.reason]),
      [["auth_failure", "bob", "wrong_password"]],
    );
  });

  it("`no available ports` is the failure only when no 508 line will report it", () => {
    const noPorts = (hms: string) => `${at(hms)}create_relay_ioa_sockets: no available ports 3`;
    assert.equal(of(run([...banner("08:00:00"), noPorts("08:00:01")]), "event").length, 1);
    const verbose = run([
      ...banner("08:00:00"),
      err401("08:00:01", S1, ""),
      noPorts("08:00:01"),
      `${at("08:00:01")}session ${S1}: realm <example.test> user <alice>: incoming packet ALLOCATE processed, error 508: Cannot create socket`,
      `${at("08:00:01")}session ${S1}: realm <example.test> user <alice>: incoming packet message processed, error 508: Cannot create socket`,
    ]);
    assert.deepEqual(
      of(verbose, "event").map((e) => [e.kind, e.code, e.method, e.sid]),
      [["no_relay_port", 508, "ALLOCATE", S1]],
    );
  });
});

describe("sessionizer: sessions", () => {
  it("transport from the accept line of the client address when nothing else tells (TCP ending by timeout)", () => {
    const events = run([
      ...banner("08:00:00"),
      `${at("08:00:01")}IPv4. tcp or tls connected to: 127.0.0.1:40000`,
      `${at("08:00:01")}IPv4. Accepted connection from: 127.0.0.1:40001`,
      `${at("08:00:01")}session ${S1}: new, realm=<r>, username=<a>, lifetime=20`,
      `${at("08:00:01")}session ${S2}: realm <r> user <>: incoming packet message processed, error 401: Unauthorized`,
      `${at("08:01:00")}session ${S1}: closed (2nd stage), user <a> realm <r> origin <>, local 127.0.0.1:3478, remote 127.0.0.1:40000, reason: allocation timeout`,
      `${at("08:01:00")}session ${S2}: closed (2nd stage), user <> realm <r> origin <>, local 127.0.0.1:5349, remote 127.0.0.1:40001, reason: allocation watchdog determined stale session state`,
    ]);
    assert.deepEqual(
      of(events, "session")
        .filter((e) => e.transport)
        .map((e) => [e.sid, e.transport, e.client]),
      [
        [S1, "tcp", "127.0.0.1:40000"],
        [S2, "dtls", "127.0.0.1:40001"],
      ],
    );
  });

  it("with an agent key, the resume state holds no client address, and a resumed run still pairs accept lines", () => {
    const key = new Uint8Array(32).fill(7);
    const first = new Sessionizer({ addressKey: key });
    run(
      [
        ...banner("08:00:00"),
        `${at("08:00:01")}IPv4. tcp or tls connected to: 198.51.100.23:40000`,
        `${at("08:00:01")}session ${S1}: new, realm=<r>, username=<a>, lifetime=20`,
      ],
      first,
    );
    const state = JSON.parse(JSON.stringify(first.snapshot()));
    assert.doesNotMatch(JSON.stringify(state), /198\.51\.100\.23/);
    const resumed = run(
      [
        `${at("08:01:00")}session ${S1}: closed (2nd stage), user <a> realm <r> origin <>, local 127.0.0.1:3478, remote 198.51.100.23:40000, reason: allocation timeout`,
      ],
      new Sessionizer({ addressKey: key }, state),
    );
    assert.deepEqual(
      of(resumed, "session").map((e) => [e.transport, e.client]),
      [["tcp", "198.51.100.23:40000"]],
    );
  });

  it("relay pairing ignores a `Local relay addr` line older than a few seconds", () => {
    const events = run([
      ...banner("08:00:00"),
      `${at("08:00:01")}IPv4. Local relay addr: 127.0.0.1:49190`,
      `${at("08:00:30")}session ${S1}: new, realm=<r>, username=<a>, lifetime=20`,
    ]);
    assert.equal(of(events, "session")[0].relay, undefined);
  });

  it("forgets the least recently seen sessions beyond the cap, counted, and re-announces one that comes back", () => {
    const s = new Sessionizer({ maxOpenSessions: 2 });
    const sids = ["000000000000000001", "000000000000000002", "000000000000000003"];
    const events = run([...banner("08:00:00"), ...sids.map((sid) => usage("08:00:01", sid, 1)), usage("08:00:02", sids[0], 1)], s);
    assert.equal(s.drops.sessions, 2);
    assert.equal(s.snapshot().sessions.length, 2);
    assert.equal(of(events, "session").filter((e) => e.sid === sids[0]).length, 2);
  });

  it("counts lines and UTF-8 bytes, skipped lines by reason, and never throws", () => {
    const s = new Sessionizer();
    const out: CoturnEvent[] = [];
    const lines = [
      "Version Coturn-4.6.1 'Gorst'",
      `${at("08:00:00")}Default realm: é`,
      "\u0000\u0001",
      "2026-99-99T99:99:99+0000: x",
      "<14>Nov 99 08:00:00 turnserver: x",
      `${at("08:00:00")}session 1: ${"z".repeat(1 << 20)}`,
    ];
    for (const l of lines) s.push(l, 0, out);
    s.countSkipped("binary", 100);
    // Counted by the tailer, pushed as well: not a second line.
    s.countSkipped("invalid_utf8", 10);
    assert.equal(s.stats.lines, 7);
    assert.equal(
      s.stats.bytes,
      lines.reduce((a, l) => a + Buffer.byteLength(l) + 1, 100),
    );
    assert.deepEqual(s.stats.skipped, { no_timestamp: 1, binary: 1, invalid_utf8: 1, unknown: 1 });
    assert.equal(s.stats.continuation, 3);
  });

  it("takes the tailer's uptime anchor only while it has none", () => {
    const s = new Sessionizer();
    assert.equal(s.needsUptimeAnchor, true);
    s.setUptimeAnchor(Date.UTC(2026, 10, 21, 8));
    assert.equal(s.needsUptimeAnchor, false);
    assert.equal(s.snapshot().uptimeAnchorMs, Date.UTC(2026, 10, 21, 8));
    s.setUptimeAnchor(Date.UTC(2020, 0, 1));
    const events = run(["7: : log file opened: /var/log/turn.log"], s);
    assert.equal(events.length, 0);
    assert.equal(new Sessionizer({}, s.snapshot()).snapshot().uptimeAnchorMs, Date.UTC(2026, 10, 21, 8));
  });

  it("resolves the year of syslog times across New Year", () => {
    const s = new Sessionizer({ uptimeAnchorMs: Date.UTC(2026, 11, 31, 23, 0, 0) });
    const events = run(
      [
        "<14>Dec 31 23:59:59 turnserver: 3599: : log file opened: /var/log/turn.log",
        "<14>Dec 31 23:59:59 turnserver: 3599: : Version Coturn-4.6.1 'Gorst'",
        "<14>Jan  1 00:00:01 turnserver: 3601: : session 000000000000000001: new, realm=<r>, username=<a>, lifetime=20",
      ],
      s,
    );
    assert.deepEqual(
      events.map((e) => e.ts),
      [Date.UTC(2026, 11, 31, 23, 59, 59), Date.UTC(2027, 0, 1, 0, 0, 1)],
    );
  });

  it("refuses a state of another version (the agent then starts afresh)", () => {
    const state = replay(readLines("s06a-loopback-peer-forbidden-403.log")).s.snapshot();
    assert.throws(() => new Sessionizer({}, { ...state, v: 2 } as unknown as typeof state));
    assert.throws(() => new Sessionizer({}, {} as typeof state));
  });
});
