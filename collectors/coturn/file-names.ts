// coturn's own log file names (reference §1 "Log file names"; 4.6.1 apps/common/ns_turn_utils.c
// set_log_file_name_func): unless `--simple-log`, `--log-file=/var/log/turn.log` is written to
// `/var/log/turn_YYYY-MM-DD.log` (the date before the extension, `_` unless the base already ends in
// `_`, `-` or `/`), reopened daily; without a configured file it is `turn_<pid>_YYYY-MM-DD.log`.

export interface CoturnLogFileName {
  /** The name as configured, without extension and date: `turn` for `turn_2026-11-21.log` and `turn_1234_2026-11-21.log`. */
  base: string;
  /** Extension including the dot (`.log`), or "" when there is none. */
  ext: string;
  /** Process id of coturn's default name `turn_<pid>_YYYY-MM-DD.log`. */
  pid?: number;
  /** `YYYY-MM-DD` (the server's local date) when coturn put one into the name. */
  date?: string;
}

const DATED = /^(.*?)(\d{4})-(\d{2})-(\d{2})(\.[^.]*)?$/;
const PID_BASE = /^(turn)_(\d+)_$/;

/**
 * Parses a file name (no directory) as coturn writes it. Names without a date (`--simple-log`,
 * logrotate's `turn.log`) give just base and extension; null for what cannot be a log file name.
 */
export function parseCoturnLogFileName(name: string): CoturnLogFileName | null {
  if (name === "" || name === "." || name === ".." || name.includes("/")) return null;
  const m = DATED.exec(name);
  if (m !== null) {
    const [, prefix, y, mo, d, ext = ""] = m;
    const month = Number(mo);
    const day = Number(d);
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31 && prefix !== "") {
      const date = `${y}-${mo}-${d}`;
      const pid = PID_BASE.exec(prefix);
      if (pid !== null) return { base: pid[1], ext, pid: Number(pid[2]), date };
      // coturn adds `_` unless the base already ends in `_` or `-`; either way that separator is not the base's.
      const last = prefix[prefix.length - 1];
      if (last === "_" || last === "-") {
        const base = prefix.slice(0, -1);
        if (base !== "") return { base, ext, date };
      }
    }
  }
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return { base: name, ext: "" };
  return { base: name.slice(0, dot), ext: name.slice(dot) };
}
