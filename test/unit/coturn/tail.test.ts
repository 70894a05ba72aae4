// The tailer against real files in a temp dir: growth, partial lines, rename and copytruncate
// rotations mid-stream, coturn's dated names, start policies and garbage. Every test asserts the
// exact sequence of (file id, byte offset, line) delivered: nothing lost, nothing twice. (Past 300
// lines: the rotation cases read best side by side, sharing one harness.)
import assert from "node:assert/strict";
import {
  appendFileSync,
  closeSync,
  copyFileSync,
  mkdirSync,
  openSync,
  renameSync,
  truncateSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Tailer, type TailOptions, type TailSink } from "../../../collectors/coturn/tail";
import { parseFileSpec } from "../../../collectors/coturn/tail-files";
import { fingerprintOf } from "../../../collectors/coturn/tail-identity";

type Delivered = { id: string; pos: number; line: string };
type Skipped = { id: string; reason: string; pos: number; end: number };

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "relayscope-tail-"));
});
after(() => rm(dir, { recursive: true, force: true }));

let n = 0;
const fresh = (name: string) => path.join(dir, `${++n}`, name);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Synchronous file operations throughout: each step of a setup is complete before the next starts.
// (The tailer's reads run on libuv's thread pool, so they may still land between two steps: the
// tailer must be right whatever it sees.)
const mkdirFor = (file: string) => mkdirSync(path.dirname(file), { recursive: true });

const lines = (from: number, to: number, tag = "line") =>
  Array.from({ length: to - from + 1 }, (_, i) => `${tag} ${from + i} ${"x".repeat((from + i) % 7)}`);
const idOf = (firstLine: string) => fingerprintOf(Buffer.from(`${firstLine}\n`));

/** What the tailer should deliver for `content` (complete lines only) of the file with that identity. */
function expected(content: string[], startPos = 0, id = idOf(content[0])): Delivered[] {
  let pos = startPos;
  return content.map((line) => {
    const d = { id, pos, line };
    pos += Buffer.byteLength(line) + 1;
    return d;
  });
}

function startTail(file: string, opts: Partial<TailOptions> = {}, onChunk: (delivered: Delivered[]) => void = () => {}) {
  const delivered: Delivered[] = [];
  const skipped: Skipped[] = [];
  const invalid: number[] = [];
  const ends: { id: string; offset: number; finished: boolean }[] = [];
  const stop = new AbortController();
  const sink: TailSink = {
    fileStart: async () => {},
    line: (f, line, pos, _end, bad) => {
      delivered.push({ id: f.id, pos, line });
      if (bad) invalid.push(pos);
    },
    skip: (f, reason, pos, end) => skipped.push({ id: f.id, reason, pos, end }),
    chunk: async () => onChunk(delivered),
    caughtUp: async () => {},
    fileEnd: async (f, offset, finished) => {
      ends.push({ id: f.id, offset, finished });
    },
  };
  const tailer = new Tailer(
    { spec: parseFileSpec(file), resume: new Map(), fromStart: true, once: false, pollMs: 10, graceMs: 80, signal: stop.signal, ...opts },
    sink,
  );
  const running = tailer.run();
  return {
    delivered,
    skipped,
    invalid,
    ends,
    running,
    async until(count: number, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (delivered.length < count) {
        if (Date.now() > deadline) {
          stop.abort(); // never leave a tailer running past its test
          await running;
          throw new Error(`only ${delivered.length} of ${count} lines: ${JSON.stringify(delivered.slice(-3))}`);
        }
        await sleep(5);
      }
    },
    async stop() {
      stop.abort();
      await running;
    },
  };
}

describe("tail: following one file", () => {
  it("follows a growing file and holds a partial last line until it is complete", async () => {
    const file = fresh("turn.log");
    mkdirFor(file);
    writeFileSync(file, "first line\nsecond\npart");
    const t = startTail(file);
    await t.until(2);
    await sleep(50);
    assert.equal(t.delivered.length, 2, "the partial line is not delivered yet");
    appendFileSync(file, "ial third\nfourth\n");
    await t.until(4);
    await t.stop();
    assert.deepEqual(t.delivered, expected(["first line", "second", "partial third", "fourth"]));
    assert.deepEqual(t.ends.at(-1), { id: idOf("first line"), offset: 39, finished: false });
  });

  it("waits for the first newline before giving a file an identity", async () => {
    const file = fresh("turn.log");
    mkdirFor(file);
    writeFileSync(file, "no newline yet");
    const t = startTail(file);
    await sleep(60);
    assert.equal(t.delivered.length, 0);
    appendFileSync(file, " - now\nnext\n");
    await t.until(2);
    await t.stop();
    assert.deepEqual(t.delivered, expected(["no newline yet - now", "next"]));
  });
});

