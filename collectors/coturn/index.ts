// The coturn collector: tail → sessionizer → batcher → bounded buffer → delivery (DESIGN.md "Flow").
// Options are resolved once (STYLE.md §8); the CLI (`relayscope collect coturn`) only parses flags,
// picks the sink (HTTP push or in-process ingest) and renders the status this exposes.
import type { BackoffOptions } from "../agent/backoff";
import { BatchBuffer, type BufferNotice, type BufferOptions } from "../agent/buffer";
import { type AgentCheckpoint, type CheckpointSource, fetchCheckpointsWithRetry } from "../agent/checkpoint-client";
import { Deliverer, type DeliveryState } from "../agent/deliver";
import type { BatchSink, DeliveryError } from "../agent/errors";
import { Outgoing } from "../agent/outgoing";
import type { CoturnBatch, LineStats } from "../schema/coturn";
import { Batcher } from "./batcher";
import { Sessionizer, type SessionizerState } from "./sessionize";
import { Tailer, type TailLogger } from "./tail";
import { parseFileSpec } from "./tail-files";

export type CollectorLogger = TailLogger;

export type CoturnCollectorOptions = {
  /** `--file`: a path (also meaning its coturn-dated variants) or a glob. */
  file: string;
  server: string;
  agentId: string;
  sink: BatchSink<Outgoing<CoturnBatch>>;
  checkpoints: CheckpointSource;
  fromStart?: boolean;
  once?: boolean;
  pollMs?: number;
  graceMs?: number;
  buffer?: Partial<BufferOptions>;
  /** Longest wait for buffered batches at shutdown (not in --once, which delivers everything). */
  flushTimeoutMs?: number;
  maxOpenSessions?: number;
  /** The agent's own key for client addresses in the resume state (see Sessionizer). */
  addressKey?: Uint8Array;
  /** Events per batch (default and maximum: the sink's maxEventsPerBatch, else MAX_EVENTS_PER_BATCH). */
  maxEventsPerBatch?: number;
  /** Retry delays (defaults: 250 ms base, 30 s cap); tests shorten them. */
  backoff?: BackoffOptions;
  logger?: CollectorLogger;
  signal?: AbortSignal;
};

type Resolved = Required<
  Omit<CoturnCollectorOptions, "signal" | "maxOpenSessions" | "addressKey" | "buffer" | "backoff" | "maxEventsPerBatch">
> & {
  maxEventsPerBatch?: number;
  buffer: BufferOptions;
  signal?: AbortSignal;
  maxOpenSessions?: number;
  addressKey?: Uint8Array;
  backoff?: BackoffOptions;
};

const noop = () => {};
const BUFFER_NOTICE_INTERVAL_MS = 60_000;

export function resolveCollectorOptions(o: CoturnCollectorOptions): Resolved {
  return {
    ...o,
    fromStart: o.fromStart ?? false,
    once: o.once ?? false,
    pollMs: o.pollMs ?? 250,
    graceMs: o.graceMs ?? Math.max(1000, 4 * (o.pollMs ?? 250)),
    // 16 batches (80,000 events) or 16 MiB: a minute of a busy server's log, and a bounded RSS in a backfill.
    buffer: { maxBatches: o.buffer?.maxBatches ?? 16, maxBytes: o.buffer?.maxBytes ?? 16 * 1024 * 1024 },
    flushTimeoutMs: o.flushTimeoutMs ?? 10_000,
    logger: o.logger ?? { info: noop, warn: noop, debug: noop },
  };
}

export type CollectorStatus = {
  startedAt: number;
  file: string | null;
  stats: LineStats;
  bytesRead: number;
  bytesPending: number;
  delivered: { batches: number; accepted: number; quarantined: number };
  buffer: { batches: number; bytes: number; maxBatches: number; maxBytes: number; paused: boolean };
  delivery: DeliveryState;
  phase: "starting" | "reading" | "flushing" | "stopped";
};

export type CollectorResult = { status: CollectorStatus; undelivered: number; fatal?: DeliveryError };

const emptyStats = (): LineStats => ({ lines: 0, bytes: 0, records: 0, continuation: 0, events: 0, skipped: {} });

/** The most recently updated checkpoint carries the sessionizer state to resume with. */
export function latestCheckpoint(checkpoints: AgentCheckpoint[]): AgentCheckpoint | undefined {
  return checkpoints.reduce<AgentCheckpoint | undefined>(
    (a, c) => (!a || Date.parse(c.updatedAt) > Date.parse(a.updatedAt) ? c : a),
    undefined,
  );
}

export class CoturnCollector {
  private readonly o: Resolved;
  private readonly buffer: BatchBuffer<Outgoing<CoturnBatch>>;
  private readonly deliverer: Deliverer<Outgoing<CoturnBatch>>;
  /** Stops the reader: the caller's signal, or a fatal delivery error. */
  private readonly reading = new AbortController();
  private sessionizer: Sessionizer | null = null;
  private tailer: Tailer | null = null;
  private currentFile: string | null = null;
  private phase: CollectorStatus["phase"] = "starting";
  private readonly startedAt = Date.now();

