// `relayscope import webrtc-internals <dump>`: a chrome://webrtc-internals dump → getStats wire bodies,
// one list per RTCPeerConnection, as the SDK would have sent them had it watched that connection.
// Pure: the caller reads the file (decodeDump takes its bytes) and posts the bodies.
//
// The stats go through the SDK's own summariser (summarise + statsItem), one report per interval
// (default 10 s like the SDK, always ending with the last poll so volumes add up to the final
// counters); `connectionstatechange` entries become state items (time to connect from the first
// updateLog entry, the nearest the dump has to creation), `icecandidateerror` entries ice-error
// items. Nothing else of the dump is copied: no credentials (Chromium leaves them out of the
// configuration anyway), no candidate addresses, not the page URL's query.
//
// Ids make a re-import idempotent: the connection id is the dump key plus a hash of the key, the
// page and the connection's first time (keys like "8-1" repeat across browser runs); the default
// call id is the file's name, or a hash of the dump when the name is Chromium's default.
import { createHash } from "node:crypto";
import { z } from "zod";
import { type GetstatsBody, type GetstatsItem, getstatsItem, MAX_GETSTATS_BODY_BYTES, MAX_ITEMS_PER_BODY } from "../../schema/getstats";
import { iceErrorItem, statsItem } from "../sdk/items";
import { initialState, type SummaryState, summarise } from "../sdk/summarise";
import { decodeDump, issueLines, type PeerConnectionDump, readDump, WebrtcInternalsDumpError } from "./dump";
import { statsTimeline } from "./series";
import { type ConnectionLog, cleanIceUrl, forcedRelayOf, readUpdateLog } from "./update-log";

export { decodeDump, WebrtcInternalsDumpError };

export const IMPORT_SDK_VERSION = "import-webrtc-internals/1";
const WIRE_VERSION = 1;
const DEFAULT_INTERVAL_MS = 10_000;
const DEFAULT_PARTICIPANT = "webrtc-internals";
/** The page polls about once a second, not exactly: a poll this close to the interval counts. */
const POLL_JITTER_MS = 500;
const MAX_WARNINGS_PER_CONNECTION = 50;
const CHROMIUM_DEFAULT_NAME = /^webrtc_internals_dump(?: ?\(\d+\))?$/;

const opaqueId = z.string().regex(/^[\x21-\x7e]{1,128}$/, "1–128 printable ASCII characters, no spaces");
const optionsSchema = z.object({
  callId: opaqueId.optional(),
  participantId: opaqueId.default(DEFAULT_PARTICIPANT),
  /** Between two summaries, 1–60 s like the SDK. */
  intervalMs: z.number().int().min(1_000).max(60_000).default(DEFAULT_INTERVAL_MS),
  /** The dump's file name (a path is fine): the default call id when it is not Chromium's default name. */
  fileName: z.string().max(4096).optional(),
});
export type ImportOptions = z.input<typeof optionsSchema>;

export type ImportWarning = { connection?: string; message: string };

export type ImportedConnection = {
  /** The dump's key for it ("<pid>-<lid>"). */
  key: string;
  /** The page that made it: origin and path only. */
  url?: string;
  connectionId: string;
  forcedRelay: boolean;
  /** Ready to POST to /api/ingest/getstats, in order; empty when the connection had nothing to send. */
  bodies: GetstatsBody[];
};

export type WebrtcInternalsImport = {
  callId: string;
  participantId: string;
  connections: ImportedConnection[];
  warnings: ImportWarning[];
};

/** Converts a parsed dump (decodeDump gives one from the file's bytes); throws WebrtcInternalsDumpError when unusable. */
export function importWebrtcInternals(input: unknown, options: ImportOptions = {}): WebrtcInternalsImport {
  const opts = optionsSchema.safeParse(options);
  if (!opts.success) throw new WebrtcInternalsDumpError("invalid import options", issueLines(opts.error));
  const { participantId, intervalMs, fileName } = opts.data;
  const dump = readDump(input);
  const warnings: ImportWarning[] = [];
  const converted = Object.entries(dump.PeerConnections).map(([key, pc]) => convertConnection(key, pc, intervalMs, warner(key, warnings)));
  if (converted.length === 0)
    warnings.push({ message: "the dump has no peer connections (was webrtc-internals open before the call started?)" });
  const callId = opts.data.callId ?? callIdOf(fileName, dump.UserAgent, converted);
  const connections = converted.map(({ items, ...c }): ImportedConnection => {
    if (items.length === 0) warnings.push({ connection: c.key, message: "no stats, state changes or ICE errors: nothing to send" });
    const envelope = { version: WIRE_VERSION, sdkVersion: IMPORT_SDK_VERSION, callId, participantId, connectionId: c.connectionId };
    return { ...c, bodies: bodiesOf({ ...envelope, forcedRelay: c.forcedRelay }, items) };
  });
  return { callId, participantId, connections, warnings };
}

function warner(connection: string, warnings: ImportWarning[]): (message: string) => void {
  let count = 0;
  return (message) => {
    count++;
    if (count <= MAX_WARNINGS_PER_CONNECTION) warnings.push({ connection, message });
    else if (count === MAX_WARNINGS_PER_CONNECTION + 1) warnings.push({ connection, message: "more warnings left out" });
  };
}

type Converted = Omit<ImportedConnection, "bodies"> & { items: GetstatsItem[] };
/** An item before its sequence is known; ties keep this order: state, ICE error, stats. */
type Pending = { at: number; rank: number; make: (sequence: number) => GetstatsItem };

