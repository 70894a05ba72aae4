import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EnvelopeParser, parseCoturnLine } from "../../../collectors/coturn/parse";
import { corpusLogs, readLines } from "./replay";

const T = (iso: string) => Date.parse(iso);

describe("coturn line envelope: the three prefix eras", () => {
  it("era A, uptime (≤4.6.1 default): `<uptime>: : msg`, `ERROR:` the only level", () => {
    const p = parseCoturnLine("5: : ERROR: check_stun_auth: user bob credentials are incorrect");
    assert.equal(p.kind, "record");
    assert.equal(p.era, "A");
    assert.equal(p.uptime, 5);
    assert.equal(p.isoMs, undefined);
    assert.equal(p.level, "ERROR");
    assert.deepEqual(p.record, {
      kind: "auth_error",
      reason: "wrong_password",
      user: "bob",
      text: "check_stun_auth: user bob credentials are incorrect",
    });
    const q = parseCoturnLine("0: : session 001000000000000001: new, realm=<example.test>, username=<alice>, lifetime=777");
    assert.equal(q.uptime, 0);
    assert.equal(q.level, undefined);
    assert.equal(q.record?.kind, "alloc");
  });

  it("era A0 (≤4.5.1): a single colon", () => {
    const p = parseCoturnLine("7: session 000000000000000002: delete: realm=<myrealm.org>, username=<myusername>");
    assert.equal(p.era, "A0");
    assert.equal(p.uptime, 7);
    assert.deepEqual(p.record, { kind: "delete", sid: "000000000000000002", realm: "myrealm.org", username: "myusername" });
  });

  it("era A, ISO (`--new-log-timestamp`)", () => {
    const p = parseCoturnLine("2026-11-21T08:34:23+0000: ERROR: check_stun_auth: user alice credentials are incorrect");
    assert.equal(p.era, "A");
    assert.equal(p.isoMs, T("2026-11-21T08:34:23Z"));
    assert.equal(p.level, "ERROR");
    assert.equal(p.record?.kind, "auth_error");
  });

  it("era B, uptime (4.6.2–4.16 default): `<uptime>: (<tid>): LEVEL: msg`", () => {
    const p = parseCoturnLine("0: (17312): INFO: session 001000000000000001: new, realm=<example.test>, username=<bob>, lifetime=20");
    assert.equal(p.era, "B");
    assert.equal(p.uptime, 0);
    assert.equal(p.tid, 17312);
    assert.equal(p.level, "INFO");
    assert.deepEqual(p.record, {
      kind: "alloc",
      sid: "001000000000000001",
      refreshed: false,
      realm: "example.test",
      username: "bob",
      lifetime: 20,
    });
    const e = parseCoturnLine("0: (17300): ERROR: no-cli option is deprecated, see --cli");
    assert.equal(e.level, "ERROR");
    assert.deepEqual(e.record, { kind: "error_line", text: "no-cli option is deprecated, see --cli" });
  });

  it("era B, ISO: no space before the thread id", () => {
    const p = parseCoturnLine(
      "2026-11-21T08:40:34+0000(17193): INFO: session 000000000000000001: new, realm=<example.test>, username=<alice>, lifetime=20",
    );
    assert.equal(p.era, "B");
    assert.equal(p.isoMs, T("2026-11-21T08:40:34Z"));
    assert.equal(p.tid, 17193);
    assert.equal(p.record?.kind, "alloc");
    assert.equal(
      parseCoturnLine("2026-11-21T08:40:34+0000(17193): DEBUG: Global turn allocation count incremented, now 1").record?.kind,
      "alloc_count",
    );
  });

  it("era C, ISO with milliseconds (≥4.17 default): `<ISO.mmm%z> LEVEL msg`", () => {
    const p = parseCoturnLine(
      "2026-11-21T08:36:27.158+0000 INFO session 001000000000000001: new, realm=<example.test>, username=<alice>, lifetime=777",
    );
    assert.equal(p.era, "C");
    assert.equal(p.isoMs, T("2026-11-21T08:36:27.158Z"));
    assert.equal(p.level, "INFO");
    assert.equal(p.record?.kind, "alloc");
    assert.deepEqual(parseCoturnLine("2026-11-21T08:37:50.937+0000 DEBUG Global turn allocation count incremented, now 1").record, {
      kind: "alloc_count",
      n: 1,
      up: true,
    });
  });

  it("era C, uptime (`--new-log-timestamp=false`): `<uptime> LEVEL msg`", () => {
    const p = parseCoturnLine(
      "1262 WARNING CONFIG: allow_loopback_peers opens a possible security vulnerability. Do not use in production!!",
    );
    assert.equal(p.era, "C");
    assert.equal(p.uptime, 1262);
    assert.equal(p.level, "WARNING");
    assert.equal(p.record?.kind, "config_warning");
    assert.equal(
      parseCoturnLine("3 INFO session 001000000000000007: usage: realm=<r>, username=<u>, rp=1, rb=2, sp=3, sb=4").record?.kind,
      "usage",
    );
  });

  it("converts %z offsets (+0000, +0530, -0800, no colon) to UTC, with milliseconds in era C", () => {
    assert.equal(parseCoturnLine("2026-11-21T14:08:32+0530: Relay address to use: 127.0.0.1").isoMs, T("2026-11-21T08:38:32Z"));
    assert.equal(parseCoturnLine("2026-11-21T00:38:32-0800: Relay address to use: 127.0.0.1").isoMs, T("2026-11-21T08:38:32Z"));
    assert.equal(parseCoturnLine("2026-11-21T14:08:32.007+0530 INFO Relay address to use: 127.0.0.1").isoMs, T("2026-11-21T08:38:32.007Z"));
    // Across midnight and a year boundary, into the previous UTC day.
    assert.equal(parseCoturnLine("2027-01-01T02:15:00+0530: Relay address to use: 127.0.0.1").isoMs, T("2026-12-31T20:45:00Z"));
    // The per-second cache must not leak one line's offset into the next of the same second.
    const parser = new EnvelopeParser();
    parser.parse("2026-11-21T10:00:00+0000: a");
    const a = parser.isoMs;
    parser.parse("2026-11-21T10:00:00+0100: a");
    assert.equal(a - parser.isoMs, 3_600_000);
  });
});

