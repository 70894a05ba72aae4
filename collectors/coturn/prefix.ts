// coturn's own line prefix (reference §1): `<uptime>: : ` / `<ISO>: ` (era A, `<uptime>: ` in A0),
// `(<tid>): LEVEL: ` after either (era B), `<ISO.mmm> LEVEL ` / `<uptime> LEVEL ` (era C). Read by hand
// from known positions, once per line.
import { IsoParser } from "./timestamp";

export type Level = "DEBUG" | "INFO" | "CONTROL" | "WARNING" | "ERROR";
/** A0: ≤4.5.1 `7: msg`; A: 4.5.2–4.6.1 `7: : msg` / `ISO: msg`; B: 4.6.2–4.16 `(tid): LEVEL: `; C: ≥4.17 `ISO.mmm LEVEL msg`. */
export type Era = "A0" | "A" | "B" | "C";
const LEVELS: readonly Level[] = ["INFO", "DEBUG", "ERROR", "WARNING", "CONTROL"];
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The level word at `p` followed by `sep` (or the end of the line), or null. */
function levelAt(s: string, p: number, sep: string): Level | null {
  for (const lv of LEVELS) {
    if (s.startsWith(lv, p)) {
      const q = p + lv.length;
      if (q === s.length || s.startsWith(sep, q)) return lv;
      // An empty era-C message ends right after the level and its space.
      if (sep === ": " && s.charCodeAt(q) === 58 && q + 1 === s.length) return lv;
      return null;
    }
  }
  return null;
}

/** Where a coturn prefix at `q` ends (message start) and what it says; shared by outer and nested prefixes. */
export class PrefixReader {
  readonly iso = new IsoParser();
  era: Era | null = null;
  isoMs = Number.NaN;
  offsetMin = 0;
  uptime = -1;
  tid = -1;
  level: Level | null = null;
  msgStart = 0;

  /** Reads a coturn prefix at `q`; false when there is none (then the fields are unspecified). */
  read(s: string, q: number): boolean {
    this.isoMs = Number.NaN;
    this.uptime = -1;
    this.tid = -1;
    this.level = null;
    if (!isDigit(s.charCodeAt(q))) return false;
    if (s.charCodeAt(q + 4) === 45) return this.readIso(s, q);
    return this.readUptime(s, q);
  }

  private readIso(s: string, q: number): boolean {
    const iso = this.iso;
    if (!iso.parse(s, q) || iso.r.rfc3339Offset) return false;
    const p = iso.r.end;
    const c = s.charCodeAt(p);
    this.isoMs = iso.r.ms;
    this.offsetMin = iso.r.offsetMin;
    if (c === 58 && s.charCodeAt(p + 1) === 32) {
      this.era = "A";
      this.eraALevel(s, p + 2);
      return true;
    }
    if (c === 40) return this.readTid(s, p);
    if (c === 32) {
      const lv = levelAt(s, p + 1, " ");
      if (lv === null) return false;
      this.era = "C";
      this.level = lv;
      this.msgStart = Math.min(s.length, p + 2 + lv.length);
      return true;
    }
    return false;
  }

  private readUptime(s: string, q: number): boolean {
    let p = q;
    let up = 0;
    while (p < s.length && isDigit(s.charCodeAt(p))) {
      up = up * 10 + (s.charCodeAt(p) - 48);
      p++;
    }
    if (p - q > 12) return false;
    const c = s.charCodeAt(p);
    if (c === 58 && s.charCodeAt(p + 1) === 32) {
      p += 2;
      this.uptime = up;
      if (s.charCodeAt(p) === 58 && (s.charCodeAt(p + 1) === 32 || p + 1 === s.length)) {
        this.era = "A";
        this.eraALevel(s, Math.min(s.length, p + 2));
        return true;
      }
      if (s.charCodeAt(p) === 40 && isDigit(s.charCodeAt(p + 1))) return this.readTid(s, p);
      this.era = "A0";
      this.eraALevel(s, p);
      return true;
    }
    if (c === 32) {
      const lv = levelAt(s, p + 1, " ");
      if (lv === null) return false;
      this.uptime = up;
      this.era = "C";
      this.level = lv;
      this.msgStart = Math.min(s.length, p + 2 + lv.length);
      return true;
    }
    return false;
  }

  /** `(tid): LEVEL: ` of era B, at the `(`. */
  private readTid(s: string, p: number): boolean {
    let k = p + 1;
    let tid = 0;
    while (k < s.length && isDigit(s.charCodeAt(k))) {
      tid = tid * 10 + (s.charCodeAt(k) - 48);
      k++;
    }
    if (k === p + 1 || k - p > 12 || s.charCodeAt(k) !== 41 || s.charCodeAt(k + 1) !== 58 || s.charCodeAt(k + 2) !== 32) return false;
    const lv = levelAt(s, k + 3, ": ");
    if (lv === null) return false;
    this.era = "B";
    this.tid = tid;
    this.level = lv;
    this.msgStart = Math.min(s.length, k + 5 + lv.length);
    return true;
  }

  private eraALevel(s: string, p: number): void {
    if (s.startsWith("ERROR: ", p)) {
      this.level = "ERROR";
      this.msgStart = p + 7;
    } else {
      this.level = null;
      this.msgStart = p;
    }
  }
}
