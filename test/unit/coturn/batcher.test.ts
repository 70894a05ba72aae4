// The batcher with the real sessionizer on a real log: where batches are cut and what their
// checkpoints say. Time is injected.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { Batcher, type Cut } from "../../../collectors/coturn/batcher";
import { Sessionizer } from "../../../collectors/coturn/sessionize";
import { coturnBatch, MAX_BATCH_BYTES } from "../../../collectors/schema/coturn";
import { ROOT } from "../../support/cli";

const LOG = readFileSync(path.join(ROOT, "test", "fixtures", "coturn", "s12-mixed-realistic-load.log"), "utf8");
const LINES = LOG.split("\n").slice(0, -1);

function setup(
  opts: {
    maxEvents?: number;
    maxEventsCap?: number;
    emptyIntervalMs?: number;
    gauges?: () => { pendingBytes: number; bufferFill: number };
  } = {},
) {
  let now = 1_000;
  const cuts: Cut[] = [];
  const b = new Batcher({ agentId: "a1", server: "turn-1", now: () => now, ...opts }, new Sessionizer(), (c) => cuts.push(c));
  let pos = 0;
  const feed = (lines: string[]) => {
    for (const l of lines) {
      const end = pos + Buffer.byteLength(l) + 1;
      b.line(l, pos, end, false);
      pos = end;
    }
  };
  return { b, cuts, feed, at: () => pos, advance: (ms: number) => (now += ms) };
}

