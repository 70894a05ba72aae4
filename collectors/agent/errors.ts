// Delivery failures, typed by what the agent should do about them (STYLE.md §8): a retryable
// failure is waited out with backoff (the app or its database is down, overloaded or restarting);
// a fatal one needs a person (a revoked key, a server name the app does not know, a body the app
// refuses) and stops the agent with the app's own words.

export class DeliveryError extends Error {
  /** The app asked for this pause (`Retry-After` on 429/503); backoff never waits less. */
  readonly retryAfterMs?: number;

  constructor(
    message: string,
    readonly retryable: boolean,
    /** HTTP status when the app answered, for logs and status lines. */
    readonly status?: number,
    /** The app's error code (`{ error: { code } }`), when it sent one. */
    readonly code?: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options);
    this.retryAfterMs = options?.retryAfterMs;
    this.name = retryable ? "RetryableDeliveryError" : "FatalDeliveryError";
  }
}

export const retryable = (message: string, status?: number, code?: string, cause?: unknown, retryAfterMs?: number) =>
  new DeliveryError(message, true, status, code, { cause, retryAfterMs });
export const fatal = (message: string, status?: number, code?: string, cause?: unknown) =>
  new DeliveryError(message, false, status, code, { cause });

/** Anything not typed is treated as retryable: losing data over an unforeseen error is worse than waiting. */
export function asDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return retryable(message, undefined, undefined, err);
}

/** The outcome a sink reports for one batch. */
export type DeliveryResult = { accepted: number; quarantined: number };

/** Where batches go: the app over HTTP, or the ingest code in this process. */
export interface BatchSink<T> {
  /** For messages: `the app at https://…` or `the database`. */
  readonly name: string;
  send(item: T, signal?: AbortSignal): Promise<DeliveryResult>;
  /**
   * Called with the next batch while `send` of the current one is in flight: a sink whose sending
   * is CPU work here (the in-process one) does that work now, overlapping the database's.
   */
  prepareAhead?(item: T): void;
  /**
   * Most events one batch may carry to this sink, when it differs from the wire's
   * MAX_EVENTS_PER_BATCH: the in-process sink has no HTTP body to bound.
   */
  readonly maxEventsPerBatch?: number;
}