describe("tail: rotation mid-stream", () => {
  it("rename: drains the old descriptor (the writer keeps writing to it), then switches to the new file", async () => {
    const file = fresh("turn.log");
    mkdirFor(file);
    const a = lines(1, 70, "a");
    const b = lines(71, 100, "b");
    let fd = openSync(file, "a");
    for (const l of a.slice(0, 50)) writeSync(fd, `${l}\n`);
    const t = startTail(file);
    await t.until(20);
    renameSync(file, `${file}.1`); // logrotate without copytruncate
    await sleep(30);
    for (const l of a.slice(50)) writeSync(fd, `${l}\n`); // coturn still writes to the old file until SIGHUP
    await sleep(30);
    closeSync(fd);
    fd = openSync(file, "a"); // SIGHUP: coturn reopens the configured name
    for (const l of b) writeSync(fd, `${l}\n`);
    closeSync(fd);
    await t.until(100);
    await sleep(50);
    await t.stop();
    assert.deepEqual(t.delivered, [...expected(a), ...expected(b)]);
    assert.deepEqual(
      t.ends.map((e) => e.finished),
      [true, false],
    );
  });

  for (const variant of ["regrows past the old offset", "stays shorter than the old offset"]) {
    it(`copytruncate (${variant}): the rest of the old content comes from the copy, the new content from 0`, async () => {
      const file = fresh("turn.log");
      mkdirFor(file);
      const a = lines(1, 60, "a");
      const b = variant.startsWith("regrows") ? lines(61, 200, "b") : lines(61, 65, "b");
      writeFileSync(
        file,
        a
          .slice(0, 50)
          .map((l) => `${l}\n`)
          .join(""),
      );
      const t = startTail(file);
      await t.until(50);
      // One tick: more lines, the copy, the truncation and the writer's next lines. The tailer never
      // saw lines 51-60 in turn.log: only the copy has them.
      appendFileSync(
        file,
        a
          .slice(50)
          .map((l) => `${l}\n`)
          .join(""),
      );
      copyFileSync(file, `${file}.1`);
      truncateSync(file, 0);
      appendFileSync(file, b.map((l) => `${l}\n`).join(""));
      await t.until(a.length + b.length);
      await sleep(50);
      await t.stop();
      assert.deepEqual(t.delivered, [...expected(a), ...expected(b)]);
    });
  }

  it("copytruncate between two reads of one catch-up: the chunk read from the new content is not taken for the old", async () => {
    const file = fresh("turn.log");
    mkdirFor(file);
    const a = lines(1, 60, "a");
    const b = lines(61, 200, "b");
    writeFileSync(file, a.map((l) => `${l}\n`).join(""));
    let rotated = false;
    // Small chunks, and the rotation done from the sink between two of them: deterministic, where
    // the same race between the tailer's look and its read happens only now and then under load.
    const t = startTail(file, { chunkBytes: 64 }, (delivered) => {
      if (rotated || delivered.length < 5) return;
      rotated = true;
      copyFileSync(file, `${file}.1`);
      truncateSync(file, 0);
      appendFileSync(file, b.map((l) => `${l}\n`).join(""));
    });
    await t.until(a.length + b.length);
    await sleep(50);
    await t.stop();
    assert.deepEqual(t.delivered, [...expected(a), ...expected(b)]);
  });

  it("copytruncate with a dateext copy (turn.log-20261121) and a partial last line in the old content", async () => {
    const file = fresh("turn.log");
    mkdirFor(file);
    writeFileSync(file, "one\ntwo\n");
    const t = startTail(file);
    await t.until(2);
    appendFileSync(file, "three\nfour without newline");
    copyFileSync(file, `${file}-20261121`);
    truncateSync(file, 0);
    appendFileSync(file, "new one\n");
    await t.until(5);
    await t.stop();
    assert.deepEqual(t.delivered, [...expected(["one", "two", "three", "four without newline"]), ...expected(["new one"])]);
  });
});

describe("tail: coturn's dated file names", () => {
  it("a base path means its dated files: read in date order, roll over to the next day's file", async () => {
    const base = fresh("turn.log");
    mkdirFor(base);
    const d = path.dirname(base);
    const day1 = lines(1, 10, "d1");
    const day2 = lines(11, 20, "d2");
    const day3 = lines(21, 25, "d3");
    writeFileSync(path.join(d, "turn_2026-11-20.log"), day1.map((l) => `${l}\n`).join(""));
    writeFileSync(path.join(d, "turn_2026-11-21.log"), day2.map((l) => `${l}\n`).join(""));
    // The older day has the newer mtime (copied back from a backup): the date in the name wins.
    const now = Date.now() / 1000;
    utimesSync(path.join(d, "turn_2026-11-20.log"), now, now);
    utimesSync(path.join(d, "turn_2026-11-21.log"), now - 3600, now - 3600);
    writeFileSync(path.join(d, "unrelated_2026-11-19.log"), "not ours\n");
    const t = startTail(base);
    await t.until(20);
    writeFileSync(path.join(d, "turn_2026-11-22.log"), day3.map((l) => `${l}\n`).join(""));
    await t.until(25);
    await t.stop();
    assert.deepEqual(t.delivered, [...expected(day1), ...expected(day2), ...expected(day3)]);
  });

  it("with pid names and a glob, --once reads every file to its end and returns", async () => {
    const base = fresh("x");
    mkdirFor(base);
    const d = path.dirname(base);
    const f1 = lines(1, 3, "p1");
    const f2 = lines(4, 6, "p2");
    writeFileSync(path.join(d, "turn_4242_2026-11-21.log"), f1.map((l) => `${l}\n`).join(""));
    writeFileSync(path.join(d, "turn_4242_2026-11-22.log"), `${f2.map((l) => `${l}\n`).join("")}unterminated`);
    const t = startTail(path.join(d, "turn_*.log"), { once: true });
    await t.running;
    assert.deepEqual(t.delivered, [...expected(f1), ...expected(f2)], "the newest file's unterminated line may still grow: held back");
  });
});

