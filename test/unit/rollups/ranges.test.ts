import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DAY, HOUR, minuteRanges, split, widen } from "../../../lib/rollups/ranges";

const at = (iso: string) => new Date(iso);
const iso = (r: { from: Date; to: Date }) => [r.from.toISOString(), r.to.toISOString()];

describe("rollup ranges", () => {
  it("merge dirty minutes into runs, bridging gaps of a few minutes, in order and without duplicates", () => {
    const ranges = minuteRanges([
      at("2026-11-21T10:07:30Z"),
      at("2026-11-21T10:05:00Z"),
      at("2026-11-21T10:05:00Z"),
      at("2026-11-21T12:00:00Z"),
    ]);
    assert.deepEqual(ranges.map(iso), [
      ["2026-11-21T10:05:00.000Z", "2026-11-21T10:08:00.000Z"],
      ["2026-11-21T12:00:00.000Z", "2026-11-21T12:01:00.000Z"],
    ]);
    assert.deepEqual(minuteRanges([]), []);
  });

  it("widen to whole UTC hours and days, merging what then touches", () => {
    const minutes = minuteRanges([at("2026-11-21T10:05:00Z"), at("2026-11-21T11:59:00Z"), at("2026-11-22T23:10:00Z")]);
    assert.deepEqual(widen(minutes, HOUR).map(iso), [
      ["2026-11-21T10:00:00.000Z", "2026-11-21T12:00:00.000Z"],
      ["2026-11-22T23:00:00.000Z", "2026-11-23T00:00:00.000Z"],
    ]);
    assert.deepEqual(widen(widen(minutes, HOUR), DAY).map(iso), [["2026-11-21T00:00:00.000Z", "2026-11-23T00:00:00.000Z"]]);
  });

  it("split a range into day pieces", () => {
    const pieces = split({ from: at("2026-11-20T00:00:00Z"), to: at("2026-11-22T12:00:00Z") }, DAY);
    assert.deepEqual(pieces.map(iso)[2], ["2026-11-22T00:00:00.000Z", "2026-11-22T12:00:00.000Z"]);
    assert.equal(pieces.length, 3);
  });
});
