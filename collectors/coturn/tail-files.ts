// Which files `--file <path|glob>` means right now, in reading order.
//
// coturn never writes to the configured name itself: `--log-file=/var/log/turn.log` becomes
// `/var/log/turn_YYYY-MM-DD.log` (reopened daily), or `turn_<pid>_YYYY-MM-DD.log` for the default
// location (reference/coturn-logs.md §1). A plain path therefore also means its dated variants;
// `--simple-log` and logrotate setups write the plain name. Order: the date in the name, then mtime.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { parseCoturnLogFileName } from "./file-names";

export type Candidate = { path: string; dev: number; ino: number; size: number; mtimeMs: number; date?: string };

/** Compressed rotations are history the tailer cannot follow (and logrotate recompresses them). */
const COMPRESSED = /\.(gz|bz2|xz|zst|lz4|zip|Z)$/;

export type FileSpec = { kind: "glob"; pattern: string } | { kind: "path"; path: string };

export function parseFileSpec(spec: string): FileSpec {
  const abs = path.resolve(spec);
  return isDynamicPattern(spec) ? { kind: "glob", pattern: abs } : { kind: "path", path: abs };
}

/** The date coturn put into a file name, if any (YYYY-MM-DD sorts as text). */
function nameDate(file: string): string | undefined {
  return parseCoturnLogFileName(path.basename(file))?.date;
}

/** `turn_2026-11-21.log` and `turn_1234_2026-11-21.log` are dated variants of `turn.log`. */
export function isDatedVariant(configured: string, candidate: string): boolean {
  if (path.dirname(configured) !== path.dirname(candidate)) return false;
  const parsed = parseCoturnLogFileName(path.basename(candidate));
  if (!parsed?.date) return false;
  const ext = path.extname(configured);
  // coturn inserts `_` before the date unless the base already ends in `_` or `-`.
  const stem = path.basename(configured, ext).replace(/[_-]$/, "");
  return parsed.base === stem && parsed.ext === ext;
}

async function describe(file: string): Promise<Candidate | null> {
  try {
    const st = await stat(file, { bigint: false });
    if (!st.isFile()) return null;
    return { path: file, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, date: nameDate(file) };
  } catch {
    return null; // vanished between listing and stat: a rotation in progress, seen next poll
  }
}

export function compareCandidates(a: Candidate, b: Candidate): number {
  // A name without a date sorts by its mtime's day, so a plain `turn.log` lands among dated ones.
  const da = a.date ?? new Date(a.mtimeMs).toISOString().slice(0, 10);
  const db = b.date ?? new Date(b.mtimeMs).toISOString().slice(0, 10);
  if (da !== db) return da < db ? -1 : 1;
  if (a.mtimeMs !== b.mtimeMs) return a.mtimeMs - b.mtimeMs;
  // Same mtime (coarse clocks, a rotation within one tick): a rotated name (`turn.log.1`,
  // `turn.log-2026…`) holds the older lines than the name it extends.
  if (b.path.startsWith(a.path)) return 1;
  if (a.path.startsWith(b.path)) return -1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

/** The files the spec names now, oldest first. */
export async function listCandidates(spec: FileSpec): Promise<Candidate[]> {
  let paths: string[];
  if (spec.kind === "glob") {
    paths = await glob([spec.pattern], { absolute: true, onlyFiles: true, dot: true, followSymbolicLinks: true });
  } else {
    const dated = (await listDir(path.dirname(spec.path))).filter((p) => isDatedVariant(spec.path, p));
    paths = [spec.path, ...dated];
  }
  const found = await Promise.all(paths.filter((p) => !COMPRESSED.test(p)).map(describe));
  return found.filter((c): c is Candidate => c !== null).sort(compareCandidates);
}

/**
 * Where a rotation may have put a file we were reading: `<path>.1` and `<path>-<anything>`
 * (logrotate's numbered and `dateext` names). Only for a plain path; with a glob, rotated files are
 * candidates themselves when the glob matches them.
 */
export async function listRotatedSiblings(spec: FileSpec, current?: string): Promise<Candidate[]> {
  const bases = new Set<string>();
  if (spec.kind === "path") bases.add(spec.path);
  if (current) bases.add(current);
  const out: Candidate[] = [];
  for (const base of bases) {
    const name = path.basename(base);
    const siblings = (await listDir(path.dirname(base))).filter((p) => {
      const n = path.basename(p);
      return (n === `${name}.1` || n.startsWith(`${name}-`)) && !COMPRESSED.test(n);
    });
    for (const c of await Promise.all(siblings.map(describe))) if (c) out.push(c);
  }
  return out.sort(compareCandidates);
}
