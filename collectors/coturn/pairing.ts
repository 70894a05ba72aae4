// Lines that only mean something together with a later line:
// - `Local relay addr: X` names the relay of the next `new` line (of the same thread in era B);
// - an auth or peer-denied ERROR line and the `incoming packet message processed, error 4xx` line
//   that follows it are one failure: the ERROR line says why (and, ≤4.6.2, lacks the session id),
//   the `message` line names the session. Counting either alone would count twice or lose the sid;
// - the method line (`ALLOCATE processed, error 486`) precedes the `message` line of the same failure
//   and lends it its method name.
// Everything here is bounded in count and age; an ERROR line that never finds its partner is still
// reported (without the session id), never dropped.
import { ownString } from "./own-string";
import type { PendingError } from "./state";

const RELAY_MAX_AGE_MS = 5_000;
const RELAY_THREADS_CAP = 256;
const PENDING_CAP = 256;
const PENDING_MAX_LINES = 2_000;
const PENDING_MAX_AGE_MS = 10_000;
const METHOD_CAP = 1024;

/** `Local relay addr` lines waiting for their `new` line, keyed by thread id (-1 when the era has none). */
export class RelayPairing {
  private readonly m = new Map<number, [addr: string, ts: number]>();
  dropped = 0;

  constructor(rows: Array<[number, string, number]> = []) {
    for (const [tid, addr, ts] of rows) this.m.set(tid, [addr, ts]);
  }

  put(tid: number, addr: string, ts: number): void {
    if (this.m.delete(tid)) this.dropped++;
    this.m.set(tid, [addr, ts]);
    if (this.m.size > RELAY_THREADS_CAP) {
      this.m.delete(this.m.keys().next().value as number);
      this.dropped++;
    }
  }

  take(tid: number, ts: number): string | undefined {
    const e = this.m.get(tid);
    if (e === undefined) return undefined;
    this.m.delete(tid);
    if (ts - e[1] <= RELAY_MAX_AGE_MS) return e[0];
    this.dropped++;
    return undefined;
  }

  clear(): void {
    this.dropped += this.m.size;
    this.m.clear();
  }

  rows(): Array<[number, string, number]> {
    const rows: Array<[number, string, number]> = [];
    for (const [tid, [addr, ts]] of this.m) rows.push([tid, addr, ts]);
    return rows;
  }
}

export class ErrorPairing {
  readonly pending: PendingError[];
  private readonly methods = new Map<string, [code: number, method: string]>();

  constructor(pending: PendingError[] = [], methods: Array<[string, number, string]> = []) {
    this.pending = pending.slice();
    for (const [sid, code, method] of methods) this.methods.set(sid, [code, method]);
  }

  /** Queues an ERROR line; returns the oldest one when the queue overflows (report it unpaired). */
  add(e: PendingError): PendingError | undefined {
    this.pending.push(e);
    return this.pending.length > PENDING_CAP ? this.pending.shift() : undefined;
  }

  /**
   * The ERROR line a `message … error <code>` line of session `sid` completes: one carrying that
   * session id (≥4.6.3), else the oldest without one whose user matches (401; ≤4.6.2 logs the user
   * on both lines) or of the same code (400 wrong realm/username, 403 denied peer).
   */
  take(code: number, sid: string, user: string): PendingError | undefined {
    const p = this.pending;
    for (let i = 0; i < p.length; i++) {
      if (p[i].code === code && p[i].sid === sid) return p.splice(i, 1)[0];
    }
    for (let i = 0; i < p.length; i++) {
      const e = p[i];
      if (e.code === code && e.sid === undefined && (code !== 401 || e.user === user)) return p.splice(i, 1)[0];
    }
    return undefined;
  }

  /** ERROR lines whose partner is overdue (oldest first), removed from the queue. */
  expired(line: number, ts: number): PendingError[] | undefined {
    let n = 0;
    const p = this.pending;
    while (n < p.length && (line - p[n].line > PENDING_MAX_LINES || ts - p[n].ts > PENDING_MAX_AGE_MS)) n++;
    return n === 0 ? undefined : p.splice(0, n);
  }

  drain(): PendingError[] {
    return this.pending.splice(0, this.pending.length);
  }

  noteMethod(sid: string, code: number, method: string): void {
    this.methods.delete(sid);
    this.methods.set(ownString(sid), [code, ownString(method)]);
    if (this.methods.size > METHOD_CAP) this.methods.delete(this.methods.keys().next().value as string);
  }

  /** The method of the failed request the `message` line of `sid` repeats. */
  takeMethod(sid: string, code: number): string | undefined {
    const e = this.methods.get(sid);
    if (e === undefined || e[0] !== code) return undefined;
    this.methods.delete(sid);
    return e[1];
  }

  clearMethods(): void {
    this.methods.clear();
  }

  methodRows(): Array<[string, number, string]> {
    const rows: Array<[string, number, string]> = [];
    for (const [sid, [code, method]] of this.methods) rows.push([sid, code, method]);
    return rows;
  }
}

const REST_LEADING = /^(\d{9,11})(?::|$)/;
const REST_TRAILING = /:(\d{9,11})$/;

/**
 * A TURN REST username (`<expiry>:<user>`, `<user>:<expiry>` or `<expiry>`) whose expiry is before
 * `atMs`. coturn logs an expired credential exactly like an unknown user (reference §6).
 */
export function restCredentialExpired(user: string, atMs: number): boolean {
  const m = REST_LEADING.exec(user) ?? REST_TRAILING.exec(user);
  return m !== null && Number(m[1]) * 1000 < atMs;
}
