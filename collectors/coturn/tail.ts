// A poll-based follower of `--file <path|glob>`: one file at a time, in order, so the sessionizer
// sees one coturn run's lines as coturn wrote them, across renames, copytruncate and daily files.
//
// Polling (not inotify) because it works the same on every file system, including NFS and bind
// mounts, and because a tick every few hundred milliseconds is nothing next to the log's own rate.
// Files are known by their first-line fingerprint (tail-identity.ts); the current file is read
// through an open descriptor, so a rename never loses the bytes written before the writer reopens.
// (A little past 300 lines: the follow loop and its rotation cases are one state machine.)
import { type FileHandle, open } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { type Candidate, compareCandidates, type FileSpec, listCandidates, listRotatedSiblings } from "./tail-files";
import { FingerprintCache, lastLineBoundary, readFingerprint, uptimeAnchorMs } from "./tail-identity";
import { DEFAULT_MAX_LINE_BYTES, LineSplitter, type SkipReason } from "./tail-lines";
import { planStart, type StartPolicy } from "./tail-start";

export type TailFile = { id: string; path: string };

/** What the tailer hands on. Line and skip calls are synchronous; the awaited ones apply back-pressure. */
export interface TailSink {
  fileStart(file: TailFile, offset: number, facts: { uptimeAnchorMs: () => Promise<number | undefined> }): Promise<void>;
  line(file: TailFile, text: string, pos: number, end: number, invalidUtf8: boolean): void;
  skip(file: TailFile, reason: SkipReason, pos: number, end: number): void;
  /** After each chunk: the reader waits here while the consumer is full. */
  chunk(file: TailFile): Promise<void>;
  /** Everything available now is delivered, up to `offset`. */
  caughtUp(file: TailFile, offset: number): Promise<void>;
  /** The reader leaves the file at `offset`; `finished`: rotated or superseded, never read again. */
  fileEnd(file: TailFile, offset: number, finished: boolean): Promise<void>;
}

export type TailLogger = { info: (msg: string) => void; warn: (msg: string) => void; debug: (msg: string) => void };

export type TailOptions = StartPolicy & {
  spec: FileSpec;
  /** Read everything to its end, then return (backfills, tests). */
  once: boolean;
  pollMs: number;
  /** A rotated-away file is left once a successor exists and it has not grown for this long. */
  graceMs?: number;
  chunkBytes?: number;
  maxLineBytes?: number;
  signal?: AbortSignal;
  logger?: TailLogger;
};

type Entry = { offset: number; finished: boolean };
type Seen = Candidate & { id: string };
type Current = {
  id: string;
  path: string;
  fh: FileHandle;
  dev: number;
  ino: number;
  offset: number;
  lastGrowthAt: number;
  /** mtime when the first line was last compared with the identity. */
  checkedMtimeMs: number;
  splitter: LineSplitter;
};

const noop = () => {};
const MAX_REMEMBERED = 1000;
/**
 * Bytes read (and parsed, synchronously) per step. Small enough that one step is a few
 * milliseconds, so the reader's work interleaves with the delivery's round trips to the database
 * instead of holding them up; large enough that reads are not the cost.
 */
const DEFAULT_CHUNK_BYTES = 64 * 1024;

export class Tailer {
  private readonly registry = new Map<string, Entry>();
  private readonly fingerprints = new FingerprintCache();
  private cur: Current | null = null;
  private readonly buf: Buffer;
  private readonly graceMs: number;
  /** Files modified after this (ms) may hold lines never read: the last checkpoint, or our start. */
  private readonly newSince: number;
  private readonly log: TailLogger;
  private file: TailFile = { id: "", path: "" };
  bytesRead = 0;
  /** Bytes known to be waiting in files not yet read to their end (for progress and ETA). */
  bytesPending = 0;

