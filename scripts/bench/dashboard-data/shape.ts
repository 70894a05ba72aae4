// What the generated traffic looks like, in one place (figures: /work/shared/reference/domain-figures.md).
//
// Clients: calls of 2–4 participants, one browser connection each. Path of a connection (Whereby
// 2017): ~81 % direct, 12.1 % TURN/UDP, 5 % TURN/TCP, 0.4 % TURN/TLS, 1 % relayed only by the remote
// side (turn-unknown), 0.5 % failed; one kiosk app forces relay (iceTransportPolicy "relay", ~1.5 %
// of connections) → ~18.5 % of connections relayed. 85 % of relayed connections join the coturn
// session that carried them; the rest went through a server we do not collect from, or their session
// never arrived.
// Relay side: as many coturn sessions as browser connections. Besides the joined ones, sessions of
// apps without the SDK (media, 1–60 min) and allocations gathered but never used (ICE only, 1–10 min).
// Sessions carry their byte totals and fold their 60-second usage lines into 1–2 delta reports of both
// legs (real coturn writes ~2 rows per session-minute: 30 min ≈ 60 rows; at 10 M sessions that is
// 600 M rows, more than this bench needs to exercise the read paths).
// Browser reports: one state item, then 1–2 stats items (RTT, jitter, loss, byte deltas) that add up
// to the connection's totals (the SDK sends one every ~10 s).
import { type Cumulative, cumulative } from "./random";

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export type PathChoice = "direct" | "turn-udp" | "turn-tcp" | "turn-tls" | "turn-unknown" | "failed";

export const PATHS: Cumulative<PathChoice> = cumulative<PathChoice>([
  ["direct", 81],
  ["turn-udp", 12.1],
  ["turn-tcp", 5],
  ["turn-tls", 0.4],
  ["turn-unknown", 1],
  ["failed", 0.5],
]);
export const FORCED_PATHS: Cumulative<PathChoice> = cumulative<PathChoice>([
  ["turn-udp", 80],
  ["turn-tcp", 15],
  ["turn-tls", 5],
]);
export const PARTICIPANTS: Cumulative<number> = cumulative([
  [2, 60],
  [3, 25],
  [4, 15],
]);
/** Transports of sessions of apps without the SDK. */
export const OTHER_TRANSPORTS: Cumulative<"udp" | "tcp" | "tls" | "dtls"> = cumulative<"udp" | "tcp" | "tls" | "dtls">([
  ["udp", 72],
  ["tcp", 22],
  ["tls", 5],
  ["dtls", 1],
]);

export const JOINED_SHARE = 0.85;
/** Of the relayed connections that do not join: through a TURN server we do not collect from. */
export const UNCOLLECTED_SHARE = 0.6;
/** Sessions that are not a joined connection's: allocations never used. */
export const UNUSED_ALLOCATION_SHARE = 0.3;
export const VIDEO_SHARE = 0.65;
export const AUTH_FAILURE_SHARE = 0.03;
export const QUOTA_SHARE = 0.003;
export const PEER_DENIED_SHARE = 0.002;
export const NO_RELAY_PORT_SHARE = 0.001;
/** Apps pass the TURN username to the SDK this often (the join's confirmation). */
export const USERNAME_SHARE = 0.7;
/** Relay framing (ChannelData, TCP/TLS records) on the client leg. */
export const CLIENT_LEG_OVERHEAD = 1.04;

export type TenantShape = {
  slug: string;
  name: string;
  weight: number;
  apps: Array<{ name: string; weight: number; forcedRelay: boolean }>;
};

export const TENANTS: TenantShape[] = [
  {
    slug: "default",
    name: "Default",
    weight: 40,
    apps: [
      { name: "web", weight: 70, forcedRelay: false },
      { name: "mobile", weight: 30, forcedRelay: false },
    ],
  },
  {
    slug: "acme",
    name: "Acme Calls",
    weight: 30,
    apps: [
      { name: "web", weight: 80, forcedRelay: false },
      { name: "desktop", weight: 20, forcedRelay: false },
    ],
  },
  { slug: "globex", name: "Globex", weight: 20, apps: [{ name: "meet", weight: 100, forcedRelay: false }] },
  {
    slug: "initech",
    name: "Initech",
    weight: 10,
    apps: [
      { name: "web", weight: 85, forcedRelay: false },
      { name: "kiosk", weight: 15, forcedRelay: true },
    ],
  },
];

export type ServerShape = { name: string; region: string; provider: string; weight: number };

export const SERVERS: ServerShape[] = [
  { name: "turn-eu-1", region: "eu-west", provider: "aws", weight: 25 },
  { name: "turn-eu-2", region: "eu-west", provider: "aws", weight: 20 },
  { name: "turn-us-1", region: "us-east", provider: "gcp", weight: 20 },
  { name: "turn-us-2", region: "us-east", provider: "gcp", weight: 15 },
  { name: "turn-ap-1", region: "ap-southeast", provider: "hetzner", weight: 12 },
  { name: "turn-sa-1", region: "sa-east", provider: "aws", weight: 8 },
];
export const UNCOLLECTED_TURN_URL = "turn:turn.partner-cdn.example:3478?transport=udp";

export const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
];

/** A short text of the shape, printed with the load figures. */
export const SHAPE_SUMMARY =
  "calls of 2–4 participants, one connection each (~81 % direct, 12 % TURN/UDP, 5 % TCP, 0.4 % TLS, 1.5 % forced relay, 0.5 % failed); " +
  "85 % of relayed connections joined to their coturn session; as many sessions as connections (the rest: apps without the SDK, unused allocations); " +
  "each session 1–60 min with its totals and 1–2 usage reports × 2 legs (real coturn: one per leg per 60 s); 3 % auth failures; " +
  "each connection 1 state + 1–2 stats reports; spread over the days before now with a daily and weekly cycle and 30 % growth";

/**
 * When things start: a daily cycle (peak ~16:00 UTC, the sum of regions), quieter weekends and 30 %
 * growth over the period, as a cumulative table over hours. Sessions are made in time order, so at()
 * is asked for non-decreasing progress and walks the table once.
 */
export class Timeline {
  private readonly cdf: Float64Array;
  private bin = 0;

  constructor(
    readonly from: number,
    readonly days: number,
  ) {
    const hours = days * 24;
    this.cdf = new Float64Array(hours + 1);
    let acc = 0;
    for (let h = 0; h < hours; h++) {
      const t = from + h * HOUR_MS;
      const hourOfDay = new Date(t).getUTCHours();
      const weekday = new Date(t).getUTCDay();
      const daily = 0.35 + 0.65 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hourOfDay - 4)) / 24));
      const weekly = weekday === 0 || weekday === 6 ? 0.7 : 1;
      const growth = 1 + (0.3 * h) / hours;
      acc += daily * weekly * growth;
      this.cdf[h + 1] = acc;
    }
    for (let h = 1; h <= hours; h++) this.cdf[h] /= acc;
  }

  /** The start time (ms) for progress p in [0, 1). */
  at(p: number): number {
    const last = this.cdf.length - 2;
    while (this.bin < last && this.cdf[this.bin + 1] <= p) this.bin++;
    const lo = this.cdf[this.bin];
    const hi = this.cdf[this.bin + 1];
    const f = hi > lo ? Math.min(1, Math.max(0, (p - lo) / (hi - lo))) : 0;
    return this.from + (this.bin + f) * HOUR_MS;
  }
}
