// Acceptance criterion 1: every real coturn log replays through the sessionizer, and what comes out
// agrees with the raw log counted independently (plain regular expressions here) and with the
// client commands the scenario ran.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Sessionizer } from "../../../collectors/coturn/sessionize";
import { type CoturnEvent, coturnEvent } from "../../../collectors/schema/coturn";
import { commandsOf, corpusLogs, pushAll, readLines, replay, S09_ANCHOR } from "./replay";

const USAGE = /session (\d+): (usage|peer usage): realm=<[^>]*>, username=<[^>]*>, rp=(\d+), rb=(\d+), sp=(\d+), sb=(\d+)/;
const NEW = /session (\d+): new, realm=<[^>]*>, username=<([^>]*)>/;
const CLOSED = /session (\d+): closed \(2nd stage\)/;
const MESSAGE_ERROR = /user <([^>]*)>: incoming packet message processed, error (\d+):/;

type Sums = Record<"rp" | "rb" | "sp" | "sb", number>;
const key = (sid: string, leg: string) => `${sid}/${leg}`;

function rawUsage(lines: string[]): Map<string, Sums> {
  const m = new Map<string, Sums>();
  for (const l of lines) {
    const u = USAGE.exec(l);
    if (!u) continue;
    const k = key(u[1], u[2] === "usage" ? "client" : "peer");
    const s = m.get(k) ?? { rp: 0, rb: 0, sp: 0, sb: 0 };
    s.rp += Number(u[3]);
    s.rb += Number(u[4]);
    s.sp += Number(u[5]);
    s.sb += Number(u[6]);
    m.set(k, s);
  }
  return m;
}

interface Session {
  username?: string;
  allocated?: boolean;
  transport?: string;
  ended?: string;
}

function sessionsOf(events: CoturnEvent[]): Map<string, Session> {
  const m = new Map<string, Session>();
  for (const e of events) {
    if (e.type !== "session") continue;
    const s = m.get(`${e.run}/${e.sid}`) ?? {};
    if (e.username !== undefined) s.username = e.username;
    if (e.allocated) s.allocated = true;
    if (e.transport !== undefined) s.transport = e.transport;
    if (e.ended !== undefined) s.ended = e.ended;
    m.set(`${e.run}/${e.sid}`, s);
  }
  return m;
}

/** Client transport per user from `turnutils_uclient` flags: -t TCP, -t -S TLS, -S DTLS, -T TCP relay (TCP/TLS leg), else UDP. */
function commandTransports(log: string): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const line of commandsOf(log).split("\n")) {
    const cmd = line.replace(/^##\s*(\d+x\s+)?(\[[^\]]*\]\s*)?/, "");
    const argv = cmd.split(/\s+/);
    if (!argv[0]?.endsWith("turnutils_uclient") && !argv[0]?.endsWith("turnutils_stunclient")) continue;
    const has = (f: string) => argv.includes(f);
    const u = argv.indexOf("-u");
    const user = u >= 0 ? argv[u + 1] : "";
    const tcp = has("-t") || has("-T");
    const t = tcp ? (has("-S") ? "tls" : "tcp") : has("-S") ? "dtls" : "udp";
    m.set(user, (m.get(user) ?? new Set()).add(t));
    // Probe and data connections carry no user: any transport of the scenario.
    m.set("", (m.get("") ?? new Set()).add(t));
  }
  return m;
}

/** The command user a logged username belongs to (REST names carry an expiry before or after the user). */
function commandUser(logged: string, users: Iterable<string>): string | undefined {
  for (const u of users) if (u !== "" && (logged === u || logged.endsWith(`:${u}`) || logged.startsWith(`${u}:`))) return u;
  return undefined;
}

const replays = new Map(corpusLogs().map((log) => [log, { lines: readLines(log), ...replay(readLines(log)) }]));

