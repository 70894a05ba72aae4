// Lines in, batches out: feeds the tailer's lines to the sessionizer and cuts the events into wire
// batches (collectors/schema/coturn.ts) with the checkpoint that covers them. Pure apart from the
// clock, which is injected.
//
// A batch is cut at MAX_EVENTS_PER_BATCH, at a size budget well under MAX_BATCH_BYTES, 500 ms after
// its first event, when the reader has caught up with the file, and when the file ends: so it never
// spans two files, and its checkpoint (byte after its last line + the sessionizer state there) is
// exactly where a restart resumes.
import { COTURN_WIRE_VERSION, type CoturnBatch, type CoturnEvent, MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH } from "../schema/coturn";
import type { Sessionizer } from "./sessionize";
import type { TailFile } from "./tail";
import type { SkipReason } from "./tail-lines";

export type BatcherOptions = {
  agentId: string;
  server: string;
  maxEvents?: number;
  /** Upper bound of maxEvents (default MAX_EVENTS_PER_BATCH, the wire's): the sink's own limit. */
  maxEventsCap?: number;
  /** Budget for the events' JSON (estimated from above); the sessionizer state comes on top. */
  maxEventBytes?: number;
  maxAgeMs?: number;
  /** Batches without events (only the checkpoint moved) go out at most this often while following. */
  emptyIntervalMs?: number;
  now?: () => number;
  /** The agent's lag and buffer fill at cut time, sent with the line statistics. */
  gauges?: () => { pendingBytes: number; bufferFill: number };
};

// An event's JSON is its fixed keys plus text copied from its line; escaping at most doubles text.
const EVENT_OVERHEAD_BYTES = 320;
const DEFAULT_EVENT_BUDGET = Math.floor(MAX_BATCH_BYTES / 2);
const MIN_EVENT_BUDGET = 256 * 1024;
/** Events one line may add before the batch is cut ahead of it (most lines yield one to three). */
const LINE_HEADROOM = 64;
const headroomFor = (maxEvents: number) => Math.min(LINE_HEADROOM, Math.floor(maxEvents / 10));

export type Cut = { batch: CoturnBatch; events: number; estimatedBytes: number };

