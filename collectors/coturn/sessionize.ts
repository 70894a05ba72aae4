// Streaming sessionizer: coturn log lines in, wire events out (collectors/schema/coturn.ts). Pure:
// no I/O and no clock except the documented default uptime anchor. Everything it remembers between
// lines is in `snapshot()` (bounded, JSON), so a crash-resumed agent emits exactly the same events.
// This file: the public API and the dispatch of records; line times are clock.ts's, the rules live in
// runs.ts (process runs), session-rules.ts (session lines), failures.ts (errors), pairing.ts and
// transport.ts.
import { type CoturnEvent, type LineSkipReason, type LineStats, MIN_EVENT_TIME_MS } from "../schema/coturn";
import { classifyMessage } from "./classify";
import { bannerVersion } from "./classify-global";
import { LineClock } from "./clock";
import { Emitter } from "./events";
import { Failures } from "./failures";
import { ErrorPairing, RelayPairing } from "./pairing";
import { EnvelopeParser } from "./parse";
import type { CoturnRecord } from "./records";
import { isRuntime, Runs } from "./runs";
import { SessionRules } from "./session-rules";
import { SessionTable } from "./session-table";
import { checkState, emptyStats, type RunState, type SessionizerState } from "./state";
import { AcceptMap, addressHasher, VIA_DTLS, VIA_TCP, VIA_UDP } from "./transport";

export type { SessionizerState } from "./state";

export interface SessionizerOptions {
  /** Wall-clock ms at uptime 0 for uptime-prefixed logs when the state has no anchor yet (the tailer derives it from the file: mtime − last uptime in the file). Default: Date.now() − first uptime seen. */
  uptimeAnchorMs?: number;
  /** Open sessions kept in state; beyond it the least recently seen are forgotten (counted). Default 100_000. */
  maxOpenSessions?: number;
  /**
   * Secret of this agent (kept on its host, never sent): client addresses in the resume state are
   * stored as keyed hashes under it. Without it they are kept as logged (tests, the bench).
   */
  addressKey?: Uint8Array;
}

const MAX_EVENT_TS = Date.UTC(2200, 0, 1);
const VIA = { tcp: VIA_TCP, dtls: VIA_DTLS, udp: VIA_UDP } as const;

export class Sessionizer {
  readonly stats: LineStats;
  private readonly env = new EnvelopeParser();
  private readonly em: Emitter;
  private readonly sessions: SessionTable;
  private readonly accepts: AcceptMap;
  private readonly relays: RelayPairing;
  private readonly errors: ErrorPairing;
  private readonly rules: SessionRules;
  private readonly failures: Failures;
  private readonly runs: Runs;
  private readonly clock: LineClock;
  private hasRecord = false;

  constructor(options: SessionizerOptions = {}, state?: SessionizerState) {
    this.clock = new LineClock(options.uptimeAnchorMs);
    const cap = Math.max(1, options.maxOpenSessions ?? 100_000);
    const s = state === undefined ? undefined : checkState(state);
    this.stats = s ? { ...s.stats, skipped: { ...s.stats.skipped } } : emptyStats();
    this.em = new Emitter(this.stats);
    this.sessions = new SessionTable(cap, s?.sessions, s?.closed);
    this.accepts = new AcceptMap(s?.accepts, options.addressKey ? addressHasher(options.addressKey) : undefined);
    this.relays = new RelayPairing(s?.relays);
    this.errors = new ErrorPairing(
      s?.pending.map((e) => ({ ...e })),
      s?.methodErrors,
    );
    this.rules = new SessionRules(this.em, this.sessions, this.accepts, this.relays);
    this.failures = new Failures(this.em, this.errors, this.rules);
    this.runs = new Runs(
      this.em,
      { endRun: (run, ts, reason) => this.endRun(run, ts, reason) },
      s?.run ? { ...s.run, warned: s.run.warned.slice() } : null,
      s?.window ? { ...s.window, warnings: s.window.warnings.map(([t, x]) => [t, x] as [number, string]) } : null,
    );
    if (s) {
      this.clock.anchor = s.uptimeAnchorMs;
      this.clock.lastUptime = s.lastUptime;
      this.clock.lastTs = s.lastTs;
      this.clock.lastOffsetMin = s.lastOffsetMin;
      this.hasRecord = s.hasRecord;
      this.sessions.touches = s.touches;
      this.sessions.evicted = s.drops.sessions;
      this.relays.dropped = s.drops.relays;
      this.failures.unpaired = s.drops.pairings;
    }
  }