function convertConnection(key: string, pc: PeerConnectionDump, intervalMs: number, warn: (message: string) => void): Converted {
  const log = readUpdateLog(pc.updateLog, warn);
  const timeline = statsTimeline(pc.stats, warn);
  const forcedRelay = forcedRelayOf(pc.rtcConfiguration);
  if (forcedRelay === undefined) warn("no iceTransportPolicy in rtcConfiguration: forcedRelay is false");
  const firstAt = Math.min(log.firstAt ?? Number.POSITIVE_INFINITY, timeline.times[0] ?? Number.POSITIVE_INFINITY);

  const pending: Pending[] = [...stateItems(log), ...iceErrorItems(log)];
  let state: SummaryState = initialState();
  for (const k of pollsToSummarise(timeline.times, intervalMs)) {
    const r = summarise(timeline.reportAt(k), state);
    state = r.state;
    const summary = r.summary;
    // The wire refuses what is not a turn: URL; the SDK would have sent it and had it refused.
    summary.turnUrl = cleanIceUrl(summary.turnUrl);
    pending.push({ at: summary.sampledAt, rank: 2, make: (sequence) => statsItem(summary, sequence) });
  }
  pending.sort((a, b) => a.at - b.at || a.rank - b.rank);

  // Checked as the ingest will: a value no browser reports (a dump edited by hand) is left out here.
  const items: GetstatsItem[] = [];
  for (const p of pending) {
    const item = p.make(items.length);
    const checked = getstatsItem.safeParse(item);
    if (checked.success) items.push(item);
    else
      warn(
        `a ${item.type} item at ${new Date(p.at).toISOString()} the ingest would refuse (${issueLines(checked.error, 2).join("; ")}); left out`,
      );
  }
  return {
    key,
    url: pageOf(pc.url),
    connectionId: connectionIdOf(key, pc.url, Number.isFinite(firstAt) ? firstAt : undefined),
    forcedRelay: forcedRelay ?? false,
    items,
  };
}

function stateItems(log: ConnectionLog): Pending[] {
  let connectedOnce = false;
  return log.states.map(({ at, state }) => {
    let timeToConnectMs: number | undefined;
    if (state === "connected" && !connectedOnce) {
      connectedOnce = true;
      const since = log.firstAt === undefined ? undefined : at - log.firstAt;
      if (since !== undefined && since > 0 && since <= 600_000) timeToConnectMs = Math.round(since * 1000) / 1000;
    }
    return {
      at,
      rank: 0,
      make: (sequence) => ({ sequence, type: "state", at, state, ...(timeToConnectMs !== undefined ? { timeToConnectMs } : {}) }),
    };
  });
}

const iceErrorItems = (log: ConnectionLog): Pending[] =>
  log.iceErrors.map(({ at, error }) => ({ at, rank: 1, make: (sequence) => iceErrorItem(error, at, sequence) }));

/** Polls at least `intervalMs` apart from the first, and the last one always (the final counters). */
export function pollsToSummarise(times: number[], intervalMs: number): number[] {
  const chosen: number[] = [];
  for (let k = 0; k < times.length; k++) {
    const last = chosen.length ? times[chosen[chosen.length - 1]] : undefined;
    if (last === undefined || times[k] - last >= intervalMs - POLL_JITTER_MS || k === times.length - 1) chosen.push(k);
  }
  return chosen;
}

/** At most MAX_ITEMS_PER_BODY items and MAX_GETSTATS_BODY_BYTES per body. */
function bodiesOf(envelope: Omit<GetstatsBody, "items">, items: GetstatsItem[]): GetstatsBody[] {
  const bodies: GetstatsBody[] = [];
  const base = Buffer.byteLength(JSON.stringify({ ...envelope, items: [] }));
  let current: GetstatsItem[] = [];
  let bytes = base;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (current.length && (current.length === MAX_ITEMS_PER_BODY || bytes + size > MAX_GETSTATS_BODY_BYTES)) {
      bodies.push({ ...envelope, items: current });
      current = [];
      bytes = base;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) bodies.push({ ...envelope, items: current });
  return bodies;
}

const hash = (...parts: (string | number | undefined)[]) =>
  createHash("sha256")
    .update(parts.map((p) => String(p ?? "")).join("\n"))
    .digest("hex");

/** Printable ASCII, no spaces, ≤ max: what the wire's ids take. */
const asId = (s: string, max: number) => s.replace(/[^\x21-\x7e]+/g, "-").slice(0, max);

function connectionIdOf(key: string, url: string | undefined, firstAt: number | undefined): string {
  return `wi-${asId(key, 80)}-${hash(key, url, firstAt).slice(0, 16)}`;
}

function callIdOf(fileName: string | undefined, userAgent: string | undefined, connections: Converted[]): string {
  const base = fileName
    ?.split(/[\\/]/)
    .pop()
    ?.replace(/(\.(json|txt))?(\.gz)?$/i, "");
  const named = base && !CHROMIUM_DEFAULT_NAME.test(base) ? asId(base, 128) : "";
  if (named.replace(/-/g, "")) return named;
  // Chromium's default name says nothing; the connections (key, page, first time) do.
  return `webrtc-internals-${hash(userAgent, ...connections.map((c) => c.connectionId)).slice(0, 16)}`;
}

function pageOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    // file:, data: and the like: their path may be long or personal; the scheme says enough.
    return u.origin === "null" ? u.protocol : `${u.origin}${u.pathname}`.slice(0, 2048);
  } catch {
    return undefined;
  }
}
