// The sessionizer's resume state: plain JSON, versioned, every collection bounded by a cap the
// sessionizer enforces. Maps are stored as arrays in their iteration order, so a resumed
// sessionizer evicts, pairs and ages exactly as the uninterrupted one would (crash recovery
// replays to identical events).
import type { LineStats } from "../schema/coturn";

export const STATE_VERSION = 1;

/** A coturn process run as the sessionizer knows it. */
export interface RunState {
  /** Run start (epoch ms): with the server and the session id, the session's key. */
  start: number;
  approx: boolean;
  version?: string;
  /** The startup banner was seen. */
  banner: boolean;
  /** A line only `verbose` coturn prints was seen (then auth/peer ERROR lines wait for their 4xx line). */
  verbose: boolean;
  /** A line of the running server (sessions, listeners accepting…) was seen: startup is over. */
  runtime: boolean;
  /** `Terminating on signal`: its sessions are already closed. */
  terminated: boolean;
  /** Hashes of config warnings already sent in this run. */
  warned: string[];
}

/** A possible process start not yet confirmed (`log file opened` may also be a daily reopen). */
export interface WindowState {
  ts: number;
  approx: boolean;
  /** Known to be a new process (uptime went back, or the previous run terminated). */
  def: boolean;
  banner: boolean;
  version?: string;
  /** Startup lines seen in the window. */
  n: number;
  /** Config warnings seen before the run could be named: sent once it is. */
  warnings: Array<[ts: number, text: string]>;
}

/** An ERROR line waiting for the `message` 4xx line that names its session (≤4.6.2) or that repeats it. */
export interface PendingError {
  kind: "auth" | "peer";
  code: number;
  sid?: string;
  user?: string;
  reason?: string;
  peer?: string;
  text: string;
  ts: number;
  /** `stats.lines` when it was seen (ages by lines as well as by time). */
  line: number;
}

export type SessionRow = [sid: string, flags: number, lifetime: number, transport: number, moved: number];

export interface SessionizerStateV1 {
  v: 1;
  stats: LineStats;
  /** Wall-clock ms at uptime 0 for uptime-prefixed logs (absent until known). */
  uptimeAnchorMs?: number;
  lastUptime: number;
  lastTs?: number;
  /** Offset (minutes east of UTC) of the last ISO time, for syslog times that carry none. */
  lastOffsetMin: number;
  /** A record was seen, so unprefixed lines are continuations of it. */
  hasRecord: boolean;
  run: RunState | null;
  window: WindowState | null;
  /** Open sessions, least recently seen first (approximately: see SessionTable.touch). */
  sessions: SessionRow[];
  /** Session touches so far (the clock of that order). */
  touches: number;
  /** Recently closed session ids, oldest first (their trailing lines must not reopen them). */
  closed: string[];
  /** Recently accepted client addresses: [addr, via (1 tcp, 2 dtls, 3 udp), ts]. */
  accepts: Array<[addr: string, via: number, ts: number]>;
  /** `Local relay addr` waiting for its `new` line: eras A/C one slot (tid -1), era B per thread id. */
  relays: Array<[tid: number, addr: string, ts: number]>;
  pending: PendingError[];
  /** The method of the last failed request per session: [sid, code, method]. */
  methodErrors: Array<[sid: string, code: number, method: string]>;
  /** Sessions forgotten at the open-session cap, relay lines never paired, ERROR lines never paired. */
  drops: { sessions: number; relays: number; pairings: number };
}

export type SessionizerState = SessionizerStateV1;

export function emptyStats(): LineStats {
  return { lines: 0, bytes: 0, records: 0, continuation: 0, events: 0, skipped: {} };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Throws when `state` is not a state this version can resume from (the caller then starts afresh). */
export function checkState(state: unknown): SessionizerState {
  if (!isObject(state)) throw new Error("sessionizer state is not an object");
  if (state.v !== STATE_VERSION) throw new Error(`sessionizer state version ${String(state.v)} is not ${STATE_VERSION}`);
  if (typeof state.touches !== "number") throw new Error("sessionizer state: touches missing");
  for (const k of ["sessions", "closed", "accepts", "relays", "pending", "methodErrors"]) {
    if (!Array.isArray(state[k])) throw new Error(`sessionizer state: ${k} is not an array`);
  }
  if (!isObject(state.stats) || !isObject(state.drops)) throw new Error("sessionizer state: stats/drops missing");
  return state as unknown as SessionizerState;
}