describe("coturn line envelope: syslog, rsyslog and journald wrappers", () => {
  it("raw /dev/log datagrams (reference §1 samples)", () => {
    const p = parseCoturnLine(
      "<14>Nov 21 08:44:39 turnserver: 2026-11-21T08:44:39+0000: session 001000000000000001: new, realm=<example.test>, username=<alice>, lifetime=777",
    );
    assert.equal(p.kind, "record");
    assert.equal(p.wrapper, "bsd");
    assert.equal(p.isoMs, T("2026-11-21T08:44:39Z"));
    assert.equal(p.record?.kind, "alloc");
    const e = parseCoturnLine(
      "<11>Nov 21 08:44:46 turnserver: 2026-11-21T08:44:46+0000: ERROR: check_stun_auth: user bob credentials are incorrect",
    );
    assert.equal(e.level, "ERROR");
    assert.equal(e.record?.kind, "auth_error");
  });

  it("rsyslog traditional and RFC 3339 formats, journald short and short-iso", () => {
    const rs = parseCoturnLine("Nov 21 08:44:39 turnhost turnserver: 2026-11-21T08:44:39+0000: IPv4. Local relay addr: 127.0.0.1:49190");
    assert.equal(rs.wrapper, "bsd");
    assert.deepEqual(rs.record, { kind: "relay_addr", addr: "127.0.0.1:49190", rtcp: false });
    const rfc = parseCoturnLine(
      "2026-11-21T08:44:39.123456+00:00 turnhost turnserver[123]: 2026-11-21T08:44:39+0000: IPv4. tcp or tls connected to: 127.0.0.1:51722",
    );
    assert.equal(rfc.wrapper, "iso");
    assert.equal(rfc.wrapperMs, T("2026-11-21T08:44:39.123Z"));
    assert.deepEqual(rfc.record, { kind: "accept", via: "tcp", addr: "127.0.0.1:51722" });
    const jd = parseCoturnLine(
      "Jul 21 14:30:15 host turnserver[3100900]: 1262: (3100916): INFO: session 003000000000000005: peer 10.0.0.7:5000 lifetime updated: 300",
    );
    assert.equal(jd.wrapper, "bsd");
    assert.equal(jd.era, "B");
    assert.equal(jd.uptime, 1262);
    assert.equal(jd.tid, 3100916);
    assert.deepEqual(jd.record, { kind: "peer_lifetime", sid: "003000000000000005", peer: "10.0.0.7:5000", lifetime: 300 });
    const iso = parseCoturnLine(
      "2026-11-21T08:44:39+0000 turnhost turnserver[3100900]: 1262: (3100916): INFO: Relay ports initialization done",
    );
    assert.equal(iso.wrapper, "iso");
    assert.equal(iso.uptime, 1262);
  });

  it("other programs' lines are foreign", () => {
    for (const line of [
      "Nov 21 08:44:39 turnhost sshd[812]: Accepted publickey for root from 10.0.0.2 port 50514 ssh2",
      "<30>Nov 21 08:44:39 systemd[1]: Started coturn.service - coTURN STUN/TURN Server.",
      "2026-11-21T08:44:39.123456+00:00 turnhost CRON[2211]: (root) CMD (debian-sa1 1 1)",
      "Nov 21 08:44:39 turnhost rsyslogd: last message repeated 3 times",
      "Nov  1 08:44:39 turnhost kernel: [12345.678] eth0: link up",
    ]) {
      assert.equal(parseCoturnLine(line).kind, "foreign", line);
    }
  });

  it("rsyslog's #012-escaped multi-line record carries the banner", () => {
    const p = parseCoturnLine(
      "Nov 21 08:31:51 turnhost turnserver: 2026-11-21T08:31:51+0000: #012RFC 3489/5389/5766/5780/6062/6156 STUN/TURN Server#012Version Coturn-4.6.1 'Gorst'#012",
    );
    assert.deepEqual(p.record, { kind: "banner", version: "4.6.1" });
  });
});

