// The browser SDK → app wire format (POST /api/ingest/getstats), shared by the SDK's types, the
// ingest and the JSON Schema published at /api/ingest/getstats/schema for native clients.
//
// One body is one RTCPeerConnection's news since the last send: a few stats summaries, ICE
// candidate errors and state changes, each an item with its own `sequence` (per connection,
// assigned by the SDK). (app, call, participant, connection, sequence) is an item's identity, so a
// resent body (fetch retried, or sent again by sendBeacon on page hide) stores nothing twice.
//
// Every field is bounded, and values no browser can report are refused per item: negative byte
// counts, an RTT over 60 s, times outside 2000–2200 (the ingest also refuses times far ahead of
// its own clock). Client IP addresses are never part of it.
import { z } from "zod";

export const GETSTATS_WIRE_VERSION = 1;
export const ACCEPTED_GETSTATS_WIRE_VERSIONS = [1] as const;
/** Request bodies above this are refused with 413; the SDK sends far less (a few items a minute). */
export const MAX_GETSTATS_BODY_BYTES = 64 * 1024;
export const MAX_ITEMS_PER_BODY = 100;

const MIN_TIME_MS = Date.UTC(2000, 0, 1);
const MAX_TIME_MS = Date.UTC(2200, 0, 1);
const epochMs = z.number().min(MIN_TIME_MS).max(MAX_TIME_MS);
/** Printable ASCII without spaces: what apps use for call and participant ids (uuids, slugs, numbers). */
const opaqueId = z.string().regex(/^[\x21-\x7e]{1,128}$/, "1–128 printable ASCII characters, no spaces");
const milliseconds = (max: number) => z.number().min(0).max(max);
const count = z.number().int().min(0).max(1e12);

export const pathKinds = ["direct", "turn-udp", "turn-tcp", "turn-tls", "turn-unknown"] as const;
export const candidateTypes = ["host", "srflx", "prflx", "relay"] as const;
export const connectionStates = ["new", "connecting", "connected", "disconnected", "failed", "closed"] as const;

const turnUrl = z
  .string()
  .max(512)
  .regex(/^turns?:[^\s]+$/, "a turn: or turns: URL");

const item = { sequence: z.number().int().min(0).max(1e9) };

/** One getStats summary (collectors/getstats/sdk/summarise.ts). */
export const statsItem = z.object({
  ...item,
  type: z.literal("stats"),
  sampledAt: epochMs,
  /** Null while no candidate pair is selected (connecting, or failed). */
  pathKind: z.enum(pathKinds).nullable(),
  localCandidateType: z.enum(candidateTypes).optional(),
  remoteCandidateType: z.enum(candidateTypes).optional(),
  relayProtocol: z.enum(["udp", "tcp", "tls"]).optional(),
  turnUrl: turnUrl.optional(),
  relayPort: z.number().int().min(1).max(65535).optional(),
  /** The TURN server's relayed address (IPv4 or IPv6) of a local relay candidate; never a client's. */
  relayAddress: z.union([z.ipv4(), z.ipv6()]).optional(),
  rttMs: milliseconds(60_000).optional(),
  mediaRttMs: milliseconds(60_000).optional(),
  jitterMs: milliseconds(60_000).optional(),
  fractionLost: z.number().min(0).max(1).optional(),
  packetsLostDelta: count.optional(),
  delta: z.object({ bytesSent: count, bytesReceived: count, packetsSent: count, packetsReceived: count }),
  availableOutgoingBitrate: z.number().min(0).max(1e12).optional(),
  pathChanged: z.boolean().default(false),
});

/** An `icecandidateerror` event (collectors/getstats/sdk/ice-error.ts): never the client's address. */
export const iceErrorItem = z.object({
  ...item,
  type: z.literal("ice-error"),
  at: epochMs,
  /** The ICE server that failed: a STUN server as well as a TURN one. */
  url: z
    .string()
    .max(512)
    .regex(/^(stuns?|turns?):[^\s]+$/, "a stun:, stuns:, turn: or turns: URL")
    .optional(),
  errorCode: z.number().int().min(0).max(999),
  errorText: z.string().max(256).optional(),
});

/** `connectionstatechange`, with the time from creation to the first `connected`. */
export const stateItem = z.object({
  ...item,
  type: z.literal("state"),
  at: epochMs,
  state: z.enum(connectionStates),
  timeToConnectMs: milliseconds(600_000).optional(),
});

export const getstatsItem = z.discriminatedUnion("type", [statsItem, iceErrorItem, stateItem]);

export const getstatsBody = z.object({
  version: z.number().int(),
  sdkVersion: z.string().max(32),
  callId: opaqueId,
  participantId: opaqueId,
  /** The SDK's id for this RTCPeerConnection (one call may have several). */
  connectionId: opaqueId,
  /** The app forced relaying (`iceTransportPolicy: "relay"`): relayed by choice, not by need. */
  forcedRelay: z.boolean(),
  /** The TURN username, when the app passes it to the SDK: it confirms the join (never read from the configuration). */
  turnUsername: z.string().max(255).optional(),
  /** Items are checked one by one (207 with per-item errors), so the envelope takes them as they come. */
  items: z.array(z.unknown()).min(1).max(MAX_ITEMS_PER_BODY),
});

export type GetstatsBody = z.infer<typeof getstatsBody>;
export type GetstatsItem = z.input<typeof getstatsItem>;
export type StatsItem = z.input<typeof statsItem>;

/** The JSON Schema of one body with its items, for native clients (served by the ingest). */
export function getstatsJsonSchema(): unknown {
  return z.toJSONSchema(getstatsBody.extend({ items: z.array(getstatsItem).min(1).max(MAX_ITEMS_PER_BODY) }), { io: "input" });
}
