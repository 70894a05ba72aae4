import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BatchBuffer } from "../../../collectors/agent/buffer";
import { Deliverer } from "../../../collectors/agent/deliver";
import { type BatchSink, fatal, retryable } from "../../../collectors/agent/errors";

const fast = { baseMs: 1, capMs: 4 };

/** A sink that fails according to `plan` (one entry per send: an error or "ok") and records every attempt. */
function scriptedSink(plan: (attempt: number, item: number) => Error | "ok"): BatchSink<number> & { attempts: number[]; stored: number[] } {
  const attempts: number[] = [];
  const stored: number[] = [];
  return {
    name: "test sink",
    attempts,
    stored,
    async send(item: number) {
      attempts.push(item);
      await new Promise((r) => setTimeout(r, 1));
      const outcome = plan(attempts.length, item);
      if (outcome !== "ok") throw outcome;
      stored.push(item);
      return { accepted: 1, quarantined: 0 };
    },
  };
}

describe("delivery", () => {
  it("retries a failing sink with backoff, then delivers every batch once, in order", async () => {
    const buffer = new BatchBuffer<number>({ maxBatches: 100, maxBytes: 1e9 });
    // Fails attempts 2-5 (the app "goes down" after the first batch), then recovers.
    const sink = scriptedSink((n) => (n >= 2 && n <= 5 ? retryable(`down (${n})`, 503) : "ok"));
    const warnings: string[] = [];
    const d = new Deliverer({ sink, buffer, backoff: fast, logger: { warn: (m) => warnings.push(m), info: () => {} } });
    for (let i = 0; i < 6; i++) buffer.push(i, 1);
    d.start();
    const { left } = await d.flush(5000);
    assert.equal(left, 0);
    assert.deepEqual(sink.stored, [0, 1, 2, 3, 4, 5], "no duplicates, no reordering");
    assert.deepEqual(sink.attempts.slice(0, 6), [0, 1, 1, 1, 1, 1], "the failed batch is retried before any later one");
    assert.equal(warnings.length, 4, "each failure logged once");
    assert.match(warnings[0], /failed \(attempt 1\): down \(2\); retrying in \d+\.\d s/);
    assert.deepEqual(d.delivered, { batches: 6, accepted: 6, quarantined: 0 });
  });

  it("hands the next batch to prepareAhead while the current one is in flight, and still sends each once, in order", async () => {
    const buffer = new BatchBuffer<number>({ maxBatches: 100, maxBytes: 1e9 });
    const events: string[] = [];
    const sink: BatchSink<number> = {
      name: "preparing sink",
      prepareAhead: (item) => events.push(`prepare ${item}`),
      async send(item) {
        events.push(`send ${item}`);
        await new Promise((r) => setTimeout(r, 1));
        events.push(`stored ${item}`);
        return { accepted: 1, quarantined: 0 };
      },
    };
    const d = new Deliverer({ sink, buffer, backoff: fast });
    for (let i = 0; i < 3; i++) buffer.push(i, 1);
    d.start();
    assert.equal((await d.flush(5000)).left, 0);
    assert.deepEqual(events, ["send 0", "prepare 1", "stored 0", "send 1", "prepare 2", "stored 1", "send 2", "stored 2"]);
  });

  it("a batch pushed while the oldest is in flight is prepared at once, not only at the next send", async () => {
    const buffer = new BatchBuffer<number>({ maxBatches: 100, maxBytes: 1e9 });
    const events: string[] = [];
    let release: () => void = () => {};
    const sink: BatchSink<number> = {
      name: "preparing sink",
      prepareAhead: (item) => events.push(`prepare ${item}`),
      async send(item) {
        events.push(`send ${item}`);
        if (item === 0) await new Promise<void>((r) => (release = r));
        events.push(`stored ${item}`);
        return { accepted: 1, quarantined: 0 };
      },
    };
    const d = new Deliverer({ sink, buffer, backoff: fast });
    d.start();
    buffer.push(0, 1);
    await new Promise((r) => setTimeout(r, 5));
    buffer.push(1, 1); // arrives while 0 is in flight
    buffer.push(2, 1); // not next: prepared when 1 is sent (this sink stores 1 without waiting)
    release();
    assert.equal((await d.flush(5000)).left, 0);
    assert.deepEqual(events, ["send 0", "prepare 1", "stored 0", "send 1", "stored 1", "prepare 2", "send 2", "stored 2"]);
  });

  it("treats untyped errors (a thrown TypeError from the network stack) as retryable", async () => {
    const buffer = new BatchBuffer<number>({ maxBatches: 10, maxBytes: 1e9 });
    const sink = scriptedSink((n) => (n === 1 ? new TypeError("fetch failed") : "ok"));
    const d = new Deliverer({ sink, buffer, backoff: fast });
    buffer.push(7, 1);
    assert.equal((await d.flush(5000)).left, 0);
    assert.deepEqual(sink.stored, [7]);
  });

  it("stops at a fatal error, keeps the batch, and reports it", async () => {
    const buffer = new BatchBuffer<number>({ maxBatches: 10, maxBytes: 1e9 });
    const sink = scriptedSink((_n, item) => (item === 1 ? fatal("401 the API key has been revoked", 401, "unauthorized") : "ok"));
    let reported: Error | undefined;
    const d = new Deliverer({ sink, buffer, backoff: fast, onFatal: (e) => (reported = e) });
    for (let i = 0; i < 3; i++) buffer.push(i, 1);
    const { left } = await d.flush(5000);
    assert.equal(left, 2);
    assert.deepEqual(sink.stored, [0]);
    assert.equal(d.state.kind, "failed");
    assert.match(reported?.message ?? "", /revoked/);
  });

  it("flush is bounded: a sink that never recovers does not hold shutdown", async () => {
    const buffer = new BatchBuffer<number>({ maxBatches: 10, maxBytes: 1e9 });
    const sink = scriptedSink(() => retryable("still down"));
    const d = new Deliverer({ sink, buffer, backoff: { baseMs: 50, capMs: 50 } });
    buffer.push(1, 1);
    d.start();
    const t0 = Date.now();
    const { left } = await d.flush(300);
    assert.equal(left, 1, "the batch stays for the next start (its checkpoint was never committed)");
    assert.ok(Date.now() - t0 < 2000);
    assert.equal(d.state.kind, "retrying");
  });

  it("honours Retry-After over a shorter backoff", async () => {
    const buffer = new BatchBuffer<number>({ maxBatches: 10, maxBytes: 1e9 });
    const sink = scriptedSink((n) => (n === 1 ? retryable("busy", 429, undefined, undefined, 200) : "ok"));
    const d = new Deliverer({ sink, buffer, backoff: fast });
    buffer.push(1, 1);
    d.start();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(d.state.kind, "retrying");
    if (d.state.kind === "retrying") assert.ok(d.state.nextTryAt - Date.now() > 100);
    await d.flush(5000);
    assert.deepEqual(sink.stored, [1]);
  });
});
