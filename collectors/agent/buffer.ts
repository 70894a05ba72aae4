// The bounded queue between the reader and delivery (STYLE.md §8: pino-loki has none). Bounded by
// batch count and by bytes; when full the reader waits in `waitForSpace()` instead of reading on,
// so an app outage costs disk read position, never agent memory. Nothing is dropped: what is not
// delivered is still in the log, and the checkpoint says where reading resumes after a restart.
//
// The bound is checked before each read chunk, so it can be exceeded by one chunk's batches
// (≈ 1 MiB of log): a soft bound with a known, small overshoot.

export type BufferOptions = { maxBatches: number; maxBytes: number };

export type BufferNotice =
  | { kind: "paused"; batches: number; bytes: number; maxBatches: number; maxBytes: number }
  | { kind: "resumed"; pausedMs: number };

type Item<T> = { value: T; bytes: number };

export class BatchBuffer<T> {
  private readonly items: Item<T>[] = [];
  private bytesHeld = 0;
  private spaceWaiters: (() => void)[] = [];
  private itemWaiters: (() => void)[] = [];
  private pausedAt: number | null = null;

  constructor(
    readonly options: BufferOptions,
    private readonly notify: (n: BufferNotice) => void = () => {},
  ) {}

  get length(): number {
    return this.items.length;
  }

  get bytes(): number {
    return this.bytesHeld;
  }

  /** Fill as a fraction of the tighter bound (0..1+). */
  get fill(): number {
    return Math.max(this.items.length / this.options.maxBatches, this.bytesHeld / this.options.maxBytes);
  }

  get full(): boolean {
    return this.items.length >= this.options.maxBatches || this.bytesHeld >= this.options.maxBytes;
  }

  get paused(): boolean {
    return this.pausedAt !== null;
  }

  /** Told of each batch pushed, with its place (0 = the oldest): the deliverer prepares ahead with it. */
  onPush: ((value: T, index: number) => void) | null = null;

  push(value: T, bytes: number): void {
    this.items.push({ value, bytes });
    this.bytesHeld += bytes;
    for (const w of this.itemWaiters.splice(0)) w();
    this.onPush?.(value, this.items.length - 1);
  }

  /** The oldest batch, left in place (and counted) until `shift()` after it was delivered. */
  peek(): T | undefined {
    return this.items[0]?.value;
  }

  /** The batch after the oldest, if any: what a sink may prepare while the oldest is sent. */
  peekNext(): T | undefined {
    return this.items[1]?.value;
  }

  shift(): T | undefined {
    const item = this.items.shift();
    if (!item) return undefined;
    this.bytesHeld -= item.bytes;
    if (!this.full) {
      if (this.pausedAt !== null) {
        this.notify({ kind: "resumed", pausedMs: Date.now() - this.pausedAt });
        this.pausedAt = null;
      }
      for (const w of this.spaceWaiters.splice(0)) w();
    }
    return item.value;
  }

  /** Resolves at once while there is room; else reports the pause (once) and waits for room. */
  waitForSpace(signal?: AbortSignal): Promise<void> {
    if (!this.full || signal?.aborted) return Promise.resolve();
    if (this.pausedAt === null) {
      this.pausedAt = Date.now();
      const { maxBatches, maxBytes } = this.options;
      this.notify({ kind: "paused", batches: this.items.length, bytes: this.bytesHeld, maxBatches, maxBytes });
    }
    return this.waitOn(this.spaceWaiters, signal);
  }

  /** Resolves when there is a batch to deliver. */
  waitForItem(signal?: AbortSignal): Promise<void> {
    if (this.items.length > 0 || signal?.aborted) return Promise.resolve();
    return this.waitOn(this.itemWaiters, signal);
  }

  private waitOn(list: (() => void)[], signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        signal?.removeEventListener("abort", done);
        const i = list.indexOf(done);
        if (i !== -1) list.splice(i, 1);
        resolve();
      };
      list.push(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }
}