  /** True when this state has no uptime anchor yet (the tailer may supply one). */
  get needsUptimeAnchor(): boolean {
    return this.clock.anchor === undefined;
  }

  /** Anchors uptime-prefixed times (wall-clock ms at uptime 0) unless this state has an anchor already: run keys must not move. */
  setUptimeAnchor(ms: number): void {
    if (this.clock.anchor === undefined && Number.isFinite(ms)) this.clock.anchor = ms;
  }

  /** What was forgotten at a cap or never paired (diagnostics; the wire stats have no field for it). */
  get drops(): { sessions: number; relays: number; pairings: number } {
    return { sessions: this.sessions.evicted, relays: this.relays.dropped, pairings: this.failures.unpaired };
  }

  /** Counts a line the tailer skipped before parsing. `invalid_utf8` lines are pushed as well, so they count as lines there. */
  countSkipped(reason: LineSkipReason, bytes: number): void {
    if (reason !== "invalid_utf8") {
      this.stats.lines++;
      this.stats.bytes += Math.max(0, bytes);
    }
    this.skip(reason);
  }

  /** One line without its newline, starting at byte offset `pos`; appends the events it completes to `out`. Never throws on input. */
  push(line: string, pos: number, out: CoturnEvent[]): void {
    this.stats.lines++;
    this.stats.bytes += Buffer.byteLength(line, "utf8") + 1;
    this.em.begin(pos, out);
    try {
      this.step(line);
    } catch {
      // A bug must not stop the agent: the line counts as one no rule understood.
      this.rules.reset();
      this.skip("unknown");
    }
  }

  snapshot(): SessionizerState {
    const run = this.runs.run;
    const w = this.runs.window;
    const state: SessionizerState = {
      v: 1,
      stats: { ...this.stats, skipped: { ...this.stats.skipped } },
      lastUptime: this.clock.lastUptime,
      lastOffsetMin: this.clock.lastOffsetMin,
      hasRecord: this.hasRecord,
      run: run ? { ...run, warned: run.warned.slice() } : null,
      window: w ? { ...w, warnings: w.warnings.map(([t, x]) => [t, x] as [number, string]) } : null,
      sessions: this.sessions.rows(),
      touches: this.sessions.touches,
      closed: [...this.sessions.closed],
      accepts: this.accepts.rows(),
      relays: this.relays.rows(),
      pending: this.errors.pending.map((e) => ({ ...e })),
      methodErrors: this.errors.methodRows(),
      drops: this.drops,
    };
    if (this.clock.anchor !== undefined) state.uptimeAnchorMs = this.clock.anchor;
    if (this.clock.lastTs !== undefined) state.lastTs = this.clock.lastTs;
    return state;
  }

  private skip(reason: LineSkipReason): void {
    const s = this.stats.skipped;
    s[reason] = (s[reason] ?? 0) + 1;
  }

  private step(line: string): void {
    const env = this.env;
    const kind = env.parse(line);
    if (kind === "foreign") {
      this.skip("foreign");
      return;
    }
    if (kind === "continuation") {
      this.continuation();
      return;
    }
    const ts = this.clock.time(env);
    if (!(ts >= MIN_EVENT_TIME_MS && ts < MAX_EVENT_TS)) {
      this.clock.restart = false;
      this.skip("no_timestamp");
      return;
    }
    this.stats.records++;
    this.hasRecord = true;
    this.clock.lastTs = ts;
    this.record(classifyMessage(env.text, env.start, env.level), ts);
  }

  private continuation(): void {
    const last = this.clock.lastTs;
    if (!this.hasRecord || last === undefined) {
      this.skip("no_timestamp");
      return;
    }
    this.stats.continuation++;
    const env = this.env;
    const v = env.text.indexOf("Version Coturn-", env.start);
    if (v >= 0) this.runs.banner(bannerVersion(env.text, v), last, this.clock.approx);
  }