describe("tail: where reading starts", () => {
  it("without history: from the end of the newest file, at a line start", async () => {
    const file = fresh("turn.log");
    mkdirFor(file);
    writeFileSync(file, "old 1\nold 2\nhalf");
    const t = startTail(file, { fromStart: false });
    await sleep(50);
    appendFileSync(file, " done\nnew\n");
    await t.until(2);
    await t.stop();
    assert.deepEqual(t.delivered, [
      { id: idOf("old 1"), pos: 12, line: "half done" },
      { id: idOf("old 1"), pos: 22, line: "new" },
    ]);
  });

  it("with history: resumes known files at their offsets, reads newer unknown files from 0, skips older unknown ones", async () => {
    const base = fresh("turn.log");
    mkdirFor(base);
    const d = path.dirname(base);
    writeFileSync(path.join(d, "turn_2026-11-19.log"), "older unknown\n");
    writeFileSync(path.join(d, "turn_2026-11-20.log"), "known 1\nknown 2\nknown 3\n");
    writeFileSync(path.join(d, "turn_2026-11-21.log"), "newer unknown\n");
    const t = startTail(base, { fromStart: false, resume: new Map([[idOf("known 1"), 8]]), once: true });
    await t.running;
    assert.deepEqual(t.delivered, [...expected(["known 1", "known 2", "known 3"]).slice(1), ...expected(["newer unknown"])]);
  });

  it("a restart after a rename rotation finds the file it was reading under its rotated name", async () => {
    const file = fresh("turn.log");
    mkdirFor(file);
    writeFileSync(`${file}.1`, "r1\nr2\nr3\n");
    writeFileSync(file, "n1\n");
    const t = startTail(file, { fromStart: false, resume: new Map([[idOf("r1"), 3]]) });
    await t.until(3);
    await t.stop();
    assert.deepEqual(t.delivered, [...expected(["r1", "r2", "r3"]).slice(1), ...expected(["n1"])]);
  });
});

describe("tail: garbage", () => {
  it("binary bytes, a 1 MB line, invalid UTF-8 and a truncated last line: counted, good lines around them delivered", async () => {
    const file = fresh("turn.log");
    mkdirFor(file);
    const big = "z".repeat(1024 * 1024 + 17);
    const parts = [
      Buffer.from("good 1\n"),
      Buffer.from([0x00, 0x00, 0x13, 0x37, 0x00, 0x0a]),
      Buffer.from("good 2\n"),
      Buffer.from(`${big}\n`),
      Buffer.from("good 3\n"),
      Buffer.from([0x62, 0x61, 0x64, 0x20, 0xc3, 0x28, 0x0a]),
      Buffer.from("good 4\n"),
      Buffer.from("2026-11-21T08:31:58+0000: session 0010000"), // cut off: the writer died mid-line
    ];
    writeFileSync(file, Buffer.concat(parts));
    const t = startTail(file, { chunkBytes: 64 * 1024 });
    await t.until(5);
    renameSync(file, `${file}.1`); // rotated away: its unterminated last line is final now
    writeFileSync(file, "next file\n");
    await t.until(7);
    await t.stop();
    const offsets: number[] = [];
    let at = 0;
    for (const p of parts) {
      offsets.push(at);
      at += p.length;
    }
    const id = idOf("good 1");
    assert.deepEqual(t.delivered, [
      { id, pos: offsets[0], line: "good 1" },
      { id, pos: offsets[2], line: "good 2" },
      { id, pos: offsets[4], line: "good 3" },
      { id, pos: offsets[5], line: "bad \ufffd(" },
      { id, pos: offsets[6], line: "good 4" },
      { id, pos: offsets[7], line: "2026-11-21T08:31:58+0000: session 0010000" },
      { id: idOf("next file"), pos: 0, line: "next file" },
    ]);
    assert.deepEqual(t.invalid, [offsets[5]]);
    assert.deepEqual(
      t.skipped.map((s) => [s.reason, s.pos, s.end]),
      [
        ["binary", offsets[1], offsets[2]],
        ["too_long", offsets[3], offsets[4]],
      ],
    );
  });
});
