// The envelope of one coturn log line: which prefix era wrote it, its time (ISO or uptime), thread
// id and level, an optional syslog/journald wrapper, and where the message starts. Pure and
// allocation-free on the hot path: `EnvelopeParser.parse` fills its own fields and the message is
// addressed as (text, start) instead of being sliced. `parseCoturnLine` is the convenient (and
// benchmarked) one-call form: envelope + classified record. Shapes: reference/coturn-logs.md §1.
import { type CoturnRecord, classifyMessage } from "./classify";
import { type Era, isDigit, type Level, PrefixReader } from "./prefix";
import { type BsdTime, IsoParser, parseBsdTime } from "./timestamp";

export type { Era, Level } from "./prefix";

/** `bsd`: `<14>Nov 21 08:44:39 …`, rsyslog and journald short output; `iso`: RFC 3339 / journald short-iso. */
export type WrapperKind = "bsd" | "iso";
export type LineKind = "record" | "continuation" | "foreign";

/** syslog idents that are coturn (the ident is the program name: coturn never calls openlog). */
const COTURN_PROGRAMS = new Set(["turnserver", "coturn"]);

/**
 * One reusable parser per reader. After `parse(line)` the public fields describe that line until the
 * next call: `kind`, and for records `era`, `isoMs` (NaN for uptime prefixes), `uptime` (-1 for ISO),
 * `tid` (-1 outside era B), `level` (null when era A printed none), the wrapper's time, and the
 * message as `text.slice(start)` (`text` is the line itself unless a nested timestamp was removed).
 */
export class EnvelopeParser {
  private readonly outer = new PrefixReader();
  private readonly inner = new PrefixReader();
  private readonly wrapIso = new IsoParser();
  kind: LineKind = "continuation";
  era: Era | null = null;
  isoMs = Number.NaN;
  offsetMin = 0;
  uptime = -1;
  tid = -1;
  level: Level | null = null;
  wrapper: WrapperKind | null = null;
  /** Absolute wrapper time (`iso` wrappers). */
  wrapperMs = Number.NaN;
  /** Offset of an `iso` wrapper, in minutes east of UTC. */
  wrapperOffsetMin = 0;
  /** BSD wrapper time (no year): valid when `wrapper === "bsd"`. */
  readonly bsd: BsdTime = { month: 0, day: 1, msOfDay: 0, end: 0 };
  text = "";
  start = 0;

  parse(line: string): LineKind {
    this.era = null;
    this.level = null;
    this.wrapper = null;
    this.isoMs = Number.NaN;
    this.uptime = -1;
    this.tid = -1;
    this.wrapperMs = Number.NaN;
    this.text = line;
    this.start = 0;
    const c0 = line.charCodeAt(0);
    if (isDigit(c0)) {
      if (this.outer.read(line, 0)) return this.record(line);
      // An ISO time not followed by coturn's own separators: a journald short-iso / rsyslog RFC 3339 wrapper.
      if (line.charCodeAt(4) === 45 && this.wrapIso.parse(line, 0)) {
        this.wrapper = "iso";
        this.wrapperMs = this.wrapIso.r.ms;
        this.wrapperOffsetMin = this.wrapIso.r.offsetMin;
        return this.afterWrapperTime(line, this.wrapIso.r.end);
      }
      return this.continuation();
    }
    if (c0 === 60) {
      // `<PRI>` of a raw syslog datagram.
      let p = 1;
      while (p < 5 && isDigit(line.charCodeAt(p))) p++;
      if (p > 1 && line.charCodeAt(p) === 62) return this.wrapped(line, p + 1);
      return this.continuation();
    }
    if (c0 >= 65 && c0 <= 90 && parseBsdTime(line, 0, this.bsd)) {
      this.wrapper = "bsd";
      return this.afterWrapperTime(line, this.bsd.end);
    }
    return this.continuation();
  }

  private wrapped(line: string, p: number): LineKind {
    if (parseBsdTime(line, p, this.bsd)) {
      this.wrapper = "bsd";
      return this.afterWrapperTime(line, this.bsd.end);
    }
    if (this.wrapIso.parse(line, p)) {
      this.wrapper = "iso";
      this.wrapperMs = this.wrapIso.r.ms;
      this.wrapperOffsetMin = this.wrapIso.r.offsetMin;
      return this.afterWrapperTime(line, this.wrapIso.r.end);
    }
    return this.continuation();
  }