export class Batcher {
  private events: CoturnEvent[] = [];
  private estimate = 0;
  private firstEventAt = 0;
  private file: TailFile | null = null;
  /** Byte after the last line handed to the sessionizer, and where the last batch left off. */
  private offset = 0;
  private cutOffset = 0;
  /** The sessionizer state at cutOffset: what a batch that must not move the checkpoint carries. */
  private cutState: unknown = null;
  private lastEmptyAt = Number.NEGATIVE_INFINITY;
  private stateBytes = 0;
  private readonly maxEvents: number;
  private readonly headroom: number;
  private readonly maxEventBytes: number;
  private readonly maxAgeMs: number;
  private readonly emptyIntervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly opts: BatcherOptions,
    private readonly sessionizer: Sessionizer,
    private readonly emit: (cut: Cut) => void,
  ) {
    const cap = opts.maxEventsCap ?? MAX_EVENTS_PER_BATCH;
    this.maxEvents = Math.min(opts.maxEvents ?? cap, cap);
    this.headroom = headroomFor(this.maxEvents);
    this.maxEventBytes = opts.maxEventBytes ?? DEFAULT_EVENT_BUDGET;
    this.maxAgeMs = opts.maxAgeMs ?? 500;
    this.emptyIntervalMs = opts.emptyIntervalMs ?? 5000;
    this.now = opts.now ?? Date.now;
  }

  fileStart(file: TailFile, offset: number): void {
    this.file = file;
    this.offset = offset;
    this.cutOffset = offset;
    this.cutState = this.sessionizer.snapshot();
  }

  line(text: string, pos: number, end: number, invalidUtf8: boolean): void {
    // Cut before the line while the sessionizer state still matches the offset: a batch must never
    // exceed maxEvents, and one line usually yields a few events.
    if (this.events.length > 0 && this.events.length + this.headroom > this.maxEvents) this.cut();
    if (invalidUtf8) this.sessionizer.countSkipped("invalid_utf8", end - pos);
    const before = this.events.length;
    this.sessionizer.push(text, pos, this.events);
    const added = this.events.length - before;
    if (added > 0) {
      if (before === 0) this.firstEventAt = this.now();
      this.estimate += added * (EVENT_OVERHEAD_BYTES + 2 * text.length);
    }
    // A line with more events than that (a restart banner closing thousands of sessions): full
    // chunks go out with the previous checkpoint, which replaying from regenerates identically.
    while (this.events.length > this.maxEvents) this.emitWithoutProgress(this.events.splice(0, this.maxEvents));
    this.offset = end;
    if (this.events.length >= this.maxEvents || this.estimate >= this.eventBudget()) this.cut();
  }

  skip(reason: SkipReason, pos: number, end: number): void {
    this.sessionizer.countSkipped(reason, end - pos);
    this.offset = end;
  }

  /** Between read chunks: a batch that waited long enough goes, even mid-file. */
  tick(): void {
    if (this.events.length > 0 && this.now() - this.firstEventAt >= this.maxAgeMs) this.cut();
  }

  /**
   * The reader caught up: send what there is. A batch of no events only carries the checkpoint
   * forward (so a restart does not re-read lines that produced nothing); those are rate-limited.
   */
  caughtUp(): void {
    if (this.events.length > 0) this.cut();
    else if (this.offset !== this.cutOffset && this.now() - this.lastEmptyAt >= this.emptyIntervalMs) this.cut();
  }

  /** The file is left (rotated, finished, or the agent stops): its last checkpoint always goes. */
  fileEnd(offset: number): void {
    this.offset = Math.max(this.offset, offset);
    if (this.events.length > 0 || this.offset !== this.cutOffset) this.cut();
    this.file = null;
  }

  /** The state travels in every batch: a large one (many open sessions) leaves less room for events. */
  private eventBudget(): number {
    return Math.max(MIN_EVENT_BUDGET, Math.min(this.maxEventBytes, MAX_BATCH_BYTES * 0.75 - this.stateBytes));
  }

  get pendingEvents(): number {
    return this.events.length;
  }

  private batchOf(file: TailFile, events: CoturnEvent[], offset: number, state: unknown): CoturnBatch {
    return {
      version: COTURN_WIRE_VERSION,
      agentId: this.opts.agentId,
      server: this.opts.server,
      source: { fileId: file.id, path: file.path },
      events,
      checkpoint: { fileId: file.id, offset, state: state as CoturnBatch["checkpoint"]["state"] },
      stats: { ...structuredClone(this.sessionizer.stats), ...this.opts.gauges?.() },
    };
  }

  /** `events` were taken from the front of this.events; they leave with the last checkpoint. */
  private emitWithoutProgress(events: CoturnEvent[]): void {
    if (!this.file) return;
    // Their share of the running estimate (which covers them and what is still pending).
    const share = Math.ceil((this.estimate * events.length) / (events.length + this.events.length));
    this.emit({
      batch: this.batchOf(this.file, events, this.cutOffset, this.cutState),
      events: events.length,
      estimatedBytes: share + this.stateBytes + 1024,
    });
    this.estimate -= share;
  }

  private cut(): void {
    if (!this.file) return;
    const events = this.events;
    const state = this.sessionizer.snapshot();
    this.cutState = state;
    const batch = this.batchOf(this.file, events, this.offset, state);
    this.stateBytes = JSON.stringify(state).length;
    if (events.length === 0) this.lastEmptyAt = this.now();
    this.emit({ batch, events: events.length, estimatedBytes: this.estimate + this.stateBytes + 1024 });
    this.events = [];
    this.estimate = 0;
    this.cutOffset = this.offset;
  }
}
