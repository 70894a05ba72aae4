// Splits a byte stream into lines for the tailer, one chunk at a time (pure, no I/O).
//
// Bounds first: a line longer than `maxLineBytes` is skipped as `too_long` while it streams past —
// its bytes are never gathered, so a 1 GB line costs no more memory than a short one. Lines with NUL
// or mostly control bytes are `binary` (skipped); lines that are not valid UTF-8 are decoded with
// replacement characters and still delivered, flagged so the caller can count them.
import { isAscii, isUtf8 } from "node:buffer";

/** coturn truncates its own messages at 1024 bytes; anything far above is not a coturn line. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

export type SkipReason = "binary" | "too_long";

export interface LineReceiver {
  /** One complete line without its newline; `pos` is its first byte, `end` the byte after its `\n`. */
  line(text: string, pos: number, end: number, invalidUtf8: boolean): void;
  skip(reason: SkipReason, pos: number, end: number): void;
}

const NEWLINE = 0x0a;
// Control characters other than tab and CR (and DEL). Tested on a latin1 decoding, i.e. on bytes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control bytes is the point
const CONTROL = /[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control bytes is the point
const CONTROL_ALL = /[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]/g;

/** NUL anywhere, or more than a quarter control bytes: not a text log line. */
export function looksBinary(latin1: string): boolean {
  if (!CONTROL.test(latin1)) return false;
  if (latin1.includes("\0")) return true;
  const controls = latin1.match(CONTROL_ALL)?.length ?? 0;
  return controls * 4 > latin1.length;
}

export class LineSplitter {
  /** Byte offset where the line being assembled (or skipped) began. */
  private start: number;
  /** Bytes of an unterminated line, kept until its newline arrives (copies: chunks are reused). */
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** The current line already exceeded the bound: discard until its newline. */
  private skipping = false;

  constructor(
    private readonly receiver: LineReceiver,
    startPos: number,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {
    this.start = startPos;
  }

  /** Offset of the first byte not yet delivered: where a reader resumes after a restart. */
  get lineStart(): number {
    return this.start;
  }

  /** Bytes held for an unterminated line (0 while skipping an overlong one). */
  get pendingBytes(): number {
    return this.carryBytes;
  }

  get hasPartial(): boolean {
    return this.carryBytes > 0 || this.skipping;
  }

  /** Feeds the bytes at [pos, pos + chunk.length); pos must follow the previous chunk. */
  feed(chunk: Buffer, pos: number): void {
    // One latin1 decoding of the whole chunk serves both the control-byte test and, for pure ASCII
    // (the normal coturn log), the line text itself: one native call instead of one per line.
    const ascii = isAscii(chunk);
    const latin1 = chunk.toString("latin1");
    const anyControl = CONTROL.test(latin1);
    let i = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, i);
      if (nl === -1) break;
      const end = pos + nl + 1;
      if (this.skipping) {
        this.receiver.skip("too_long", this.start, end);
        this.skipping = false;
      } else if (this.carryBytes > 0) {
        const part = chunk.subarray(i, nl);
        const whole = Buffer.concat([...this.carry, part], this.carryBytes + part.length);
        this.carry = [];
        this.carryBytes = 0;
        this.emitBytes(whole, this.start, end);
      } else if (nl - i > this.maxLineBytes) {
        this.receiver.skip("too_long", this.start, end);
      } else if (ascii && !anyControl) {
        this.receiver.line(latin1.slice(i, nl), this.start, end, false);
      } else {
        this.emitBytes(chunk.subarray(i, nl), this.start, end, latin1.slice(i, nl));
      }
      this.start = end;
      i = nl + 1;
    }
    if (i < chunk.length && !this.skipping) {
      const rest = chunk.length - i;
      if (this.carryBytes + rest > this.maxLineBytes) {
        this.carry = [];
        this.carryBytes = 0;
        this.skipping = true;
      } else {
        this.carry.push(Buffer.from(chunk.subarray(i)));
        this.carryBytes += rest;
      }
    }
  }

  /**
   * The file is finished (rotated away, superseded): its unterminated last line is delivered as it
   * is. Returns the offset after it.
   */
  finish(endPos: number): number {
    if (this.skipping) this.receiver.skip("too_long", this.start, endPos);
    else if (this.carryBytes > 0) this.emitBytes(Buffer.concat(this.carry, this.carryBytes), this.start, endPos);
    this.carry = [];
    this.carryBytes = 0;
    this.skipping = false;
    this.start = endPos;
    return endPos;
  }

  private emitBytes(bytes: Buffer, pos: number, end: number, latin1 = bytes.toString("latin1")): void {
    if (bytes.length > this.maxLineBytes) this.receiver.skip("too_long", pos, end);
    else if (looksBinary(latin1)) this.receiver.skip("binary", pos, end);
    else if (isAscii(bytes)) this.receiver.line(latin1, pos, end, false);
    else this.receiver.line(bytes.toString("utf8"), pos, end, !isUtf8(bytes));
  }
}
