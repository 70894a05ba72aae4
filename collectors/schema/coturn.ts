// The coturn agent ⇄ app wire format (DESIGN.md "Checkpoint protocol"), shared by the sessionizer
// that produces events, the agent that ships them and the ingest that stores them.
//
// Every event names the byte offset of the log line it came from (`pos`) and its index among the
// events of that line (`sub`): with the server and the file identity that is the event's
// deterministic id, so replaying any input inserts nothing twice. Times are epoch milliseconds
// (UTC). coturn session ids are 18-digit decimals above 2^53, so they travel as strings.
//
// Every field is bounded: an agent of another version, or a corrupted one, cannot make the app
// store unbounded text. Events that fail this schema are quarantined with the reason, one by one;
// the rest of the batch is stored (STYLE.md §4).
import { z } from "zod";

/** The current wire version; the app also accepts the previous one (agents may lag one release). */
export const COTURN_WIRE_VERSION = 1;
export const ACCEPTED_COTURN_WIRE_VERSIONS = [1] as const;

export const MAX_EVENTS_PER_BATCH = 5000;
/** Request bodies above this are refused with 413 (the agent cuts batches well below it). */
export const MAX_BATCH_BYTES = 8 * 1024 * 1024;

// Earliest and latest event time the app stores: rows outside are quarantined (a clock at 1970 or a
// garbled year would otherwise create partitions far from any real data).
export const MIN_EVENT_TIME_MS = Date.UTC(2000, 0, 1);
export const MAX_EVENT_FUTURE_MS = 2 * 86_400_000;

const epochMs = z
  .number()
  .int()
  .min(MIN_EVENT_TIME_MS)
  .max(Date.UTC(2200, 0, 1));
const position = {
  /** Byte offset of the source line in its file. */
  pos: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** Index of this event among the events derived from the same line. */
  sub: z.number().int().min(0).max(1_000_000).default(0),
  ts: epochMs,
};
/** `session %018llu`: relay-thread id (3 digits) + per-thread counter (15 digits). */
const coturnSessionId = z.string().regex(/^\d{1,18}$/, "a coturn session id is up to 18 digits");
/** Start of the coturn process run the session belongs to (DESIGN.md "Session identity"). */
const runStart = epochMs;
const counter = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const shortText = (max: number) => z.string().max(max);
/** `ip:port`, `[v6]:port`, `v6:port` as coturn prints it, or a bare IP. */
const address = z.string().min(2).max(64);

export const clientTransports = ["udp", "tcp", "tls", "dtls"] as const;
export type ClientTransport = (typeof clientTransports)[number];

/** A coturn process start (startup banner), or the run inferred when a log begins mid-run. */
export const runEvent = z.object({
  type: z.literal("run"),
  ...position,
  version: shortText(64).optional(),
  /** Times of this run come from an uptime-prefixed log, anchored to wall-clock time. */
  approximate: z.boolean().default(false),
  /** No banner was seen: the log began mid-run and the run start is the first line's time. */
  inferred: z.boolean().default(false),
});

/**
 * What became known about a session at this line. Fields are merged into the session row: set
 * fields overwrite nothing that is already known unless they are later facts (ended, reason);
 * started = earliest, last seen = latest. Idempotent by construction.
 */
export const sessionEvent = z.object({
  type: z.literal("session"),
  ...position,
  run: runStart,
  sid: coturnSessionId,
  realm: shortText(255).optional(),
  /** Raw username as logged (REST usernames include their expiry). */
  username: shortText(255).optional(),
  /** `new` (allocation succeeded) was seen on this line. */
  allocated: z.boolean().optional(),
  lifetime: z.number().int().min(0).max(100_000_000).optional(),
  cipher: shortText(100).optional(),
  method: shortText(32).optional(),
  transport: z.enum(clientTransports).optional(),
  /** Full client address: hashed and truncated at ingest, never stored whole. */
  client: address.optional(),
  /** Listener the client connected to (`local` of the closed line). */
  listener: address.optional(),
  relay: address.optional(),
  tcpRelay: z.boolean().optional(),
  /** The session ended at `ts` with this reason (`closed` line, or `server restart`). */
  ended: shortText(200).optional(),
  approximate: z.boolean().optional(),
});

/** A `usage:` (client leg) or `peer usage:` (peer leg) line. The values are deltas. */
export const usageEvent = z.object({
  type: z.literal("usage"),
  ...position,
  run: runStart,
  sid: coturnSessionId,
  leg: z.enum(["client", "peer"]),
  rp: counter,
  rb: counter,
  sp: counter,
  sb: counter,
  realm: shortText(255).optional(),
  username: shortText(255).optional(),
});

