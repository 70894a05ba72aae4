// The synthetic fixtures are real corpus logs re-dressed in the shapes the corpus lacks (syslog,
// rsyslog, journald, uptime prefixes, other time zones; see test/fixtures/README.md). Whatever the
// dress, the sessionizer must tell the same story as from the original.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type CoturnEvent, coturnEvent } from "../../../collectors/schema/coturn";
import { readLines, replay, S09_ANCHOR } from "./replay";

/** Events without their position, time and run key (which legitimately differ between dresses). */
function story(events: CoturnEvent[]): string[] {
  return events.map((e) => {
    const { pos: _p, sub: _s, ts: _t, ...rest } = e as Record<string, unknown>;
    if ("run" in rest) rest.run = 0;
    delete rest.approximate;
    return JSON.stringify(rest);
  });
}

const PAIRS: Array<[original: string, dressed: string, sameTimes: boolean]> = [
  ["s01-ltcred-udp-basic.log", "synthetic/s01-rsyslog.log", true],
  ["s09-legacy-timestamp-default-format_2026-11-21.log", "synthetic/s09-syslog-raw.log", true],
  ["p03-coturn-4.16.0-prometheus.log", "synthetic/p03-journald-uptime.log", true],
  ["p01-coturn-4.17.1-prometheus.log", "synthetic/p01-uptime.log", false],
  ["s02-transports-tcp-tls-dtls-tcprelay.log", "synthetic/s02-rfc3339.log", true],
  ["s06a-loopback-peer-forbidden-403.log", "synthetic/s06a-offsets.log", true],
];

describe("wrapped and re-prefixed logs tell the same story", () => {
  for (const [original, dressed, sameTimes] of PAIRS) {
    it(`${dressed} ≡ ${original}`, () => {
      const a = replay(readLines(original));
      const b = replay(readLines(dressed));
      for (const e of b.events) assert.ok(coturnEvent.safeParse(e).success, JSON.stringify(e));
      assert.deepEqual(story(b.events), story(a.events));
      if (sameTimes) {
        assert.deepEqual(
          b.events.map((e) => e.ts),
          a.events.map((e) => e.ts),
        );
      }
      assert.equal(b.s.stats.skipped.unknown ?? 0, 0);
    });
  }

  it("rsyslog: other programs' lines are counted foreign, the #012-joined banner still starts the run", () => {
    const { events, s } = replay(readLines("synthetic/s01-rsyslog.log"));
    assert.equal(s.stats.skipped.foreign, readLines("synthetic/s01-rsyslog.log").filter((l) => !l.includes(" turnserver: ")).length);
    const run = events[0];
    assert.deepEqual(run.type === "run" && [run.version, run.inferred, run.approximate], ["4.6.1", false, false]);
  });

  it("a syslog time anchors uptime-prefixed lines better than an estimate: exact, not approximate", () => {
    // An estimate three hours off (the year of a syslog time comes from it, the time itself does not).
    const { events } = replay(readLines("synthetic/s09-syslog-raw.log"), { uptimeAnchorMs: S09_ANCHOR - 3 * 3_600_000 });
    const run = events[0];
    assert.equal(run.type, "run");
    assert.equal(run.ts, S09_ANCHOR);
    assert.equal(run.type === "run" && run.approximate, false);
    assert.ok(events.every((e) => e.type !== "session" || e.approximate === undefined));
  });

  it("era C uptime prefixes are anchored and approximate", () => {
    const anchor = Date.UTC(2026, 10, 21, 8, 37, 50);
    const { events } = replay(readLines("synthetic/p01-uptime.log"), { uptimeAnchorMs: anchor });
    assert.equal(events[0].ts, anchor);
    assert.ok(events.every((e) => e.type !== "session" || e.approximate === true));
    assert.ok(events.every((e) => e.ts >= anchor && e.ts <= anchor + 80_000));
  });
});