  private record(rec: CoturnRecord, ts: number): void {
    const runs = this.runs;
    const approx = this.clock.approx;
    if (this.clock.restart) {
      this.clock.restart = false;
      runs.openWindow(ts, approx, true);
    }
    switch (rec.kind) {
      case "log_opened":
        // A process start, or the daily rollover / SIGHUP reopen of a running one: the next lines tell.
        if (runs.window === null) runs.openWindow(ts, approx, runs.run?.terminated === true);
        return;
      case "banner":
        runs.banner(rec.version, ts, approx);
        return;
      case "terminating":
        runs.terminate(ts, approx);
        return;
    }
    const runtime = isRuntime(rec);
    runs.line(ts, approx, runtime);
    const run = runs.run;
    if (run === null) {
      // Still in the startup window of a log's first lines.
      if (rec.kind === "config_warning" || rec.kind === "warning" || rec.kind === "error_line") runs.configWarning(rec.text, ts);
      else if (rec.kind === "unknown") this.skip("unknown");
      return;
    }
    this.failures.line = this.stats.lines;
    if (this.errors.pending.length > 0) this.failures.age(run, this.stats.lines, ts);
    this.handle(rec, ts, run);
    if (runtime) run.runtime = true;
    // Lines only `verbose` coturn prints: from now on ERROR lines wait for their 4xx partner.
    if (rec.kind === "alloc" || rec.kind === "usage" || rec.kind === "packet" || rec.kind === "closed") run.verbose = true;
  }

  private handle(rec: CoturnRecord, ts: number, run: RunState): void {
    const rules = this.rules;
    switch (rec.kind) {
      case "alloc":
        rules.alloc(rec, ts, run, this.env.tid);
        break;
      case "usage":
        rules.usage(rec, ts, run);
        break;
      case "packet":
        rules.packet(rec, ts, run);
        if (rec.code !== 0) this.failures.packetError(rec, ts, run);
        break;
      case "closed":
        rules.closed(rec, ts, run);
        break;
      case "peer_lifetime":
        rules.peer(rec.sid, rec.peer, rec.lifetime, ts, run);
        break;
      case "peer_deleted":
        rules.peer(rec.sid, rec.peer, undefined, ts, run);
        break;
      case "socket":
        rules.socket(rec, ts, run);
        break;
      case "delete": {
        const s = rules.open(rec.sid, ts, run);
        if (s !== null) rules.names(s, rec.sid, ts, run, rec.realm, rec.username);
        rules.flush();
        break;
      }
      case "socket_note":
        rules.touch(rec.sid, ts, run);
        break;
      case "unknown":
        if (rec.sid !== undefined) rules.touch(rec.sid, ts, run);
        this.skip("unknown");
        break;
      case "auth_error":
        this.failures.authError(rec, ts, run);
        break;
      case "peer_denied":
        this.failures.peerDenied(rec, ts, run);
        break;
      case "accept":
        this.accepts.add(rec.addr, VIA[rec.via], ts);
        break;
      case "relay_addr":
        this.relays.put(this.env.tid, rec.addr, ts);
        break;
      case "no_ports":
        // With `verbose` the 508 `message` line reports the same failure, with its session.
        if (!run.verbose) this.em.relay("no_relay_port", ts, run.start, { message: rec.text });
        break;
      case "config_warning":
        this.runs.configWarning(rec.text, ts);
        break;
      case "warning":
      case "error_line":
        if (this.runs.inStartup()) this.runs.configWarning(rec.text, ts);
        else this.skip("unknown");
        break;
    }
  }

  /** A run is over (restart or stop): its open sessions end now and nothing of it pairs with later lines. */
  private endRun(run: RunState, ts: number, reason: string): void {
    this.failures.drain(run);
    this.rules.endAll(run, ts, reason);
    this.sessions.clear();
    this.accepts.clear();
    this.relays.clear();
    this.errors.clearMethods();
  }
}
