// Timestamp parsing for coturn log lines and their syslog wrappers, by hand: the prefix is read for
// every line, so no regex and no Date parsing of strings. coturn prints local time with a `%z`
// offset (`+0530`, no colon); rsyslog's RFC 3339 wrappers use `+05:30` or `Z`; BSD syslog has no
// year and no offset at all, so the caller resolves those from context.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Result slots of the last successful parse (one reused object: these run once per line). */
export interface IsoResult {
  /** UTC epoch milliseconds. */
  ms: number;
  /** Index just after the timestamp (after the offset). */
  end: number;
  /** The offset was written `+hh:mm` or `Z` (RFC 3339, i.e. a syslog wrapper, never coturn's own `%z`). */
  rfc3339Offset: boolean;
  /** Offset east of UTC in minutes. */
  offsetMin: number;
}

function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Parses `YYYY-MM-DDThh:mm:ss[.frac](±hhmm|±hh:mm|Z)` starting at `i`. The seconds part is cached by
 * its 19-character text: lines of the same second (nearly all of them) skip the calendar arithmetic.
 */
export class IsoParser {
  readonly r: IsoResult = { ms: 0, end: 0, rfc3339Offset: false, offsetMin: 0 };
  /** Character codes of the cached `YYYY-MM-DDThh:mm:ss` (compared by hand: `startsWith` costs more here). */
  private readonly cache = new Uint16Array(19);
  private cached = false;
  private cacheMs = 0;

  private hit(s: string, i: number): boolean {
    if (!this.cached) return false;
    const c = this.cache;
    // Seconds change first: compare from the end.
    for (let k = 18; k >= 0; k--) if (s.charCodeAt(i + k) !== c[k]) return false;
    return true;
  }

  parse(s: string, i: number): boolean {
    if (s.length < i + 20) return false;
    let base: number;
    if (this.hit(s, i)) {
      base = this.cacheMs;
    } else {
      if (s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 7) !== 45 || s.charCodeAt(i + 10) !== 84) return false;
      if (s.charCodeAt(i + 13) !== 58 || s.charCodeAt(i + 16) !== 58) return false;
      const y1 = d2(s, i);
      const y2 = d2(s, i + 2);
      const mo = d2(s, i + 5);
      const d = d2(s, i + 8);
      const h = d2(s, i + 11);
      const mi = d2(s, i + 14);
      const se = d2(s, i + 17);
      if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) {
        return false;
      }
      base = Date.UTC(y1 * 100 + y2, mo - 1, d, h, mi, se);
      for (let k = 0; k < 19; k++) this.cache[k] = s.charCodeAt(i + k);
      this.cached = true;
      this.cacheMs = base;
    }
    let p = i + 19;
    let frac = 0;
    if (s.charCodeAt(p) === 46) {
      // Fractions: coturn 4.17 prints milliseconds, rsyslog microseconds; keep milliseconds.
      p++;
      let digits = 0;
      while (p < s.length && isDigit(s.charCodeAt(p))) {
        if (digits < 3) frac = frac * 10 + (s.charCodeAt(p) - 48);
        digits++;
        p++;
      }
      if (digits === 0) return false;
      for (let k = digits; k < 3; k++) frac *= 10;
    }
    const sign = s.charCodeAt(p);
    let offsetMin = 0;
    let rfc = false;
    if (sign === 90) {
      rfc = true;
      p++;
    } else if (sign === 43 || sign === 45) {
      const oh = d2(s, p + 1);
      if (oh < 0 || oh > 23) return false;
      let om: number;
      if (s.charCodeAt(p + 3) === 58) {
        rfc = true;
        om = d2(s, p + 4);
        p += 6;
      } else {
        om = d2(s, p + 3);
        p += 5;
      }
      if (om < 0 || om > 59) return false;
      offsetMin = (oh * 60 + om) * (sign === 45 ? -1 : 1);
    } else {
      return false;
    }
    const r = this.r;
    r.ms = base + frac - offsetMin * 60_000;
    r.end = p;
    r.rfc3339Offset = rfc;
    r.offsetMin = offsetMin;
    return true;
  }
}

/** A BSD syslog timestamp `Mmm dd hh:mm:ss[.frac]` (no year, no zone). */
export interface BsdTime {
  month: number; // 0-11
  day: number;
  msOfDay: number;
  end: number;
}

/** Parses `Nov 21 08:44:39` / `Nov  1 08:44:39` / `Nov 21 08:44:39.123456` at `i` into `out`. */
export function parseBsdTime(s: string, i: number, out: BsdTime): boolean {
  if (s.length < i + 15) return false;
  const m = MONTHS.indexOf(s.slice(i, i + 3));
  if (m < 0 || s.charCodeAt(i + 3) !== 32) return false;
  let p = i + 4;
  if (s.charCodeAt(p) === 32) p++;
  let day = 0;
  let nd = 0;
  while (nd < 2 && isDigit(s.charCodeAt(p))) {
    day = day * 10 + (s.charCodeAt(p) - 48);
    p++;
    nd++;
  }
  if (nd === 0 || day < 1 || day > 31 || s.charCodeAt(p) !== 32) return false;
  p++;
  const h = d2(s, p);
  const mi = d2(s, p + 3);
  const se = d2(s, p + 6);
  if (s.charCodeAt(p + 2) !== 58 || s.charCodeAt(p + 5) !== 58 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) {
    return false;
  }
  p += 8;
  let frac = 0;
  if (s.charCodeAt(p) === 46) {
    // journald's short-precise output carries microseconds.
    p++;
    let digits = 0;
    while (isDigit(s.charCodeAt(p))) {
      if (digits < 3) frac = frac * 10 + (s.charCodeAt(p) - 48);
      digits++;
      p++;
    }
    for (let k = digits; k < 3; k++) frac *= 10;
  }
  out.month = m;
  out.day = day;
  out.msOfDay = (h * 3600 + mi * 60 + se) * 1000 + frac;
  out.end = p;
  return true;
}

/**
 * BSD syslog time to epoch ms. The year is the one that puts the time closest to `nearMs` (the last
 * known time of this log), so a December line read in January lands in the right year.
 */
export function resolveBsdTime(t: BsdTime, nearMs: number, offsetMin: number): number {
  const nearYear = new Date(nearMs).getUTCFullYear();
  let best = Number.NaN;
  for (const y of [nearYear - 1, nearYear, nearYear + 1]) {
    const ms = Date.UTC(y, t.month, t.day) + t.msOfDay - offsetMin * 60_000;
    if (Number.isNaN(best) || Math.abs(ms - nearMs) < Math.abs(best - nearMs)) best = ms;
  }
  return best;
}