  /**
   * `[host ]program[pid]: coturn-line` after the wrapper's time. A line with a syslog time that is not
   * coturn's (another program, or rsyslog's own `last message repeated` notes) is foreign.
   */
  private afterWrapperTime(line: string, p: number): LineKind {
    if (line.charCodeAt(p) !== 32) return this.foreign();
    p++;
    let sp = line.indexOf(" ", p);
    if (sp < 0) return this.foreign();
    let progStart = p;
    let progEnd = sp;
    // The raw datagram has no host: its first token already ends with `:`.
    if (line.charCodeAt(sp - 1) !== 58) {
      progStart = sp + 1;
      sp = line.indexOf(" ", progStart);
      if (sp < 0) sp = line.length;
      progEnd = sp;
    }
    if (line.charCodeAt(progEnd - 1) !== 58) return this.foreign();
    let nameEnd = progEnd - 1;
    const bracket = line.indexOf("[", progStart);
    if (bracket >= 0 && bracket < nameEnd) nameEnd = bracket;
    const program = line.slice(progStart, nameEnd);
    if (!COTURN_PROGRAMS.has(program)) return this.foreign();
    const q = progEnd + 1;
    // rsyslog escapes the newline coturn ends every record with as `#012`.
    const text = line.endsWith("#012") ? line.slice(0, line.length - 4) : line;
    this.text = text;
    if (this.outer.read(text, q)) return this.record(text);
    // An unprefixed wrapped line: a continuation that coturn (stdout under journald) wrote on its own line.
    this.start = q;
    this.kind = "continuation";
    return "continuation";
  }

  private foreign(): LineKind {
    this.kind = "foreign";
    return "foreign";
  }

  private continuation(): LineKind {
    this.kind = "continuation";
    this.start = 0;
    return "continuation";
  }

  private record(text: string): LineKind {
    const o = this.outer;
    this.kind = "record";
    this.era = o.era;
    this.isoMs = o.isoMs;
    this.offsetMin = o.offsetMin;
    this.uptime = o.uptime;
    this.tid = o.tid;
    this.level = o.level;
    this.text = text;
    this.start = o.msgStart;
    this.stripNested();
    return "record";
  }

  /**
   * A log call nested inside another's arguments prints a second prefix mid-line
   * (`SSL read error: 2026-11-21T08:33:46+0000: error:…`): keep the words, drop the inner prefix.
   * Session lines are skipped: they never nest, and their user-controlled fields must stay verbatim.
   */
  private stripNested(): void {
    const s = this.text;
    const start = this.start;
    if (s.startsWith("session ", start)) return;
    const colon = s.indexOf(": ", start);
    if (colon < 0 || !isDigit(s.charCodeAt(colon + 2))) return;
    const inner = this.inner;
    if (!inner.read(s, colon + 2) || inner.era === "A0") return;
    this.text = s.slice(0, colon + 2) + s.slice(inner.msgStart);
  }
}

/** One line, parsed and classified: what the bench measures and what tests inspect. */
export interface ParsedCoturnLine {
  kind: LineKind;
  era?: Era;
  /** Epoch ms of coturn's ISO prefix. */
  isoMs?: number;
  /** Seconds since process start of an uptime prefix. */
  uptime?: number;
  tid?: number;
  level?: Level;
  wrapper?: WrapperKind;
  /** Absolute time of an RFC 3339 / short-iso wrapper. */
  wrapperMs?: number;
  /** The message (records) or the whole text (continuations). */
  message?: string;
  record?: CoturnRecord;
}

const shared = new EnvelopeParser();

/** Parses and classifies one line (without its newline). Never throws. */
export function parseCoturnLine(line: string, parser: EnvelopeParser = shared): ParsedCoturnLine {
  const kind = parser.parse(line);
  if (kind === "foreign") return { kind };
  if (kind === "continuation") return { kind, message: parser.text.slice(parser.start) };
  const out: ParsedCoturnLine = {
    kind,
    era: parser.era ?? undefined,
    level: parser.level ?? undefined,
    record: classifyMessage(parser.text, parser.start, parser.level),
  };
  if (!Number.isNaN(parser.isoMs)) out.isoMs = parser.isoMs;
  if (parser.uptime >= 0) out.uptime = parser.uptime;
  if (parser.tid >= 0) out.tid = parser.tid;
  if (parser.wrapper) out.wrapper = parser.wrapper;
  if (!Number.isNaN(parser.wrapperMs)) out.wrapperMs = parser.wrapperMs;
  out.message = parser.text.slice(parser.start);
  return out;
}
