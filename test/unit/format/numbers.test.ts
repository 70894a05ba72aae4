import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatBitRate, formatByteRate, formatBytes } from "../../../lib/format/bytes";
import { formatCompactCount, formatCount, formatPercent, formatPercentTick, formatRatio, NONE } from "../../../lib/format/numbers";

describe("formatBytes (decimal units, as billed)", () => {
  it("scales by 1000 with about three significant digits", () => {
    assert.equal(formatBytes(0), "0 B");
    assert.equal(formatBytes(999), "999 B");
    assert.equal(formatBytes(1000), "1 KB");
    assert.equal(formatBytes(1500), "1.5 KB");
    assert.equal(formatBytes(12_345_678), "12.3 MB");
    assert.equal(formatBytes(1_234_567_890), "1.23 GB");
    assert.equal(formatBytes(123_456_789_012), "123 GB");
    assert.equal(formatBytes(4.5e12), "4.5 TB");
  });
  it("carries a rounded 1000 into the next unit", () => {
    assert.equal(formatBytes(999_600), "1 MB");
    assert.equal(formatBytes(999_999_999), "1 GB");
  });
  it("keeps the sign and shows a gap for missing values", () => {
    assert.equal(formatBytes(-2500), "-2.5 KB");
    assert.equal(formatBytes(null), NONE);
    assert.equal(formatBytes(Number.NaN), NONE);
    assert.equal(formatBytes(Number.POSITIVE_INFINITY), NONE);
  });
});

describe("bit rates", () => {
  it("formats bits per second", () => {
    assert.equal(formatBitRate(950), "950 b/s");
    assert.equal(formatBitRate(1500), "1.5 kb/s");
    assert.equal(formatBitRate(12_300_000), "12.3 Mb/s");
    assert.equal(formatBitRate(2e9), "2 Gb/s");
  });
  it("shows byte rates as bit rates", () => {
    assert.equal(formatByteRate(125_000), "1 Mb/s");
    assert.equal(formatByteRate(undefined), NONE);
  });
});

describe("percentages", () => {
  it("one decimal, a space before the sign", () => {
    assert.equal(formatPercent(12.345), "12.3 %");
    assert.equal(formatPercent(100), "100.0 %");
    assert.equal(formatPercent(0), "0.0 %");
    assert.equal(formatPercent(-0.01), "0.0 %");
  });
  it("— for null or NaN", () => {
    assert.equal(formatPercent(null), NONE);
    assert.equal(formatPercent(Number.NaN), NONE);
    assert.equal(formatRatio(undefined), NONE);
  });
  it("ratios are 0–1", () => {
    assert.equal(formatRatio(0.123), "12.3 %");
    assert.equal(formatRatio(1), "100.0 %");
  });
  it("axis ticks drop a needless decimal", () => {
    assert.equal(formatPercentTick(20), "20 %");
    assert.equal(formatPercentTick(12.5), "12.5 %");
  });
});

describe("counts", () => {
  it("groups thousands, keeps one decimal for averages", () => {
    assert.equal(formatCount(1234), "1,234");
    assert.equal(formatCount(1_234_567), "1,234,567");
    assert.equal(formatCount(2.54), "2.5");
    assert.equal(formatCount(null), NONE);
  });
  it("compact for axes and big numbers", () => {
    assert.equal(formatCompactCount(950), "950");
    assert.equal(formatCompactCount(1234), "1.2 k");
    assert.equal(formatCompactCount(12_500), "12.5 k");
    assert.equal(formatCompactCount(123_400), "123 k");
    assert.equal(formatCompactCount(1_200_000), "1.2 M");
    assert.equal(formatCompactCount(999_999), "1 M");
    assert.equal(formatCompactCount(3e9), "3 bn");
    assert.equal(formatCompactCount(2.5), "2.5");
  });
});