  constructor(
    private readonly opts: TailOptions,
    private readonly sink: TailSink,
  ) {
    this.buf = Buffer.allocUnsafe(opts.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    this.graceMs = opts.graceMs ?? Math.max(1000, 4 * opts.pollMs);
    this.newSince = opts.resume.size > 0 && opts.resumeSince !== undefined ? Math.min(opts.resumeSince, Date.now()) : Date.now();
    this.log = opts.logger ?? { info: noop, warn: noop, debug: noop };
  }

  private get stopped(): boolean {
    return this.opts.signal?.aborted ?? false;
  }

  async run(): Promise<void> {
    let started = false;
    while (!this.stopped) {
      try {
        if (!started) {
          await this.init();
          started = true;
        }
        if (!this.cur && !(await this.openNext())) {
          if (this.opts.once) break;
          await this.pause();
          continue;
        }
        const cur = this.cur!;
        if (await this.truncated(cur)) {
          await this.drainRotatedCopy(cur);
          continue;
        }
        await this.readAvailable(cur);
        if (this.stopped) break;
        await this.sink.caughtUp(this.file, cur.splitter.lineStart);
        const successor = await this.hasSuccessor(cur);
        if (successor && (this.opts.once || Date.now() - cur.lastGrowthAt >= this.graceMs)) await this.leave(true);
        else if (this.opts.once) break;
        else await this.pause();
      } catch (err) {
        // --once has nobody to wait for: the caller reports the error.
        if (this.opts.once) {
          if (this.cur) await this.leave(false);
          throw err;
        }
        // While following, a file vanishing or turning unreadable is a rotation race or an
        // operator's chmod: say so and try again next tick rather than stopping the agent.
        this.warnOnce(`reading ${this.cur?.path ?? "log files"}: ${(err as Error).message}`);
        await this.pause();
      }
    }
    if (this.cur) await this.leave(false);
  }

  private lastWarning = { text: "", at: 0 };
  /** The same failure every tick is one message a minute, not a flood. */
  private warnOnce(text: string): void {
    if (text === this.lastWarning.text && Date.now() - this.lastWarning.at < 60_000) return;
    this.lastWarning = { text, at: Date.now() };
    this.log.warn(text);
  }

  private async pause(): Promise<void> {
    await sleep(this.opts.pollMs, undefined, { signal: this.opts.signal }).catch(noop);
  }

  /** Fingerprints every candidate now and decides where each starts (tail-start.ts). */
  private async init(): Promise<void> {
    const all = await this.scan(true);
    if (all.length === 0) this.log.info("no matching log file with a complete first line yet: waiting for one");
    const plan = planStart(all, this.opts);
    for (const c of all) {
      const p = plan.get(c.id);
      if (p?.kind === "at") this.registry.set(c.id, { offset: p.offset, finished: false });
      else if (p?.kind === "end") {
        // tail -f: from the end of the newest file, aligned to a line start.
        const fh = await open(c.path, "r");
        try {
          this.registry.set(c.id, { offset: await lastLineBoundary(fh, c.size), finished: false });
        } finally {
          await fh.close();
        }
      } else this.registry.set(c.id, { offset: c.size, finished: true });
    }
  }

  /**
   * Candidates with an identity, oldest first, one per identity. Rotated siblings of a plain path
   * are included only when they hold lines we have not read: a file we were reading, now under
   * its rotated name, or a file written since we started (or since the last checkpoint) that was
   * rotated away before we got to it.
   */
  private async scan(initial = false): Promise<Seen[]> {
    const primary = await listCandidates(this.opts.spec);
    const siblings = await listRotatedSiblings(this.opts.spec);
    const seen: Seen[] = [];
    for (const c of [...primary, ...siblings]) {
      const id = await this.fingerprints.of(c);
      if (!id) continue;
      if (!primary.includes(c) && !this.siblingWanted(c, id, initial)) continue;
      seen.push({ ...c, id });
    }
    seen.sort(compareCandidates);
    const ids = new Set<string>();
    const out = seen.filter((c) => !ids.has(c.id) && ids.add(c.id));
    let pending = 0;
    for (const c of out) {
      const e = this.registry.get(c.id);
      if (!e) pending += c.size;
      else if (!e.finished && c.id !== this.cur?.id) pending += Math.max(0, c.size - e.offset);
    }
    this.bytesPending = pending;
    this.prune(out);
    return out;
  }

  private siblingWanted(c: Candidate, id: string, initial: boolean): boolean {
    const known = initial ? this.opts.resume.get(id) : this.registry.get(id)?.offset;
    if (!initial && this.registry.get(id)?.finished) return false;
    if (known !== undefined) return known < c.size || id === this.cur?.id;
    return c.mtimeMs > this.newSince;
  }

  /** Bounded memory over years of daily files: forget what no longer exists. */
  private prune(present: Seen[]): void {
    this.fingerprints.bound(MAX_REMEMBERED);
    if (this.registry.size <= MAX_REMEMBERED) return;
    const keep = new Set(present.map((c) => c.id));
    // Forgetting is safe: a file that comes back is re-read, and ingest ignores what it already has.
    for (const id of this.registry.keys()) if (!keep.has(id) && id !== this.cur?.id) this.registry.delete(id);
  }

  private async openNext(): Promise<boolean> {
    for (const c of await this.scan()) {
      let entry = this.registry.get(c.id);
      if (!entry) {
        // A file that appeared while we follow is new by definition: all of it is unread.
        entry = { offset: 0, finished: false };
        this.registry.set(c.id, entry);
      }
      if (entry.finished) continue;
      const fh = await open(c.path, "r");
      const st = await fh.stat().catch(async (err) => {
        await fh.close();
        throw err;
      });
      if ((await readFingerprint(fh).catch(() => null)) !== c.id) {
        await fh.close(); // rotated between scan and open: look again next tick
        return false;
      }
      this.cur = {
        id: c.id,
        path: c.path,
        fh,
        dev: st.dev,
        ino: st.ino,
        offset: entry.offset,
        lastGrowthAt: st.mtimeMs,
        checkedMtimeMs: st.mtimeMs,
        splitter: new LineSplitter(this.receiver, entry.offset, this.opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES),
      };
      this.file = { id: c.id, path: c.path };
      this.log.debug(`reading ${c.path} (${c.id}) from byte ${entry.offset}`);
      await this.sink.fileStart(this.file, entry.offset, { uptimeAnchorMs: () => uptimeAnchorMs(fh) });
      return true;
    }
    return false;
  }

  private readonly receiver = {
    line: (text: string, pos: number, end: number, invalidUtf8: boolean) => this.sink.line(this.file, text, pos, end, invalidUtf8),
    skip: (reason: SkipReason, pos: number, end: number) => this.sink.skip(this.file, reason, pos, end),
  };

  /** Reads from the open descriptor until it has nothing more; returns the bytes read. */
  private async readAvailable(cur: Current, fh = cur.fh): Promise<number> {
    let total = 0;
    while (!this.stopped) {
      const { bytesRead } = await fh.read(this.buf, 0, this.buf.length, cur.offset);
      if (bytesRead === 0) break;
      // Looking (truncated()) and reading are not one atomic step: a copytruncate in between hands
      // us the new content at our old offset. The first line, read after the chunk, says whose
      // bytes these are; if it is no longer ours the chunk is dropped and the next tick finds the
      // rest in the rotated copy. One 1 KiB read per chunk.
      if ((await readFingerprint(fh)) !== cur.id) {
        cur.checkedMtimeMs = Number.NaN;
        break;
      }
      cur.splitter.feed(bytesRead === this.buf.length ? this.buf : this.buf.subarray(0, bytesRead), cur.offset);
      cur.offset += bytesRead;
      total += bytesRead;
      this.bytesRead += bytesRead;
      this.bytesPending = Math.max(0, this.bytesPending - bytesRead);
      cur.lastGrowthAt = Date.now();
      await this.sink.chunk(this.file);
    }
    return total;
  }

  /**
   * copytruncate: the descriptor's file got shorter, or its first line is no longer ours (it was
   * truncated and written again, possibly back to our offset or past it). The first line is
   * re-read whenever the file changed since the last look; an idle file costs one fstat.
   */
  private async truncated(cur: Current): Promise<boolean> {
    const st = await cur.fh.stat();
    if (st.size < cur.offset) return true;
    if (st.size === cur.offset && st.mtimeMs === cur.checkedMtimeMs) return false;
    cur.checkedMtimeMs = st.mtimeMs;
    return (await readFingerprint(cur.fh)) !== cur.id;
  }

  /**
   * After copytruncate, bytes written between our last read and the copy exist only in the copy
   * (`<path>.1`, `<path>-2026…`, or another match of the glob): finish this identity from there.
   */
  private async drainRotatedCopy(cur: Current): Promise<void> {
    const copies = [...(await listCandidates(this.opts.spec)), ...(await listRotatedSiblings(this.opts.spec, cur.path))];
    let drained = false;
    for (const c of copies) {
      if (c.dev === cur.dev && c.ino === cur.ino) continue;
      if (c.size < cur.offset || (await this.fingerprints.of(c)) !== cur.id) continue;
      const fh = await open(c.path, "r");
      try {
        this.file = { id: cur.id, path: c.path };
        cur.path = c.path;
        await this.readAvailable(cur, fh);
        drained = true;
      } finally {
        await fh.close();
      }
      break;
    }
    if (!drained) this.log.info(`${cur.path} was truncated; no rotated copy holds the rest of its old content, continuing with the new`);
    this.fingerprints.forget(cur);
    await this.leave(true);
  }

  /** A newer file waits: one ordered after ours, or any when ours no longer matches (renamed away). */
  private async hasSuccessor(cur: Current): Promise<boolean> {
    const all = await this.scan();
    const mine = all.findIndex((c) => c.id === cur.id);
    return all.some((c, i) => i > mine && c.id !== cur.id && !this.registry.get(c.id)?.finished);
  }

  /** Stops reading the current file; a finished file's unterminated last line is delivered. */
  private async leave(finished: boolean): Promise<void> {
    const cur = this.cur;
    if (!cur) return;
    this.cur = null;
    const offset = finished ? cur.splitter.finish(cur.offset) : cur.splitter.lineStart;
    this.registry.set(cur.id, { offset, finished });
    await cur.fh.close().catch(noop);
    await this.sink.fileEnd(this.file, offset, finished);
    this.log.debug(`left ${cur.path} at byte ${offset}${finished ? " (finished)" : ""}`);
  }
}
