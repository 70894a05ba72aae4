import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setImmediate as tick } from "node:timers/promises";
import { BatchBuffer, type BufferNotice } from "../../../collectors/agent/buffer";

describe("bounded batch buffer", () => {
  it("pauses the reader when full (by count), reports it once per pause, and resumes when delivery frees room", async () => {
    const notices: BufferNotice[] = [];
    const buffer = new BatchBuffer<number>({ maxBatches: 3, maxBytes: 1_000_000 }, (n) => notices.push(n));
    // A reader that produces 10 batches, waiting for space before each, like the tailer between chunks.
    const produced: number[] = [];
    const reader = (async () => {
      for (let i = 0; i < 10; i++) {
        await buffer.waitForSpace();
        buffer.push(i, 10);
        produced.push(i);
      }
    })();
    await tick();
    await tick();
    assert.deepEqual(produced, [0, 1, 2], "the reader stops at the bound");
    assert.equal(buffer.paused, true);
    await tick();
    assert.deepEqual(produced, [0, 1, 2], "and stays stopped while nothing is delivered");
    assert.equal(notices.filter((n) => n.kind === "paused").length, 1);

    const delivered: number[] = [];
    while (delivered.length < 10) {
      await buffer.waitForItem();
      delivered.push(buffer.shift()!);
      assert.ok(buffer.length <= 3, `never above the bound (${buffer.length})`);
      await tick();
      await tick();
    }
    await reader;
    assert.deepEqual(delivered, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const pauses = notices.filter((n) => n.kind === "paused").length;
    assert.equal(notices.filter((n) => n.kind === "resumed").length, pauses, "every pause ends with one resume");
  });

  it("is bounded by bytes as well", async () => {
    const buffer = new BatchBuffer<string>({ maxBatches: 100, maxBytes: 1000 });
    buffer.push("a", 600);
    assert.equal(buffer.full, false);
    buffer.push("b", 600);
    assert.equal(buffer.full, true);
    assert.ok(buffer.fill >= 1);
    let resumed = false;
    const wait = buffer.waitForSpace().then(() => {
      resumed = true;
    });
    await tick();
    assert.equal(resumed, false);
    assert.equal(buffer.peek(), "a", "peek leaves the batch counted until it is delivered");
    assert.equal(buffer.bytes, 1200);
    buffer.shift();
    await wait;
    assert.equal(resumed, true);
    assert.equal(buffer.bytes, 600);
  });

  it("a stop signal releases a waiting reader", async () => {
    const buffer = new BatchBuffer<number>({ maxBatches: 1, maxBytes: 100 });
    buffer.push(1, 1);
    const stop = new AbortController();
    const wait = buffer.waitForSpace(stop.signal);
    stop.abort();
    await wait;
    assert.equal(buffer.length, 1, "nothing is dropped");
  });
});
