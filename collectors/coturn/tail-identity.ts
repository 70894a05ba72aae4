// A log file's identity and the facts the tailer reads from its edges.
//
// Identity is a fingerprint of the first line, not the inode (Vector's and Filebeat's checksum
// fingerprinting): a renamed file keeps it, the copy that copytruncate makes keeps it, and the
// truncated original gets a new one as soon as its new first line is complete. Inodes are reused
// by the file system right after a rotation, so they would confuse exactly the cases that matter.
import { createHash } from "node:crypto";
import { type FileHandle, open } from "node:fs/promises";

/** Bytes of the first line that make up the identity (a longer first line is cut here). */
export const FINGERPRINT_BYTES = 1024;

/** `fp:` + 128 bits of sha256, hex: short enough for the checkpoint key, collision-free in practice. */
export function fingerprintOf(firstLine: Buffer): string {
  return `fp:${createHash("sha256").update(firstLine).digest("hex").slice(0, 32)}`;
}

/**
 * The identity of the open file, or null while its first line is incomplete (an empty file, or a
 * writer in the middle of its first line): reading it before would give it an identity it loses.
 */
export async function readFingerprint(fh: FileHandle): Promise<string | null> {
  const buf = Buffer.alloc(FINGERPRINT_BYTES);
  const { bytesRead } = await fh.read(buf, 0, FINGERPRINT_BYTES, 0);
  const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
  if (nl !== -1) return fingerprintOf(buf.subarray(0, nl + 1));
  if (bytesRead === FINGERPRINT_BYTES) return fingerprintOf(buf);
  return null;
}

type FileStat = { path: string; dev: number; ino: number; size: number; mtimeMs: number };

/**
 * Fingerprints by inode, valid while size and mtime are unchanged: rotated and older files are not
 * re-read every tick, and a file truncated and rewritten is never mistaken for its old self.
 */
export class FingerprintCache {
  private readonly cache = new Map<string, { id: string; size: number; mtimeMs: number }>();

  async of(f: FileStat): Promise<string | null> {
    const key = `${f.dev}:${f.ino}`;
    const hit = this.cache.get(key);
    if (hit && hit.size === f.size && hit.mtimeMs === f.mtimeMs) return hit.id;
    const fh = await open(f.path, "r").catch((err: NodeJS.ErrnoException) => {
      // Gone since it was listed: a rotation in progress, seen next tick. Anything else (EACCES)
      // is the operator's to fix and must be said, not skipped in silence.
      if (err.code === "ENOENT") return null;
      throw err;
    });
    if (!fh) return null;
    try {
      const id = await readFingerprint(fh);
      if (id) this.cache.set(key, { id, size: f.size, mtimeMs: f.mtimeMs });
      else this.cache.delete(key);
      return id;
    } finally {
      await fh.close();
    }
  }

  forget(f: { dev: number; ino: number }): void {
    this.cache.delete(`${f.dev}:${f.ino}`);
  }

  /** Years of daily files stay bounded: past `max` entries, start over (they are cheap to redo). */
  bound(max: number): void {
    if (this.cache.size > max) this.cache.clear();
  }
}

/** Offset after the last newline at or before `size`: where "start at the end" may begin a line. */
export async function lastLineBoundary(fh: FileHandle, size: number): Promise<number> {
  const step = 64 * 1024;
  const buf = Buffer.alloc(step);
  for (let end = size; end > 0; end -= step) {
    const from = Math.max(0, end - step);
    const { bytesRead } = await fh.read(buf, 0, end - from, from);
    const nl = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (nl !== -1) return from + nl + 1;
    if (size - from > 1024 * 1024) break; // no newline in the last MiB: not a log worth aligning to
  }
  return 0;
}

const UPTIME_PREFIX = /^(\d+)(?:: |\s)/;

/**
 * For uptime-prefixed logs (coturn without `--new-log-timestamp`): the wall-clock time of uptime 0,
 * estimated as the file's mtime minus the last uptime found near its end. Lossy (whole seconds, and
 * the last write may precede mtime's update), which is why such events are marked approximate.
 */
export async function uptimeAnchorMs(fh: FileHandle): Promise<number | undefined> {
  const st = await fh.stat();
  const tailBytes = Math.min(st.size, 64 * 1024);
  if (tailBytes === 0) return undefined;
  const buf = Buffer.alloc(tailBytes);
  const { bytesRead } = await fh.read(buf, 0, tailBytes, st.size - tailBytes);
  const lines = buf.subarray(0, bytesRead).toString("latin1").split("\n");
  // When the window starts mid-file its first element is a fragment of a line: not a prefix.
  const first = tailBytes < st.size ? 1 : 0;
  for (let i = lines.length - 1; i >= first; i--) {
    const m = UPTIME_PREFIX.exec(lines[i]);
    // A date-like run of digits ("2026-…") never matches: it is followed by "-", not ": ".
    if (m && m[1].length <= 10) return Math.round(st.mtimeMs) - Number(m[1]) * 1000;
  }
  return undefined;
}
