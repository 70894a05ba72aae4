// The shape of a chrome://webrtc-internals dump ("Download the webrtc-internals dump"), checked with
// bounds before anything reads it. The file's frame (PeerConnections, each one's updateLog and stats
// containers) is fatal when wrong: an error names the path. One stats series or one updateLog entry
// is checked on its own when it is read (series.ts, update-log.ts): a bad one is a warning, not the
// end of the import.
//
// What Chromium 156 writes (test/fixtures/getstats/webrtc-internals/README.md): `PeerConnections:
// { "<pid>-<lid>": { pid, url, rtcConfiguration (a JSON string), updateLog: [{ type, value,
// timestamp }], stats: { "<statsId>-<field>": { statsType, startTime, endTime, values (a JSON array
// as a string) } } } }`, plus `UserAgent`, `UserAgentData`, `getUserMedia`. Older versions write
// `time` (a local date string) instead of `timestamp` and a `constraints` string.
import { gunzipSync } from "node:zlib";
import { z } from "zod";

/** A whole dump, after gunzip; long calls with many connections reach tens of MB. */
export const MAX_DUMP_BYTES = 256 * 1024 * 1024;
export const MAX_PEER_CONNECTIONS = 100;
export const MAX_UPDATE_LOG_ENTRIES = 50_000;
export const MAX_SERIES_PER_CONNECTION = 20_000;
/** Chromium keeps far fewer points per series (it drops the oldest); a day at one per second fits. */
export const MAX_SAMPLES_PER_SERIES = 100_000;
export const MAX_SERIES_VALUES_CHARS = 16 * 1024 * 1024;
/** SDPs are the longest updateLog values. */
export const MAX_LOG_VALUE_CHARS = 1024 * 1024;
const MAX_KEY_CHARS = 256;
const MAX_STATS_KEY_CHARS = 512;
const MAX_URL_CHARS = 4096;
const MAX_CONFIG_CHARS = 64 * 1024;
const MAX_TIME_CHARS = 64;

export class WebrtcInternalsDumpError extends Error {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(issues.length ? `${message}:\n  ${issues.join("\n  ")}` : message);
    this.name = "WebrtcInternalsDumpError";
  }
}

const atMost = (max: number, what: string) =>
  [(r: Record<string, unknown>) => Object.keys(r).length <= max, `more than ${max} ${what}`] as const;

const peerConnectionSchema = z
  .object(
    {
      url: z.string().max(MAX_URL_CHARS).optional(),
      rtcConfiguration: z.union([z.string().max(MAX_CONFIG_CHARS), z.record(z.string(), z.unknown())]).optional(),
      constraints: z.unknown().optional(),
      updateLog: z
        .array(z.unknown(), { error: "expected an array of { type, value, timestamp } entries" })
        .max(MAX_UPDATE_LOG_ENTRIES, `more than ${MAX_UPDATE_LOG_ENTRIES} entries`)
        .default([]),
      stats: z
        .record(z.string().max(MAX_STATS_KEY_CHARS, `a stats key longer than ${MAX_STATS_KEY_CHARS} characters`), z.unknown(), {
          error: 'expected an object of "<statsId>-<field>" series',
        })
        .refine(...atMost(MAX_SERIES_PER_CONNECTION, "stats series"))
        .default({}),
    },
    { error: "expected an object with url, rtcConfiguration, updateLog and stats" },
  )
  .loose();

const dumpSchema = z
  .object(
    {
      PeerConnections: z
        .record(z.string().min(1).max(MAX_KEY_CHARS, `a key longer than ${MAX_KEY_CHARS} characters`), peerConnectionSchema, {
          error: (iss) =>
            iss.input === undefined
              ? "missing: not a chrome://webrtc-internals dump (use its 'Download the webrtc-internals dump' button)"
              : "expected an object of peer connections",
        })
        .refine(...atMost(MAX_PEER_CONNECTIONS, "peer connections")),
      UserAgent: z.string().max(2048).optional(),
    },
    { error: "the dump is not a JSON object" },
  )
  .loose();

