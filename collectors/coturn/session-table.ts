// Open sessions (least recently seen first, capped) and recently closed ones. A session is one
// coturn session id within one run; what has already been sent about it is kept as flag bits so
// that a session event is emitted only when something new becomes known.
import { ownString } from "./own-string";
import type { SessionRow } from "./state";

export const F_REALM = 1;
export const F_USER = 2;
export const F_ALLOC = 4;
export const F_CIPHER = 8;
export const F_CLIENT = 16;
export const F_LISTENER = 32;
export const F_RELAY = 64;
export const F_TCPRELAY = 128;

export interface OpenSession {
  f: number;
  /** Last lifetime sent (-1: none). */
  lt: number;
  /** Transport sent (0: not yet decided; see transport.ts). */
  tr: number;
  /** Touch count when it was last moved to the recent end. */
  m: number;
}

/** Closed ids remembered so that the `delete:`/`peer … deleted` lines after a close do not reopen them. */
const CLOSED_CAP = 4096;

export class SessionTable {
  readonly open = new Map<string, OpenSession>();
  readonly closed = new Set<string>();
  /** The last `touch` created the session. */
  created = false;
  /** Sessions forgotten because the table was full. */
  evicted = 0;

  /** Touches so far (the clock of the approximate LRU order). */
  touches = 0;

  constructor(
    private readonly cap: number,
    rows: SessionRow[] = [],
    closed: string[] = [],
  ) {
    for (const [sid, f, lt, tr, m] of rows) this.open.set(sid, { f, lt, tr, m });
    for (const sid of closed) this.closed.add(sid);
  }

  /** The open session `sid`, created when unknown; null when it closed recently (in this run). */
  touch(sid: string): OpenSession | null {
    const now = ++this.touches;
    let s = this.open.get(sid);
    if (s !== undefined) {
      // Re-inserting moves it to the recent end (a Map keeps insertion order). Doing that only once per
      // half capacity of touches keeps every session seen that often out of reach of eviction, at a
      // fraction of the cost of moving on every line.
      if (now - s.m > this.cap >> 1) {
        s.m = now;
        this.open.delete(sid);
        this.open.set(sid, s);
      }
      this.created = false;
      return s;
    }
    if (this.closed.has(sid)) return null;
    s = { f: 0, lt: -1, tr: 0, m: now };
    this.open.set(ownString(sid), s);
    this.created = true;
    if (this.open.size > this.cap) {
      const oldest = this.open.keys().next().value as string;
      this.open.delete(oldest);
      this.evicted++;
    }
    return s;
  }

  isClosed(sid: string): boolean {
    return this.closed.has(sid);
  }

  close(sid: string): void {
    this.open.delete(sid);
    this.closed.add(ownString(sid));
    if (this.closed.size > CLOSED_CAP) this.closed.delete(this.closed.values().next().value as string);
  }

  clear(): void {
    this.open.clear();
    this.closed.clear();
  }

  rows(): SessionRow[] {
    const rows: SessionRow[] = [];
    for (const [sid, s] of this.open) rows.push([sid, s.f, s.lt, s.tr, s.m]);
    return rows;
  }
}