  constructor(options: CoturnCollectorOptions) {
    this.o = resolveCollectorOptions(options);
    const log = this.o.logger;
    // In a backfill the buffer fills and drains many times a second: say so once a minute, not each time.
    let lastNoticeAt = Number.NEGATIVE_INFINITY;
    let pausesSince = 0;
    this.buffer = new BatchBuffer(this.o.buffer, (n: BufferNotice) => {
      if (n.kind !== "paused") return;
      pausesSince++;
      if (Date.now() - lastNoticeAt < BUFFER_NOTICE_INTERVAL_MS) return;
      const again = pausesSince > 1 ? ` (${pausesSince} pauses since the last notice)` : "";
      log.warn(
        `buffer full (${n.batches} batches, ${(n.bytes / 1048576).toFixed(1)} MiB): reading pauses until ${this.o.sink.name} takes more${again}`,
      );
      lastNoticeAt = Date.now();
      pausesSince = 0;
    });
    this.deliverer = new Deliverer({
      sink: this.o.sink,
      buffer: this.buffer,
      logger: log,
      backoff: this.o.backoff,
      onFatal: () => this.reading.abort(),
    });
    this.o.signal?.addEventListener("abort", () => this.reading.abort(), { once: true });
  }

  status(): CollectorStatus {
    return {
      startedAt: this.startedAt,
      file: this.currentFile,
      stats: this.sessionizer ? structuredClone(this.sessionizer.stats) : emptyStats(),
      bytesRead: this.tailer?.bytesRead ?? 0,
      bytesPending: this.tailer?.bytesPending ?? 0,
      delivered: { ...this.deliverer.delivered },
      buffer: { batches: this.buffer.length, bytes: this.buffer.bytes, ...this.buffer.options, paused: this.buffer.paused },
      delivery: this.deliverer.state,
      phase: this.phase,
    };
  }

  async run(): Promise<CollectorResult> {
    const o = this.o;
    const signal = this.reading.signal;
    const checkpoints = await fetchCheckpointsWithRetry(
      o.checkpoints,
      { agentId: o.agentId, server: o.server },
      {
        signal,
        onRetry: (attempt, message, delay) =>
          o.logger.warn(`fetching checkpoints failed (attempt ${attempt}): ${message}; retrying in ${(delay / 1000).toFixed(1)} s`),
      },
    );
    if (!checkpoints) return this.finish(0);
    const sessionizer = this.makeSessionizer(latestCheckpoint(checkpoints));
    const gauges = () => ({ pendingBytes: this.tailer?.bytesPending ?? 0, bufferFill: Math.round(this.buffer.fill * 1000) / 1000 });
    const batcherOptions = {
      agentId: o.agentId,
      server: o.server,
      maxEvents: o.maxEventsPerBatch,
      maxEventsCap: o.sink.maxEventsPerBatch,
      gauges,
    };
    const batcher = new Batcher(batcherOptions, sessionizer, (cut) =>
      this.buffer.push(new Outgoing(cut.batch, cut.events, cut.estimatedBytes), cut.estimatedBytes),
    );
    const history = checkpoints.length > 0;
    this.tailer = new Tailer(
      {
        spec: parseFileSpec(o.file),
        resume: new Map(checkpoints.map((c) => [c.fileId, c.offset])),
        resumeSince: checkpoints.reduce((t, c) => Math.max(t, Date.parse(c.updatedAt) || 0), 0) || undefined,
        // --once reads every matching file to its end: for a new agent, that is all of them.
        fromStart: o.fromStart || (o.once && !history),
        once: o.once,
        pollMs: o.pollMs,
        graceMs: o.graceMs,
        signal,
        logger: o.logger,
      },
      {
        fileStart: async (file, offset, facts) => {
          this.currentFile = file.path;
          batcher.fileStart(file, offset);
          if (sessionizer.needsUptimeAnchor) {
            const anchor = await facts.uptimeAnchorMs();
            if (anchor !== undefined) sessionizer.setUptimeAnchor(anchor);
          }
        },
        line: (_file, text, pos, end, invalidUtf8) => batcher.line(text, pos, end, invalidUtf8),
        skip: (_file, reason, pos, end) => batcher.skip(reason, pos, end),
        chunk: async () => {
          batcher.tick();
          await this.buffer.waitForSpace(signal);
        },
        caughtUp: async () => {
          batcher.caughtUp();
          await this.buffer.waitForSpace(signal);
        },
        fileEnd: async (_file, offset) => batcher.fileEnd(offset),
      },
    );
    this.deliverer.start();
    this.phase = "reading";
    await this.tailer.run();
    this.phase = "flushing";
    if (o.once && !this.o.signal?.aborted && this.deliverer.state.kind !== "failed") await this.drainUntilStopped();
    const { left } = await this.deliverer.flush(o.flushTimeoutMs);
    return this.finish(left);
  }

  /** --once delivers everything, however long the app is away, unless it is told to stop. */
  private async drainUntilStopped(): Promise<void> {
    while (this.buffer.length > 0 && !this.reading.signal.aborted && this.deliverer.state.kind !== "failed") {
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private finish(left: number): CollectorResult {
    this.phase = "stopped";
    const state = this.deliverer.state;
    return { status: this.status(), undelivered: left, fatal: state.kind === "failed" ? state.error : undefined };
  }

  private makeSessionizer(from: AgentCheckpoint | undefined): Sessionizer {
    const options = { maxOpenSessions: this.o.maxOpenSessions, addressKey: this.o.addressKey };
    if (from) {
      try {
        this.sessionizer = new Sessionizer(options, from.state as SessionizerState);
        return this.sessionizer;
      } catch (err) {
        // A state this version cannot read (an older agent's): sessions open at that point lose
        // their context, the counts themselves are unaffected (usage lines name their session).
        this.o.logger.warn(`cannot resume the sessionizer state of ${from.fileId}: ${(err as Error).message}; starting afresh`);
      }
    }
    this.sessionizer = new Sessionizer(options);
    return this.sessionizer;
  }
}

export async function runCoturnCollector(options: CoturnCollectorOptions): Promise<CollectorResult> {
  return new CoturnCollector(options).run();
}
