import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NONE } from "../../../lib/format/numbers";
import {
  formatClock,
  formatDate,
  formatDuration,
  formatMs,
  formatRange,
  formatTimestamp,
  formatTimeTick,
  fromUtcInputValue,
  timeTicks,
  toUtcInputValue,
} from "../../../lib/format/time";

const T = "2026-11-20T14:05:32.123Z";

describe("formatMs", () => {
  it("ms below a second, seconds below a minute, then a duration", () => {
    assert.equal(formatMs(0.42), "0.4 ms");
    assert.equal(formatMs(12), "12 ms");
    assert.equal(formatMs(250.4), "250 ms");
    assert.equal(formatMs(999.7), "1 s");
    assert.equal(formatMs(1250), "1.25 s");
    assert.equal(formatMs(12_500), "12.5 s");
    assert.equal(formatMs(90_000), "1 min 30 s");
    assert.equal(formatMs(null), NONE);
  });
});

describe("formatDuration", () => {
  it("two largest units, a zero second unit dropped", () => {
    assert.equal(formatDuration(0), "0 s");
    assert.equal(formatDuration(0.3), "< 1 s");
    assert.equal(formatDuration(45), "45 s");
    assert.equal(formatDuration(303), "5 min 3 s");
    assert.equal(formatDuration(3600), "1 h");
    assert.equal(formatDuration(3900), "1 h 5 min");
    assert.equal(formatDuration(3605), "1 h");
    assert.equal(formatDuration(2 * 86_400 + 3 * 3600 + 59), "2 d 3 h");
    assert.equal(formatDuration(59.6), "1 min");
    assert.equal(formatDuration(-45), "-45 s");
    assert.equal(formatDuration(Number.NaN), NONE);
  });
});

describe("timestamps in UTC", () => {
  it("say UTC and ignore the runtime's zone", () => {
    assert.equal(formatTimestamp(T), "2026-11-20 14:05 UTC");
    assert.equal(formatTimestamp(Date.parse(T), { seconds: true }), "2026-11-20 14:05:32 UTC");
    assert.equal(formatTimestamp("2026-11-20T23:30:00-02:00"), "2026-11-21 01:30 UTC");
    assert.equal(formatDate(new Date(T)), "2026-11-20");
    assert.equal(formatClock(T), "14:05:32 UTC");
  });
  it("— for missing or invalid times", () => {
    assert.equal(formatTimestamp(null), NONE);
    assert.equal(formatTimestamp("yesterday"), NONE);
    assert.equal(formatRange(null, T), NONE);
  });
  it("ranges say UTC once", () => {
    assert.equal(formatRange("2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z"), "2026-11-20 00:00 – 2026-11-21 00:00 UTC");
  });
});

describe("time axis", () => {
  it("ticks fall on round UTC times", () => {
    const from = Date.parse("2026-11-20T13:47:00Z");
    const { ticks, stepMs } = timeTicks(from, from + 6 * 3_600_000);
    assert.equal(stepMs, 3_600_000);
    assert.equal(new Date(ticks[0]).toISOString(), "2026-11-20T14:00:00.000Z");
    assert.equal(ticks.length, 6);
  });
  it("picks coarser steps for longer spans", () => {
    const from = Date.parse("2026-11-01T00:00:00Z");
    assert.equal(timeTicks(from, from + 30 * 86_400_000).stepMs, 7 * 86_400_000);
    assert.equal(timeTicks(from, from + 3_600_000).stepMs, 15 * 60_000);
    assert.deepEqual(timeTicks(from, from).ticks, [from]);
  });
  it("labels: time of day, the date at midnight, the date for day steps", () => {
    assert.equal(formatTimeTick("2026-11-20T14:00:00Z", 3_600_000), "14:00");
    assert.equal(formatTimeTick("2026-11-20T00:00:00Z", 6 * 3_600_000), "Nov 20");
    assert.equal(formatTimeTick("2026-11-20T00:00:00Z", 5 * 60_000), "00:00");
    assert.equal(formatTimeTick("2026-11-20T00:00:00Z", 86_400_000), "Nov 20");
  });
});

describe("datetime-local inputs read as UTC", () => {
  it("round-trips", () => {
    assert.equal(toUtcInputValue(T), "2026-11-20T14:05");
    assert.equal(fromUtcInputValue("2026-11-20T14:05")?.toISOString(), "2026-11-20T14:05:00.000Z");
    assert.equal(fromUtcInputValue("2026-11-20T14:05:09")?.toISOString(), "2026-11-20T14:05:09.000Z");
  });
  it("refuses incomplete or impossible values", () => {
    assert.equal(fromUtcInputValue(""), null);
    assert.equal(fromUtcInputValue("2026-02-31T10:00"), null);
    assert.equal(fromUtcInputValue("2026-11-20T25:00"), null);
    assert.equal(toUtcInputValue(null), "");
  });
});
