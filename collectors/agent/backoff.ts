// Retry delays: exponential with full jitter (AWS Architecture Blog, "Exponential Backoff and
// Jitter"): attempt n waits a uniform random time in [0, min(cap, base·2^n)). Full jitter spreads
// the agents of a whole fleet that lost the app at the same moment, so they do not return in step.
// Pure: the random source is injected so tests can pin the bounds.

export type BackoffOptions = { baseMs?: number; capMs?: number; random?: () => number };

export const BACKOFF_BASE_MS = 250;
export const BACKOFF_CAP_MS = 30_000;

/** The ceiling of attempt `attempt` (0-based): base·2^attempt, never above cap. */
export function backoffCeiling(attempt: number, { baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS }: BackoffOptions = {}): number {
  // 2^attempt overflows to Infinity for large attempts; min() keeps it at the cap either way.
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
}

/** Delay before retry number `attempt` (0 = first retry): uniform in [0, ceiling). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const random = options.random ?? Math.random;
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * backoffCeiling(attempt, options));
}
