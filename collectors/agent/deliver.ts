// Delivery: one batch in flight, oldest first, so the app commits checkpoints in file order and a
// later batch never overtakes an earlier one. Retryable failures (app or database down, timeouts,
// 5xx, 429) are retried forever with jittered backoff while the reader waits on the full buffer;
// a fatal one (the app refuses the key, the server or the body) stops delivery and is reported.
// `flush()` is what shutdown awaits: deliver what is buffered, within a bounded wait.
import { setTimeout as sleep } from "node:timers/promises";
import { type BackoffOptions, backoffDelay } from "./backoff";
import type { BatchBuffer } from "./buffer";
import { asDeliveryError, type BatchSink, type DeliveryError, type DeliveryResult } from "./errors";

export type DeliveryState =
  | { kind: "idle" }
  | { kind: "ok"; at: number }
  | { kind: "retrying"; attempt: number; lastError: string; nextTryAt: number }
  | { kind: "failed"; error: DeliveryError };

export type DeliverOptions<T> = {
  sink: BatchSink<T>;
  buffer: BatchBuffer<T>;
  backoff?: BackoffOptions;
  logger?: { warn: (msg: string) => void; info: (msg: string) => void };
  onDelivered?: (item: T, result: DeliveryResult) => void;
  onFatal?: (err: DeliveryError) => void;
};

const noop = () => {};

export class Deliverer<T> {
  state: DeliveryState = { kind: "idle" };
  delivered = { batches: 0, accepted: 0, quarantined: 0 };
  /** Stops the loop and aborts a request in flight. */
  private readonly stopper = new AbortController();
  /** Cuts a backoff wait short (flush tries at once instead of waiting out a long delay). */
  private wake = new AbortController();
  private idleWaiters: (() => void)[] = [];
  private loop: Promise<void> | null = null;

  constructor(private readonly opts: DeliverOptions<T>) {}

  start(): void {
    // A batch that arrives while the oldest is being sent is the next one: prepare it now (the
    // in-process sink validates and builds rows meanwhile). Batches already waiting are handed
    // over when a send starts.
    this.opts.buffer.onPush = (value, index) => {
      if (this.sending && index === 1) this.opts.sink.prepareAhead?.(value);
    };
    this.loop ??= this.run();
  }

  private sending = false;

  private async run(): Promise<void> {
    const { buffer, sink } = this.opts;
    const log = this.opts.logger ?? { warn: noop, info: noop };
    const signal = this.stopper.signal;
    let attempt = 0;
    while (!signal.aborted) {
      const item = buffer.peek();
      if (item === undefined) {
        for (const w of this.idleWaiters.splice(0)) w();
        await buffer.waitForItem(signal);
        continue;
      }
      try {
        this.sending = true;
        const sending = sink.send(item, signal).finally(() => {
          this.sending = false;
        });
        const next = buffer.peekNext();
        if (next !== undefined) sink.prepareAhead?.(next);
        const result = await sending;
        buffer.shift();
        if (attempt > 0) log.info(`delivery to ${sink.name} recovered after ${attempt} failed attempt${attempt === 1 ? "" : "s"}`);
        attempt = 0;
        this.state = { kind: "ok", at: Date.now() };
        this.delivered.batches++;
        this.delivered.accepted += result.accepted;
        this.delivered.quarantined += result.quarantined;
        this.opts.onDelivered?.(item, result);
      } catch (err) {
        if (signal.aborted) break;
        const e = asDeliveryError(err);
        if (!e.retryable) {
          this.state = { kind: "failed", error: e };
          log.warn(`delivery to ${sink.name} failed for good: ${e.message}`);
          this.opts.onFatal?.(e);
          break;
        }
        const delay = Math.max(backoffDelay(attempt, this.opts.backoff), e.retryAfterMs ?? 0);
        attempt++;
        this.state = { kind: "retrying", attempt, lastError: e.message, nextTryAt: Date.now() + delay };
        log.warn(`delivery to ${sink.name} failed (attempt ${attempt}): ${e.message}; retrying in ${(delay / 1000).toFixed(1)} s`);
        await sleep(delay, undefined, { signal: AbortSignal.any([signal, this.wake.signal]) }).catch(noop);
        if (this.wake.signal.aborted) this.wake = new AbortController();
      }
    }
    for (const w of this.idleWaiters.splice(0)) w();
  }

  /**
   * Delivers what is buffered, waiting at most `timeoutMs`, then stops. Returns how many batches were
   * left undelivered: they are not lost — the checkpoint still points before them, so the next start
   * reads them again.
   */
  async flush(timeoutMs: number): Promise<{ left: number }> {
    this.start();
    this.wake.abort();
    const drained = new Promise<void>((resolve) => {
      if (this.opts.buffer.length === 0 || this.state.kind === "failed") resolve();
      else this.idleWaiters.push(resolve);
    });
    const timer = sleep(timeoutMs, undefined, { ref: false, signal: this.stopper.signal }).catch(noop);
    await Promise.race([drained, timer]);
    await this.stop();
    return { left: this.opts.buffer.length };
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.loop;
  }
}