describe("coturn line envelope: continuations, nested timestamps, garbage", () => {
  it("unprefixed lines are continuations of the previous record (banner text)", () => {
    for (const line of [
      "Version Coturn-4.6.1 'Gorst'",
      "RFC 3489/5389/5766/5780/6062/6156 STUN/TURN Server",
      "",
      "  unable to open database file",
    ]) {
      const p = parseCoturnLine(line);
      assert.equal(p.kind, "continuation", line);
      assert.equal(p.message, line);
    }
    // A journald entry of its own that coturn wrote without a prefix.
    const w = parseCoturnLine("Nov 21 08:40:34 turnhost turnserver[17189]: Version Coturn-4.6.1 'Gorst'");
    assert.equal(w.kind, "continuation");
    assert.equal(w.message, "Version Coturn-4.6.1 'Gorst'");
  });

  it("strips a second timestamp inside the line (nested log call)", () => {
    const p = parseCoturnLine(
      "2026-11-21T08:33:46+0000: SSL read error: 2026-11-21T08:33:46+0000: error:0A000076:SSL routines::no suitable signature algorithm (1)",
    );
    assert.equal(p.message, "SSL read error: error:0A000076:SSL routines::no suitable signature algorithm (1)");
    assert.equal(p.isoMs, T("2026-11-21T08:33:46Z"));
    assert.equal(p.record?.kind, "ssl_error");
    const b = parseCoturnLine(
      "2026-11-21T08:33:46+0000(17194): ERROR: SSL read error: 2026-11-21T08:33:46+0000(17194): ERROR: error:0A000076:x (1)",
    );
    assert.equal(b.message, "SSL read error: error:0A000076:x (1)");
    // Numbers after a colon are not timestamps.
    assert.equal(parseCoturnLine("2026-11-21T08:33:46+0000: Total General servers: 2").message, "Total General servers: 2");
    assert.equal(parseCoturnLine("2026-11-21T08:33:46+0000: IPv4. Local relay addr: 127.0.0.1:49190").record?.kind, "relay_addr");
  });

  it("never throws on binary garbage, truncated lines or a 1 MB line", () => {
    const real =
      "2026-11-21T08:37:50.939+0000 INFO session 001000000000000001: closed (2nd stage), user <bob> realm <example.test> origin <>, local 127.0.0.1:13478, remote 127.0.0.1:38538, reason: TCP connection closed by client (callback)";
    for (let n = 0; n <= real.length; n++) parseCoturnLine(real.slice(0, n));
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let i = 0; i < 2000; i++) {
      const len = rnd() % 200;
      let s = "";
      for (let k = 0; k < len; k++) s += String.fromCharCode(rnd() % 0x3000);
      parseCoturnLine(s);
      parseCoturnLine(real.slice(0, rnd() % real.length) + s);
    }
    const big = `2026-11-21T08:37:50+0000: session 000000000000000001: usage: realm=<${"x".repeat(1 << 20)}>, username=<u>, rp=1, rb=2, sp=3, sb=4`;
    const t = performance.now();
    assert.equal(parseCoturnLine(big).record?.kind, "usage");
    assert.equal(parseCoturnLine(`2026-11-21T08:37:50+0000: ${"session ".repeat(1 << 17)}`).record?.kind, "unknown");
    assert.equal(parseCoturnLine("\u0000\u0001\u0002\ufffd\ufffd").kind, "continuation");
    assert.ok(performance.now() - t < 2000);
  });

  it("classifies every line of every corpus log (nothing left `unknown`)", () => {
    for (const log of corpusLogs()) {
      const unknown = readLines(log)
        .map((l) => parseCoturnLine(l))
        .filter((p) => p.record?.kind === "unknown");
      assert.deepEqual(unknown, [], log);
    }
  });
});
