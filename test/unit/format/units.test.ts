import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatTick, formatValue, toNumber, UNITS } from "../../../lib/format/units";

describe("formatValue / formatTick", () => {
  it("every unit formats and shows a gap for null", () => {
    for (const unit of UNITS) {
      assert.equal(typeof formatValue(1, unit), "string");
      assert.equal(formatValue(null, unit), "—");
      assert.equal(formatTick(null, unit), "—");
    }
  });
  it("exact in tables, compact on axes", () => {
    assert.equal(formatValue(1_234_567, "count"), "1,234,567");
    assert.equal(formatTick(1_234_567, "count"), "1.2 M");
    assert.equal(formatValue(20, "percent"), "20.0 %");
    assert.equal(formatTick(20, "percent"), "20 %");
    assert.equal(formatValue(0.25, "ratio"), "25.0 %");
    assert.equal(formatTick(0.25, "ratio"), "25 %");
    assert.equal(formatValue(2e9, "bytes"), "2 GB");
    assert.equal(formatValue(1e6, "bytes/s"), "8 Mb/s");
    assert.equal(formatValue(3900, "seconds"), "1 h 5 min");
    assert.equal(formatValue(35, "ms"), "35 ms");
  });
  it("reads numbers and numeric strings (bigint columns arrive as strings)", () => {
    assert.equal(toNumber(5), 5);
    assert.equal(toNumber("12345678901"), 12_345_678_901);
    assert.equal(toNumber(""), null);
    assert.equal(toNumber("n/a"), null);
    assert.equal(toNumber(null), null);
    assert.equal(toNumber(Number.NaN), null);
  });
});
