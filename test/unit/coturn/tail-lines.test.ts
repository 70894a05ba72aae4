// The line splitter on its own: chunk boundaries anywhere, bounds, and garbage.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LineSplitter, looksBinary } from "../../../collectors/coturn/tail-lines";

type Got = [kind: string, pos: number, end: number, text?: string, invalid?: boolean];

function split(data: Buffer, chunkSize: number, max?: number, finish = false): { got: Got[]; lineStart: number } {
  const got: Got[] = [];
  const s = new LineSplitter(
    {
      line: (text, pos, end, invalid) => got.push(["line", pos, end, text, invalid]),
      skip: (reason, pos, end) => got.push([reason, pos, end]),
    },
    0,
    max,
  );
  for (let i = 0; i < data.length; i += chunkSize) s.feed(data.subarray(i, i + chunkSize), i);
  if (finish) s.finish(data.length);
  return { got, lineStart: s.lineStart };
}

describe("line splitter", () => {
  const text = Buffer.from("alpha\nbeta gamma\n\ndelta\npartial");

  it("gives the same lines and offsets whatever the chunk size", () => {
    const expected: Got[] = [
      ["line", 0, 6, "alpha", false],
      ["line", 6, 17, "beta gamma", false],
      ["line", 17, 18, "", false],
      ["line", 18, 24, "delta", false],
    ];
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const { got, lineStart } = split(text, size);
      assert.deepEqual(got, expected, `chunk ${size}`);
      assert.equal(lineStart, 24, "the unterminated tail is held back");
    }
  });

  it("delivers the unterminated tail only when told the file is finished", () => {
    const { got } = split(text, 4, undefined, true);
    assert.deepEqual(got.at(-1), ["line", 24, 31, "partial", false]);
  });

  it("skips an overlong line as it streams past, without holding it, and keeps the lines around it", () => {
    const long = "x".repeat(1_500_000);
    const data = Buffer.from(`before\n${long}\nafter\n`);
    for (const size of [1000, 65536, 1 << 20]) {
      const { got } = split(data, size, 64 * 1024);
      assert.deepEqual(got, [
        ["line", 0, 7, "before", false],
        ["too_long", 7, 7 + long.length + 1],
        ["line", 7 + long.length + 1, data.length, "after", false],
      ]);
    }
  });

  it("an overlong unterminated tail at finish is still a skip, not a line", () => {
    const { got } = split(Buffer.from(`ok\n${"y".repeat(200)}`), 50, 100, true);
    assert.deepEqual(got, [
      ["line", 0, 3, "ok", false],
      ["too_long", 3, 203],
    ]);
  });

  it("binary lines are skipped; invalid UTF-8 is delivered with replacement characters and flagged", () => {
    const data = Buffer.concat([
      Buffer.from("good 1\n"),
      Buffer.from([0x00, 0x01, 0x02, 0x41, 0x0a]), // NUL: binary
      Buffer.from([0x01, 0x02, 0x03, 0x04, 0x41, 0x42, 0x0a]), // mostly control: binary
      Buffer.from([0x6f, 0x6b, 0x20, 0xff, 0xfe, 0x21, 0x0a]), // "ok \xff\xfe!": invalid UTF-8
      Buffer.from("caf\u00e9 \u2713\n"), // valid UTF-8 with non-ASCII
      Buffer.from("tab\there\r\n"), // tabs and CR are text
      Buffer.from("good 2\n"),
    ]);
    for (const size of [3, 1024]) {
      const { got } = split(data, size);
      assert.deepEqual(
        got.map((g) => [g[0], g[3], g[4]]),
        [
          ["line", "good 1", false],
          ["binary", undefined, undefined],
          ["binary", undefined, undefined],
          ["line", "ok \ufffd\ufffd!", true],
          ["line", "caf\u00e9 \u2713", false],
          ["line", "tab\there\r", false],
          ["line", "good 2", false],
        ],
        `chunk ${size}`,
      );
    }
  });

  it("looksBinary: NUL or more than a quarter control bytes", () => {
    assert.equal(looksBinary("plain text"), false);
    assert.equal(looksBinary("a\u0000b"), true);
    assert.equal(looksBinary("\u001b[31mred\u001b[0m text"), false, "a coloured line is text");
    assert.equal(looksBinary("\u0001\u0002\u0003ab"), true);
  });
});