describe("batcher", () => {
  it("sends the agent's lag and buffer fill at cut time with the line statistics", () => {
    let pending = 5000;
    const gauges = () => {
      pending -= 1000;
      return { pendingBytes: pending, bufferFill: 0.5 };
    };
    const { b, cuts, feed } = setup({ maxEvents: 50, gauges });
    b.fileStart({ id: "fp:1", path: "/var/log/turn.log" }, 0);
    feed(LINES.slice(0, 400));
    b.caughtUp();
    assert.ok(cuts.length >= 2);
    assert.deepEqual(
      cuts.slice(0, 2).map((c) => [c.batch.stats?.pendingBytes, c.batch.stats?.bufferFill]),
      [
        [4000, 0.5],
        [3000, 0.5],
      ],
    );
  });

  it("keeps batches within the sink's own event bound when it is lower than the one asked for", () => {
    const { b, cuts, feed } = setup({ maxEvents: 100, maxEventsCap: 40 });
    b.fileStart({ id: "fp:1", path: "/var/log/turn.log" }, 0);
    feed(LINES);
    b.caughtUp();
    assert.ok(cuts.length > 2);
    for (const c of cuts) assert.ok(c.events <= 40, String(c.events));
  });

  it("cuts at the event bound; each checkpoint is the byte after the last line it covers; all batches are valid wire batches", () => {
    const { b, cuts, feed, at } = setup({ maxEvents: 50 });
    b.fileStart({ id: "fp:1", path: "/var/log/turn.log" }, 0);
    feed(LINES);
    b.caughtUp();
    assert.ok(cuts.length > 2);
    // Cut ahead of a line once fewer than a tenth of the bound is left: never over it.
    for (const c of cuts.slice(0, -1)) assert.ok(c.events <= 50 && c.events >= 45, String(c.events));
    assert.equal(cuts.at(-1)?.batch.checkpoint.offset, at(), "the last checkpoint is the end of the data");
    let prev = 0;
    for (const c of cuts) {
      const parsed = coturnBatch.parse(JSON.parse(JSON.stringify(c.batch)));
      assert.equal(parsed.source.fileId, "fp:1");
      assert.ok(c.batch.checkpoint.offset >= prev, "checkpoints move forward");
      prev = c.batch.checkpoint.offset;
      // Every event of the batch comes from a line before its checkpoint.
      for (const e of c.batch.events as { pos: number }[]) assert.ok(e.pos < c.batch.checkpoint.offset);
      assert.ok(JSON.stringify(c.batch).length <= c.estimatedBytes, "the byte estimate is an upper bound");
      assert.ok(c.estimatedBytes < MAX_BATCH_BYTES);
    }
    assert.equal(cuts.at(-1)?.batch.stats?.lines, LINES.length);
  });

  it("a line with more events than a batch holds (a restart closing many sessions) is split; no batch exceeds the bound", () => {
    const { b, cuts, feed } = setup({ maxEvents: 10 });
    b.fileStart({ id: "fp:1", path: "/var/log/turn.log" }, 0);
    const at = "2026-11-21T08:00:01+0000: ";
    const banner = ["log file opened: /var/log/turn.log", "", "Version Coturn-4.6.1 'Gorst'"].map((l, i) => (i === 2 ? l : at + l));
    const opens = Array.from(
      { length: 30 },
      (_, i) => `${at}session 0000000000000000${String(i + 10).padStart(2, "0")}: new, realm=<r>, username=<u${i}>, lifetime=600`,
    );
    const restart = banner.map((l) => l.replace("08:00:01", "09:00:00"));
    feed([...banner, ...opens, ...restart]);
    b.caughtUp();
    const all = cuts.flatMap((c) => c.batch.events as { type: string; ended?: string }[]);
    assert.ok(
      cuts.every((c) => c.events <= 10),
      cuts.map((c) => c.events).join(","),
    );
    assert.equal(all.filter((e) => e.ended === "server restart").length, 30, "every open session closed once");
    // Checkpoints never move backwards and a split line's chunks repeat the previous checkpoint.
    for (let i = 1; i < cuts.length; i++) assert.ok(cuts[i].batch.checkpoint.offset >= cuts[i - 1].batch.checkpoint.offset);
    for (const c of cuts) coturnBatch.parse(JSON.parse(JSON.stringify(c.batch)));
  });

  it("cuts 500 ms after a batch's first event at a chunk boundary, and when the reader catches up", () => {
    const { b, cuts, feed, advance } = setup();
    b.fileStart({ id: "fp:1", path: "/x" }, 0);
    const firstUsage = LINES.findIndex((l) => l.includes(": usage:"));
    feed(LINES.slice(0, firstUsage + 1));
    b.tick();
    assert.equal(cuts.length, 0, "young batch waits");
    advance(499);
    b.tick();
    assert.equal(cuts.length, 0);
    advance(1);
    b.tick();
    assert.equal(cuts.length, 1);
    feed(LINES.slice(firstUsage + 1, firstUsage + 3));
    b.caughtUp();
    assert.equal(cuts.length, 2);
  });

  it("a batch of no events carries the checkpoint forward, rate-limited; at a file's end it always goes", () => {
    const { b, cuts, feed, at, advance } = setup({ emptyIntervalMs: 5000 });
    const noEvents = "2026-11-21T08:48:29+0000: IO method (general relay thread): epoll (with changelist)";
    b.fileStart({ id: "fp:1", path: "/x" }, 0);
    feed([LINES[0]]);
    b.caughtUp();
    const n = cuts.length;
    advance(5000);
    feed([noEvents]);
    b.caughtUp();
    assert.equal(cuts.length, n + 1, "the first empty batch goes");
    assert.equal(cuts.at(-1)?.events, 0);
    feed([noEvents]);
    b.caughtUp();
    assert.equal(cuts.length, n + 1, "the next one waits for the interval");
    advance(5000);
    b.caughtUp();
    assert.equal(cuts.length, n + 2);
    b.caughtUp();
    assert.equal(cuts.length, n + 2, "nothing moved: nothing sent");
    feed([noEvents]);
    b.fileEnd(at());
    assert.equal(cuts.length, n + 3, "a file's last checkpoint is never held back");
    assert.equal(cuts.at(-1)?.batch.checkpoint.offset, at());
  });

  it("batches never span two files; the sessionizer state carries over", () => {
    const { b, cuts, feed } = setup();
    b.fileStart({ id: "fp:a", path: "/a" }, 0);
    feed(LINES.slice(0, 300));
    b.fileEnd(0);
    b.fileStart({ id: "fp:b", path: "/b" }, 0);
    feed(LINES.slice(300));
    b.fileEnd(0);
    const files = cuts.map((c) => c.batch.source.fileId);
    assert.deepEqual([...new Set(files)], ["fp:a", "fp:b"]);
    for (const c of cuts) assert.equal(c.batch.checkpoint.fileId, c.batch.source.fileId);
    assert.equal(cuts.at(-1)?.batch.stats?.lines, LINES.length, "one sessionizer across files");
  });

  it("counts skipped lines and invalid UTF-8 through the sessionizer's stats", () => {
    const { b, cuts } = setup();
    b.fileStart({ id: "fp:1", path: "/x" }, 0);
    b.skip("binary", 0, 10);
    b.skip("too_long", 10, 100_000);
    b.line("2026-11-21T08:48:29+0000: caf\ufffd", 100_000, 100_030, true);
    b.fileEnd(100_030);
    const stats = cuts.at(-1)?.batch.stats;
    assert.equal(stats?.lines, 3);
    assert.equal(stats?.skipped.binary, 1);
    assert.equal(stats?.skipped.too_long, 1);
    assert.equal(stats?.skipped.invalid_utf8, 1);
    assert.equal(cuts.at(-1)?.batch.checkpoint.offset, 100_030);
  });
});
