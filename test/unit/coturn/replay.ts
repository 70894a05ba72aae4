// Replays fixture logs through the sessionizer the way the tailer feeds it: one line at a time with
// its byte offset.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Sessionizer, type SessionizerOptions } from "../../../collectors/coturn/sessionize";
import type { CoturnEvent } from "../../../collectors/schema/coturn";

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/coturn");

/** s09's own file name dates it 2026-11-21; the scenario's server started at 08:40 UTC that day. */
export const S09_ANCHOR = Date.UTC(2026, 10, 21, 8, 40, 0);

export function corpusLogs(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".log"))
    .sort();
}

export function readLines(file: string): string[] {
  const lines = readFileSync(path.join(FIXTURES, file), "utf8").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export function commandsOf(log: string): string {
  const base = log.replace(/_\d{4}-\d\d-\d\d\.log$/, ".log").replace(/\.log$/, ".commands");
  return readFileSync(path.join(FIXTURES, "clients", base), "utf8");
}

/** Pushes `lines` starting at byte `pos`; returns the byte after the last line. */
export function pushAll(s: Sessionizer, lines: string[], out: CoturnEvent[], pos = 0): number {
  let p = pos;
  for (const line of lines) {
    s.push(line, p, out);
    p += Buffer.byteLength(line, "utf8") + 1;
  }
  return p;
}

export function replay(
  lines: string[],
  options: SessionizerOptions = { uptimeAnchorMs: S09_ANCHOR },
): { events: CoturnEvent[]; s: Sessionizer } {
  const s = new Sessionizer(options);
  const events: CoturnEvent[] = [];
  pushAll(s, lines, events);
  return { events, s };
}