/** `peer X lifetime updated: N` (300 = permission, 600 = channel) or `peer X deleted`. */
export const peerEvent = z.object({
  type: z.literal("peer"),
  ...position,
  run: runStart,
  sid: coturnSessionId,
  peer: address,
  /** Absent on `deleted`, which ends every grant of that peer in the session. */
  grant: z.enum(["permission", "channel"]).optional(),
  lifetime: z.number().int().min(0).max(100_000_000).optional(),
  deleted: z.boolean().optional(),
});

export const relayEventKinds = ["auth_failure", "peer_denied", "quota", "no_relay_port", "error", "config_warning"] as const;
export type RelayEventKind = (typeof relayEventKinds)[number];

/** Something worth counting or alerting on: auth failures, denied peers, quota, other errors. */
export const relayEvent = z.object({
  type: z.literal("event"),
  ...position,
  run: runStart.optional(),
  sid: coturnSessionId.optional(),
  kind: z.enum(relayEventKinds),
  /** STUN/TURN error code (401, 403, 486, 508…). */
  code: z.number().int().min(100).max(699).optional(),
  /** TURN method (ALLOCATE, CREATE_PERMISSION…), or `message` when coturn names none. */
  method: shortText(40).optional(),
  realm: shortText(255).optional(),
  username: shortText(255).optional(),
  peer: address.optional(),
  client: address.optional(),
  /** coturn's own words (reason text, the ERROR line), truncated. */
  message: shortText(1024).optional(),
  /** auth_failure: `wrong_password` | `unknown_user` | `expired_credential` | `wrong_realm` | … */
  reason: shortText(40).optional(),
});

export const coturnEvent = z.discriminatedUnion("type", [runEvent, sessionEvent, usageEvent, peerEvent, relayEvent]);
export type CoturnEvent = z.input<typeof coturnEvent>;
export type CoturnEventParsed = z.output<typeof coturnEvent>;
export type RunEvent = z.output<typeof runEvent>;
export type SessionEvent = z.output<typeof sessionEvent>;
export type UsageEvent = z.output<typeof usageEvent>;
export type PeerEvent = z.output<typeof peerEvent>;
export type RelayEvent = z.output<typeof relayEvent>;

/** Why the agent did not turn a line into events. Closed list: these are metric labels. */
export const lineSkipReasons = [
  "unknown", // a coturn line whose message no rule knows (counted, harmless)
  "foreign", // another program's line (syslog/journald files shared with other daemons)
  "binary", // NUL bytes or mostly control characters
  "too_long", // longer than the agent's line limit (coturn itself truncates at 1024 bytes)
  "invalid_utf8", // kept and parsed with replacement characters, but counted
  "no_timestamp", // a record before any timestamp could be anchored
] as const;
export type LineSkipReason = (typeof lineSkipReasons)[number];

/** Cumulative counters of one agent's reading of one server's logs (carried in the checkpoint). */
export const lineStats = z.object({
  lines: counter,
  bytes: counter,
  records: counter,
  continuation: counter,
  events: counter,
  skipped: z.partialRecord(z.enum(lineSkipReasons), counter),
  /** Bytes of the log not read yet when the batch was cut: how far behind the agent is. */
  pendingBytes: counter.optional(),
  /** How full the agent's delivery buffer was (0–1): near 1, delivery is the bottleneck. */
  bufferFill: z.number().min(0).max(10).optional(),
});
export type LineStats = z.output<typeof lineStats>;

export const agentIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:@-]+$/, "an agent id is letters, digits and . _ : @ -");

export const checkpointSchema = z.object({
  fileId: z.string().min(1).max(200),
  /** Byte after the last line included in this batch. */
  offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** The sessionizer's resume state (opaque to the app, bounded by the body size). */
  state: z.json(),
});
export type Checkpoint = z.output<typeof checkpointSchema>;

/** One POST /api/ingest/coturn body. `events` items are validated one by one at ingest. */
export const coturnBatch = z.object({
  version: z.number().int(),
  agentId: agentIdSchema,
  server: z.string().min(1).max(100),
  source: z.object({ fileId: z.string().min(1).max(200), path: z.string().min(1).max(1024) }),
  events: z.array(z.unknown()).max(MAX_EVENTS_PER_BATCH),
  checkpoint: checkpointSchema,
  stats: lineStats.optional(),
});
export type CoturnBatch = z.output<typeof coturnBatch>;

/** GET /api/ingest/checkpoint answer. */
export type CheckpointAnswer = {
  checkpoints: Array<{ fileId: string; path: string; offset: number; state: unknown; updatedAt: string }>;
};
