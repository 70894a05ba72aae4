// The time of a record: coturn's ISO prefix (exact), else its syslog/journald wrapper's time, else
// uptime seconds + an anchor (approximate). The anchor is fixed at the first uptime line that needs
// it and kept in the resume state: run starts derive from it, and a run key must never move.
import type { EnvelopeParser } from "./parse";
import { resolveBsdTime } from "./timestamp";

export class LineClock {
  /** Wall-clock ms at uptime 0. */
  anchor: number | undefined;
  lastUptime = -1;
  lastTs: number | undefined;
  /** coturn's last `%z`, for syslog times that carry no zone. */
  lastOffsetMin = 0;
  /** The last time came from the anchor. */
  approx = false;
  /** The last line's uptime went back: a new process. */
  restart = false;

  constructor(private readonly defaultAnchor: number | undefined) {}

  /** The time of the record `env` just parsed (NaN when it has none). */
  time(env: EnvelopeParser): number {
    if (!Number.isNaN(env.isoMs)) {
      this.approx = false;
      this.lastOffsetMin = env.offsetMin;
      return env.isoMs;
    }
    const wrap = this.wrapperTime(env);
    const up = env.uptime;
    if (up < 0) {
      this.approx = false;
      return wrap;
    }
    if (this.lastUptime >= 0 && up + 2 < this.lastUptime) {
      this.restart = true;
      // The new process started after the old one's last line: its clock continues from there.
      if (this.anchor !== undefined) this.anchor += (this.lastUptime - up) * 1000;
    }
    this.lastUptime = up;
    if (!Number.isNaN(wrap)) {
      if (this.anchor === undefined || this.restart) this.anchor = wrap - up * 1000;
      this.approx = false;
      return wrap;
    }
    if (this.anchor === undefined) this.anchor = this.defaultAnchor ?? Date.now() - up * 1000;
    this.approx = true;
    return this.anchor + up * 1000;
  }

  private wrapperTime(env: EnvelopeParser): number {
    if (env.wrapper === "iso") return env.wrapperMs;
    if (env.wrapper === "bsd") {
      // BSD syslog has no year and no zone: the year closest to what this log last said, coturn's last %z.
      const near = this.lastTs ?? this.anchor ?? this.defaultAnchor ?? Date.now();
      return resolveBsdTime(env.bsd, near, this.lastOffsetMin);
    }
    return Number.NaN;
  }
}