describe("corpus replay (acceptance criterion 1)", () => {
  it("replays every corpus log without throwing, every event passing the wire schema", () => {
    assert.ok(replays.size >= 16);
    for (const [log, { events, s }] of replays) {
      for (const e of events) {
        const r = coturnEvent.safeParse(e);
        assert.ok(r.success, `${log}: ${JSON.stringify(e)} ${r.success ? "" : r.error.message}`);
      }
      assert.equal(s.stats.lines, replays.get(log)!.lines.length, log);
      assert.equal(s.stats.events, events.length, log);
      assert.equal(s.stats.skipped.unknown ?? 0, 0, `${log} has lines no rule knows`);
    }
  });

  it("sums each session's usage deltas exactly as its usage / peer usage lines do", () => {
    for (const [log, { lines, events }] of replays) {
      const got = new Map<string, Sums>();
      for (const e of events) {
        if (e.type !== "usage") continue;
        const k = key(e.sid, e.leg);
        const s = got.get(k) ?? { rp: 0, rb: 0, sp: 0, sb: 0 };
        s.rp += e.rp;
        s.rb += e.rb;
        s.sp += e.sp;
        s.sb += e.sb;
        got.set(k, s);
      }
      assert.deepEqual(got, rawUsage(lines), log);
    }
  });

  it("precedes every event naming a session with a session event of that run (and every run use with its run event)", () => {
    for (const [log, { events }] of replays) {
      const runs = new Set<number>();
      const seen = new Set<string>();
      for (const e of events) {
        if (e.type === "run") runs.add(e.ts);
        else if ("run" in e && e.run !== undefined) assert.ok(runs.has(e.run), `${log}: run ${e.run} before its run event`);
        if (e.type === "session") seen.add(`${e.run}/${e.sid}`);
        else if ("sid" in e && e.sid !== undefined)
          assert.ok(seen.has(`${e.run}/${e.sid}`), `${log}: ${JSON.stringify(e)} before its session`);
      }
      assert.equal(runs.size, 1, `${log}: one process run`);
    }
  });

  it("gives allocated sessions the transport the scenario's client commands used", () => {
    for (const [log, { lines, events }] of replays) {
      const allowed = commandTransports(log);
      const sessions = sessionsOf(events);
      for (const [id, s] of sessions) {
        if (s.transport === undefined) continue;
        const user = s.username === undefined ? "" : commandUser(s.username, allowed.keys());
        assert.ok(user !== undefined, `${log}: ${s.username} is not a user of the commands`);
        assert.ok(
          allowed.get(user)?.has(s.transport),
          `${log} ${id}: ${s.username} over ${s.transport}, commands say ${[...(allowed.get(user) ?? [])]}`,
        );
      }
      // Allocated per user as in the raw `new` lines; transport unknown only where the `new` line named no
      // TLS/DTLS method and the log never closed the session.
      const newByUser = new Map<string, number>();
      const closed = new Set<string>();
      const allocated = new Set<string>();
      for (const l of lines) {
        const n = NEW.exec(l);
        if (n) {
          newByUser.set(n[2], (newByUser.get(n[2]) ?? 0) + 1);
          if (!l.includes(", method=")) allocated.add(n[1]);
        }
        const c = CLOSED.exec(l);
        if (c) closed.add(c[1]);
      }
      const gotByUser = new Map<string, number>();
      let unknown = 0;
      for (const s of sessions.values()) {
        if (!s.allocated) continue;
        gotByUser.set(s.username ?? "", (gotByUser.get(s.username ?? "") ?? 0) + 1);
        if (s.transport === undefined) unknown++;
      }
      assert.deepEqual(gotByUser, newByUser, log);
      assert.equal(unknown, [...allocated].filter((sid) => !closed.has(sid)).length, `${log}: unknown transports`);
    }
  });

  it("counts per user and transport: s02 (TCP, TLS on 5349 and on 3478, DTLS, TCP relay), s12, p01/p03/p05, s09", () => {
    const counts = (log: string) => {
      const m: Record<string, number> = {};
      for (const s of sessionsOf(replays.get(log)!.events).values()) {
        if (s.allocated && s.transport) m[`${s.username}/${s.transport}`] = (m[`${s.username}/${s.transport}`] ?? 0) + 1;
      }
      return m;
    };
    // uclient allocates once per client plus one probe per run (RTCP adds one without -c); -T adds the peer client's.
    // s02: alice -t m2 (4) + -T m2 (3); bob -t -S m2 (4) + -T -S m2 (3); carol TLS on 3478 m1 (2) + -t -B m3 (6); dave -S m2 (4).
    assert.deepEqual(counts("s02-transports-tcp-tls-dtls-tcprelay.log"), {
      "alice/tcp": 7,
      "bob/tls": 7,
      "carol/tls": 2,
      "carol/tcp": 6,
      "dave/dtls": 4,
    });
    // p01/p03/p05: bob TCP m2 (4) + DTLS m1 (2); alice UDP m4 (8) + -T m2 (3); carol TLS m2 (4).
    for (const log of ["p01-coturn-4.17.1-prometheus.log", "p03-coturn-4.16.0-prometheus.log", "p05-coturn-4.6.1-libprom-prometheus.log"]) {
      assert.deepEqual(counts(log), { "bob/tcp": 4, "bob/dtls": 2, "alice/udp": 8, "alice/tcp": 3, "carol/tls": 4 }, log);
    }
    // s12 (UDP sessions still open when the server stopped have no transport): u03 TCP, u04 TLS, u05 DTLS, u06 -T.
    const s12 = counts("s12-mixed-realistic-load.log");
    assert.deepEqual([s12["u03/tcp"], s12["u04/tls"], s12["u05/dtls"], s12["u06/tcp"]], [4, 4, 2, 3]);
    assert.deepEqual(counts("s09-legacy-timestamp-default-format_2026-11-21.log"), { "alice/udp": 1, "carol/tls": 2 });
  });

  it("counts each failure once, as the raw log does", () => {
    for (const [log, { lines, events }] of replays) {
      const relay = events.filter((e) => e.type === "event");
      const byKind = (k: string) => relay.filter((e) => e.kind === k);
      // One auth failure per check_stun_auth ERROR line (the 401 `message` line that follows is the same failure).
      assert.equal(byKind("auth_failure").length, lines.filter((l) => l.includes("check_stun_auth: ")).length, `${log} auth`);
      // Empty-user 401s are nonce challenges, except the ones answering `Cannot find credentials of user <>`.
      const noUser = byKind("auth_failure").filter((e) => e.username === undefined).length;
      assert.equal(noUser, lines.filter((l) => l.includes("Cannot find credentials of user <>")).length, `${log} no user`);
      const codes = new Map<number, number>();
      for (const l of lines) {
        const m = MESSAGE_ERROR.exec(l);
        if (m) codes.set(Number(m[2]), (codes.get(Number(m[2])) ?? 0) + 1);
      }
      assert.equal(byKind("peer_denied").length, codes.get(403) ?? 0, `${log} 403`);
      assert.equal(byKind("quota").length, codes.get(486) ?? 0, `${log} 486`);
      assert.equal(byKind("no_relay_port").length, codes.get(508) ?? 0, `${log} 508`);
      const others = [...codes].filter(([c]) => ![401, 403, 438, 486, 508].includes(c)).reduce((a, [, n]) => a + n, 0);
      assert.equal(byKind("error").length, others, `${log} other errors`);
      for (const e of [...byKind("peer_denied"), ...byKind("quota"), ...byKind("no_relay_port")])
        assert.ok(e.sid, `${log}: ${JSON.stringify(e)}`);
    }
    const s04 = replays.get("s04-rest-api-auth-secret.log")!.events.filter((e) => e.type === "event" && e.kind === "auth_failure");
    const reasons = new Map<string, string>();
    for (const e of s04) if (e.type === "event") reasons.set(e.username ?? "", e.reason ?? "");
    assert.deepEqual(Object.fromEntries(reasons), {
      "1795249480:expired-user-9": "expired_credential",
      "1795253680:bad-secret-user": "unknown_user",
      plainuser: "unknown_user",
    });
    // ≤4.6.2 ERROR lines carry no session id: the 401 line that follows lends it.
    assert.ok(s04.every((e) => e.type === "event" && e.sid !== undefined));
    const s06b = replays.get("s06b-denied-peer-ip-403.log")!.events.filter((e) => e.type === "event" && e.kind === "peer_denied");
    assert.deepEqual(
      s06b.map((e) => e.type === "event" && [e.peer, e.method]),
      [
        ["127.0.0.150", "CHANNEL_BIND"],
        ["127.0.0.50", "CREATE_PERMISSION"],
      ],
    );
  });

  it("anchors s09's uptime-prefixed times and flags them approximate", () => {
    const { lines, events } = replays.get("s09-legacy-timestamp-default-format_2026-11-21.log")!;
    const run = events.find((e) => e.type === "run");
    assert.deepEqual(run && [run.ts, run.approximate, run.inferred, run.type === "run" && run.version], [S09_ANCHOR, true, false, "4.6.1"]);
    for (const e of events) if (e.type === "session") assert.equal(e.approximate, true);
    // `6: : session 001000000000000002: usage: …` happened 6 s after the anchor.
    const usagePos = lines
      .slice(
        0,
        lines.findIndex((l) => l.startsWith("6: : session 001000000000000002: usage:")),
      )
      .reduce((a, l) => a + Buffer.byteLength(l) + 1, 0);
    const usage = events.find((e) => e.pos === usagePos);
    assert.equal(usage?.type, "usage");
    assert.equal(usage?.ts, S09_ANCHOR + 6000);
  });

  it("ends sessions left open by a stopped server (s06a, s07, s14) at the next start, with reason `server restart`", () => {
    // In the order they were recorded, as one server's log across restarts.
    const order = [
      "s01-ltcred-udp-basic.log",
      "s06a-loopback-peer-forbidden-403.log",
      "s07-relay-ports-exhausted-508.log",
      "s14-bandwidth-max-bps.log",
    ];
    const s = new Sessionizer();
    const events: CoturnEvent[] = [];
    let pos = 0;
    const starts: number[] = [];
    for (const log of order) {
      const before = events.length;
      pos = pushAll(s, readLines(log), events, pos);
      const open = [...sessionsOf(events.slice(before)).entries()].filter(([, x]) => x.ended === undefined).map(([id]) => id);
      const run = events.slice(before).find((e) => e.type === "run");
      assert.ok(run, log);
      starts.push(run.ts);
      if (log !== order[order.length - 1]) assert.ok(open.length > 0, `${log} should leave sessions open`);
      // The previous log's open sessions end at this run's start, before the run event.
      const restartEnds = events.slice(before).filter((e) => e.type === "session" && e.ended === "server restart");
      if (starts.length > 1) {
        assert.ok(restartEnds.length > 0, log);
        for (const e of restartEnds) {
          assert.equal(e.ts, run.ts);
          assert.equal(e.type === "session" && e.run, starts[starts.length - 2]);
          assert.ok(events.indexOf(e) < events.indexOf(run));
        }
      }
    }
    const ended = new Set(events.filter((e) => e.type === "session" && e.ended).map((e) => e.type === "session" && `${e.run}/${e.sid}`));
    const all = new Set(
      events
        .filter((e) => e.type === "session" && e.run !== starts[starts.length - 1])
        .map((e) => e.type === "session" && `${e.run}/${e.sid}`),
    );
    assert.deepEqual(
      [...all].filter((id) => !ended.has(id)),
      [],
      "every session of a finished run has ended",
    );
  });

  it("resumes from a JSON snapshot taken between any two lines with exactly the same events", () => {
    for (const [log, { lines, events: expected }] of replays) {
      for (const stride of [1, 7, 61]) {
        const out: CoturnEvent[] = [];
        let s = new Sessionizer({ uptimeAnchorMs: S09_ANCHOR });
        let pos = 0;
        for (let i = 0; i < lines.length; i++) {
          if (i % stride === 0) s = new Sessionizer({ uptimeAnchorMs: S09_ANCHOR }, JSON.parse(JSON.stringify(s.snapshot())));
          s.push(lines[i], pos, out);
          pos += Buffer.byteLength(lines[i]) + 1;
        }
        assert.deepEqual(out, expected, `${log} resumed every ${stride} lines`);
        assert.deepEqual(s.stats, replays.get(log)!.s.stats);
      }
    }
  });
});
