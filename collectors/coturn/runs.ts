// coturn process runs (DESIGN.md "Session identity"). A run begins at a startup banner, at an uptime
// that goes back (a new process in uptime-prefixed logs), or, when the log begins mid-run, at its
// first timestamped line (inferred). `log file opened` alone is not enough: coturn also prints it
// at the daily rollover and on SIGHUP, so it opens a startup *window* that the following lines
// decide (a banner: restart; the running server's lines: the same run). A restart ends the previous
// run's open sessions (`server restart`); `Terminating on signal` ends them at once (`server stop`).
import type { z } from "zod";
import type { runEvent } from "../schema/coturn";
import { clip, type Emitter } from "./events";
import type { CoturnRecord } from "./records";
import type { RunState, WindowState } from "./state";

/** A window is decided by its first runtime line, or after this much startup chatter. */
const WINDOW_MAX_LINES = 500;
const WINDOW_MAX_MS = 120_000;
const WINDOW_WARNINGS_CAP = 16;
const WARNED_CAP = 256;

export interface RunHooks {
  /** The run is over: end its open sessions at `ts`, report what waits for pairing, forget its memory. */
  endRun(run: RunState, ts: number, reason: string): void;
}

/** Lines that show the server running (sessions, listeners accepting): they end a startup window. */
export function isRuntime(rec: CoturnRecord): boolean {
  switch (rec.kind) {
    case "startup":
    case "config_warning":
    case "warning":
    case "error_line":
    case "log_opened":
    case "banner":
    case "terminating":
      return false;
    case "unknown":
      return rec.sid !== undefined;
    default:
      return true;
  }
}

/** FNV-1a of a config warning's text, so the once-per-run memory stays small. */
function textHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

export class Runs {
  constructor(
    private readonly em: Emitter,
    private readonly hooks: RunHooks,
    public run: RunState | null = null,
    public window: WindowState | null = null,
  ) {}

  /** A possible process start at `ts`; `def` when it certainly is one. */
  openWindow(ts: number, approx: boolean, def: boolean): WindowState {
    const w = this.window;
    if (w !== null) {
      if (def) w.def = true;
      return w;
    }
    this.window = { ts, approx, def, banner: false, n: 0, warnings: [] };
    return this.window;
  }

  /** Called for every record after restart signals: decides an open window when this line tells. */
  line(ts: number, approx: boolean, runtime: boolean): void {
    if (this.run === null && this.window === null) this.openWindow(ts, approx, false);
    const w = this.window;
    if (w !== null && (runtime || ++w.n > WINDOW_MAX_LINES || ts - w.ts > WINDOW_MAX_MS)) this.resolve();
  }

  banner(version: string, ts: number, approx: boolean): void {
    let w = this.window;
    if (w === null) {
      const r = this.run;
      // The run this startup already began (its window closed early): nothing new.
      if (r !== null && !r.banner && !r.runtime) {
        r.banner = true;
        return;
      }
      // A banner without `log file opened` (syslog, stdout): a restart all the same.
      w = this.openWindow(ts, approx, true);
    }
    w.banner = true;
    w.version = clip(version, 64);
    this.resolve();
  }

  /** Decides the window: a new run (banner, new process, first lines of a log), or a reopen of the current one. */
  resolve(): void {
    const w = this.window;
    if (w === null) return;
    this.window = null;
    const old = this.run;
    if (w.def || w.banner || old === null || old.terminated) {
      // Run start is part of the session key: two runs must never share it.
      const start = old !== null && w.ts <= old.start ? old.start + 1 : w.ts;
      if (old !== null) this.hooks.endRun(old, start, "server restart");
      const run: RunState = { start, approx: w.approx, banner: w.banner, verbose: false, runtime: false, terminated: false, warned: [] };
      const ev: z.input<typeof runEvent> = {
        type: "run",
        pos: this.em.pos,
        sub: 0,
        ts: start,
        approximate: w.approx,
        inferred: !w.def && !w.banner && old === null,
      };
      if (w.version !== undefined) {
        run.version = w.version;
        ev.version = w.version;
      }
      this.run = run;
      this.em.emit(ev);
    }
    for (const [t, text] of w.warnings) this.configWarning(text, t);
  }

  terminate(ts: number, approx: boolean): RunState {
    if (this.run === null) this.openWindow(ts, approx, false);
    this.resolve();
    const run = this.run as RunState;
    this.hooks.endRun(run, ts, "server stop");
    run.terminated = true;
    run.runtime = true;
    return run;
  }

  /** Once per run per distinct text; held until the run is named when the window is still open. */
  configWarning(text: string, ts: number): void {
    const w = this.window;
    if (w !== null) {
      if (w.warnings.length < WINDOW_WARNINGS_CAP) w.warnings.push([ts, text]);
      return;
    }
    const run = this.run;
    if (run === null) return;
    const h = textHash(text);
    if (run.warned.length >= WARNED_CAP || run.warned.includes(h)) return;
    run.warned.push(h);
    this.em.relay("config_warning", ts, run.start, { message: text });
  }

  /** Startup WARNING/ERROR lines are configuration findings; later ones are lines no rule knows. */
  inStartup(): boolean {
    return this.window !== null || this.run === null || !this.run.runtime;
  }
}
