// The whole collector (tail → sessionizer → batcher → buffer → delivery) against an in-memory "app"
// that stores batches and checkpoints as the real one does: a flaky sink, a restart, a full buffer,
// a fatal refusal and a stop signal. The events that reach the app must be exactly the sessionizer's
// events for the log, once each, in order.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import type { AgentCheckpoint, CheckpointSource } from "../../../collectors/agent/checkpoint-client";
import { type BatchSink, fatal, retryable } from "../../../collectors/agent/errors";
import type { Outgoing } from "../../../collectors/agent/outgoing";
import { CoturnCollector } from "../../../collectors/coturn";
import { Sessionizer } from "../../../collectors/coturn/sessionize";
import type { CoturnBatch, CoturnEvent } from "../../../collectors/schema/coturn";
import { ROOT } from "../../support/cli";

const FIXTURE = path.join(ROOT, "test", "fixtures", "coturn", "s12-mixed-realistic-load.log");
const dir = mkdtempSync(path.join(os.tmpdir(), "relayscope-collector-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** The sessionizer's events for the whole file, read in one go: what the app must end up with. */
function expectedEvents(file: string): CoturnEvent[] {
  const s = new Sessionizer();
  const out: CoturnEvent[] = [];
  let pos = 0;
  for (const line of readFileSync(file, "utf8").split("\n").slice(0, -1)) {
    s.push(line, pos, out);
    pos += Buffer.byteLength(line) + 1;
  }
  return out;
}

/** Stores what it is sent, with checkpoints, failing as `plan` says (by attempt number). */
class FakeApp implements BatchSink<Outgoing<CoturnBatch>>, CheckpointSource {
  readonly name = "the fake app";
  events: CoturnEvent[] = [];
  batches: CoturnBatch[] = [];
  attempts = 0;
  checkpoints = new Map<string, AgentCheckpoint>();
  constructor(private readonly plan: (attempt: number) => Error | "ok" = () => "ok") {}

  async send(item: Outgoing<CoturnBatch>): Promise<{ accepted: number; quarantined: number }> {
    const outcome = this.plan(++this.attempts);
    await new Promise((r) => setTimeout(r, 1));
    if (outcome !== "ok") throw outcome;
    const batch = JSON.parse(item.json()) as CoturnBatch; // over the wire, as the app sees it
    this.batches.push(batch);
    this.events.push(...(batch.events as CoturnEvent[]));
    const { fileId, offset, state } = batch.checkpoint;
    this.checkpoints.set(fileId, {
      fileId,
      path: batch.source.path,
      offset,
      state,
      updatedAt: new Date(Date.now() + this.batches.length).toISOString(),
    });
    return { accepted: batch.events.length, quarantined: 0 };
  }

  async fetch(): Promise<AgentCheckpoint[]> {
    return [...this.checkpoints.values()];
  }
}

function collector(file: string, app: FakeApp, extra: Partial<ConstructorParameters<typeof CoturnCollector>[0]> = {}) {
  const warnings: string[] = [];
  const c = new CoturnCollector({
    file,
    server: "turn-1",
    agentId: "agent-1",
    sink: app,
    checkpoints: app,
    once: true,
    pollMs: 10,
    backoff: { baseMs: 1, capMs: 5 },
    logger: { info: () => {}, warn: (m) => warnings.push(m), debug: () => {} },
    ...extra,
  });
  return { c, warnings };
}

function copyFixture(): string {
  const file = path.join(dir, `${++n}-turn.log`);
  copyFileSync(FIXTURE, file);
  return file;
}

describe("coturn collector", () => {
  it("--once through a flaky app: every event exactly once, in order; the last checkpoint is the end of the file", async () => {
    const file = copyFixture();
    // The first attempt and every third after fail: the app restarting, a timeout, a 503.
    const app = new FakeApp((a) => (a === 1 || a % 3 === 0 ? retryable(`503 attempt ${a}`, 503) : "ok"));
    const { c, warnings } = collector(file, app, { maxEventsPerBatch: 40 });
    const result = await c.run();
    assert.equal(result.undelivered, 0);
    assert.equal(result.fatal, undefined);
    assert.deepEqual(app.events, expectedEvents(file));
    assert.ok(
      warnings.some((w) => /failed \(attempt 1\): 503/.test(w)),
      warnings.join("\n"),
    );
    const cp = [...app.checkpoints.values()];
    assert.equal(cp.length, 1);
    assert.equal(cp[0].offset, statSync(file).size);
    assert.ok(app.batches.length > 5, "several batches");
    assert.equal(result.status.stats.lines, readFileSync(file, "utf8").split("\n").length - 1);
    assert.equal(result.status.delivered.accepted, app.events.length);

    // A restart resumes from the app's checkpoints: nothing is sent again.
    const before = app.events.length;
    const again = await collector(file, app).c.run();
    assert.equal(app.events.length, before);
    assert.equal(again.undelivered, 0);
  });

  it("a full buffer pauses reading (reported at most once a minute) and loses nothing", async () => {
    const file = copyFixture();
    const app = new FakeApp();
    const slow: BatchSink<Outgoing<CoturnBatch>> = {
      name: app.name,
      send: async (item) => {
        await new Promise((r) => setTimeout(r, 5));
        return app.send(item);
      },
    };
    const { c, warnings } = collector(file, app, { sink: slow, buffer: { maxBatches: 2, maxBytes: 1 << 30 }, maxEventsPerBatch: 20 });
    const result = await c.run();
    assert.equal(result.undelivered, 0);
    assert.deepEqual(app.events, expectedEvents(file));
    const pauses = warnings.filter((w) => w.startsWith("buffer full"));
    assert.equal(pauses.length, 1, `the reader outran the sink, was paused, and said so once:\n${pauses.join("\n")}`);
    assert.match(pauses[0], /reading pauses until the fake app takes more/);
  });

  it("a fatal refusal stops reading and is reported; the checkpoint stays before the refused batch", async () => {
    const file = copyFixture();
    const app = new FakeApp((a) => (a === 1 ? fatal("422 no TURN server is called turn-1", 422, "unknown_server") : "ok"));
    const result = await collector(file, app).c.run();
    assert.match(result.fatal?.message ?? "", /no TURN server/);
    assert.equal(app.events.length, 0);
    assert.equal(app.checkpoints.size, 0);
  });

  it("uptime-prefixed logs are anchored at the file's mtime minus its last uptime", async () => {
    const file = path.join(dir, `${++n}-turn_2026-11-21.log`);
    copyFileSync(path.join(ROOT, "test", "fixtures", "coturn", "s09-legacy-timestamp-default-format_2026-11-21.log"), file);
    const mtime = Date.UTC(2026, 10, 21, 9, 0, 0);
    utimesSync(file, mtime / 1000, mtime / 1000);
    const app = new FakeApp();
    await collector(file, app).c.run();
    const lastUptime = Number(/^(\d+): /.exec(readFileSync(file, "utf8").trimEnd().split("\n").at(-1) ?? "")?.[1]);
    const last = app.events.at(-1) as { ts: number; approximate?: boolean };
    assert.equal(last.ts, mtime, "the last line's time is the file's mtime");
    const run = app.events.find((e) => e.type === "run") as { ts: number; approximate?: boolean } | undefined;
    assert.equal(run?.ts, mtime - lastUptime * 1000, "uptime 0 is the anchor");
    assert.equal(run?.approximate, true);
  });

  it("follow mode: a stop signal flushes what was read, and the final status says so", async () => {
    const file = copyFixture();
    const app = new FakeApp();
    const stop = new AbortController();
    const { c } = collector(file, app, { once: false, fromStart: true, signal: stop.signal });
    const running = c.run();
    while (app.checkpoints.get([...app.checkpoints.keys()][0] ?? "")?.offset !== statSync(file).size) {
      await new Promise((r) => setTimeout(r, 10));
    }
    stop.abort();
    const result = await running;
    assert.equal(result.undelivered, 0);
    assert.equal(result.status.phase, "stopped");
    assert.deepEqual(app.events, expectedEvents(file));
  });
});