export type PeerConnectionDump = z.output<typeof peerConnectionSchema>;
export type WebrtcInternalsDump = z.output<typeof dumpSchema>;

/** `PeerConnections["8-1"].updateLog[3]`: where an issue is, the way one would write it in JS. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (typeof part === "string" && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || "(root)";
}

export const issueLines = (error: z.ZodError, max = 10): string[] => {
  const lines = error.issues.slice(0, max).map((i) => `${formatPath(i.path)}: ${i.message}`);
  if (error.issues.length > max) lines.push(`… ${error.issues.length - max} more`);
  return lines;
};

/** The parsed JSON checked as a webrtc-internals dump; throws WebrtcInternalsDumpError naming what is wrong. */
export function readDump(input: unknown): WebrtcInternalsDump {
  const parsed = dumpSchema.safeParse(input);
  if (!parsed.success) throw new WebrtcInternalsDumpError("not a usable webrtc-internals dump", issueLines(parsed.error));
  return parsed.data;
}

/**
 * The file's bytes as JSON: plain, or gzip (the page's "Compress result" box, ticked by default, gives
 * `webrtc_internals_dump.gz`). The other button's "rtcstats dump" (one JSON value per line) is refused
 * with a word on which button to use.
 */
export function decodeDump(bytes: Uint8Array | string): unknown {
  let text: string;
  if (typeof bytes === "string") text = bytes;
  else if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      text = gunzipSync(bytes, { maxOutputLength: MAX_DUMP_BYTES }).toString("utf8");
    } catch (err) {
      throw new WebrtcInternalsDumpError(`gzip: ${(err as Error).message} (at most ${MAX_DUMP_BYTES} bytes once unpacked)`);
    }
  } else {
    if (bytes.byteLength > MAX_DUMP_BYTES) throw new WebrtcInternalsDumpError(`the file is over ${MAX_DUMP_BYTES} bytes`);
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  }
  if (text.length > MAX_DUMP_BYTES) throw new WebrtcInternalsDumpError(`the dump is over ${MAX_DUMP_BYTES} characters`);
  try {
    return JSON.parse(text);
  } catch (err) {
    if (looksLikeRtcstats(text)) {
      throw new WebrtcInternalsDumpError(
        'this is an "rtcstats dump" (one JSON value per line); use the "Download the webrtc-internals dump" button instead',
      );
    }
    throw new WebrtcInternalsDumpError(`not JSON: ${(err as Error).message}`);
  }
}

function looksLikeRtcstats(text: string): boolean {
  const nl = text.indexOf("\n");
  if (nl < 0) return false;
  try {
    JSON.parse(text.slice(0, nl));
    return true;
  } catch {
    return false;
  }
}

/** One stats series, checked when it is read. */
export const seriesSchema = z.object({
  statsType: z.string().max(64).optional(),
  startTime: z.string().max(MAX_TIME_CHARS).optional(),
  endTime: z.string().max(MAX_TIME_CHARS).optional(),
  values: z.union(
    [
      z.string().max(MAX_SERIES_VALUES_CHARS, `longer than ${MAX_SERIES_VALUES_CHARS} characters`),
      z.array(z.unknown()).max(MAX_SAMPLES_PER_SERIES, `more than ${MAX_SAMPLES_PER_SERIES} samples`),
    ],
    { error: "values: expected a JSON array (as a string)" },
  ),
});

/** One updateLog entry, checked when it is read. */
export const logEntrySchema = z.object({
  type: z.string().min(1).max(128),
  value: z.string().max(MAX_LOG_VALUE_CHARS).default(""),
  /** ms since the epoch (newer Chromium; 156 writes it). */
  timestamp: z.number().optional(),
  /** Older Chromium: a date string in the browser's local time. */
  time: z.string().max(MAX_TIME_CHARS).optional(),
});
