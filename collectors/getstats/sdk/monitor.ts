// `relayscope.monitor(pc, options)`: polls getStats on one RTCPeerConnection, summarises it, and
// sends the summaries, ICE candidate errors and state changes to the app in small batches.
//
// It must never hurt the host page: every callback is guarded, nothing is thrown out of it, and
// what it keeps is bounded (unsent items beyond MAX_QUEUED are dropped, oldest first, and counted).
// Bodies are `text/plain` JSON so the browser sends them without a CORS preflight, and the same
// body works for fetch(keepalive) and for sendBeacon on page hide. The app key rides in the query
// string (`?key=`) for the same reason: app keys are public, and the app checks the page's origin.
import { type IceCandidateError, iceCandidateError } from "./ice-error";
import { iceErrorItem, statsItem } from "./items";
import type { StatsInput } from "./stats";
import { initialState, type SummaryState, summarise } from "./summarise";

export const SDK_VERSION = "0.1.0";
const WIRE_VERSION = 1;
const MAX_QUEUED = 500;
const MAX_ITEMS_PER_BODY = 100;
const DEFAULT_INTERVAL_MS = 10_000;

export type MonitorOptions = {
  appKey: string;
  /** The app's ingest URL, e.g. `https://relayscope.example.com/api/ingest/getstats`. */
  endpoint: string;
  callId: string;
  participantId: string;
  /** The TURN username, if the app wants calls joined with certainty (never read from the configuration). */
  turnUsername?: string;
  /** Between getStats polls; 1–60 s, default 10 s. */
  intervalMs?: number;
};

/** The parts of RTCPeerConnection the monitor uses. */
export type PeerConnectionLike = {
  getStats(): Promise<StatsInput>;
  getConfiguration?(): { iceTransportPolicy?: string };
  readonly connectionState?: string;
  addEventListener(type: string, listener: (event: unknown) => void): void;
  removeEventListener(type: string, listener: (event: unknown) => void): void;
};

/** The browser around the monitor; tests give their own clock and network. */
export type MonitorEnvironment = {
  now(): number;
  every(ms: number, fn: () => void): () => void;
  /** POSTs the body; resolves with the HTTP status and Retry-After in ms, rejects on network errors. */
  post(url: string, body: string): Promise<{ status: number; retryAfterMs?: number }>;
  /** sendBeacon: true when the browser queued it. */
  beacon?(url: string, body: string): boolean;
  /** Calls fn when the page is being hidden or unloaded; returns the unsubscribe. */
  onPageHide(fn: () => void): () => void;
  randomId(): string;
};

export type Monitor = {
  /** Sends what is queued (a last poll first) and stops; safe to call twice. */
  stop(): Promise<void>;
  /** Items dropped because the queue was full (the app was unreachable for long). */
  readonly dropped: number;
};

const guard =
  <A extends unknown[]>(fn: (...args: A) => unknown) =>
  (...args: A): void => {
    try {
      const r = fn(...args);
      if (r instanceof Promise) r.catch(() => {});
    } catch {
      // never into the host page
    }
  };

export function monitor(pc: PeerConnectionLike, options: MonitorOptions, env: MonitorEnvironment): Monitor {
  const intervalMs = Math.min(60_000, Math.max(1_000, options.intervalMs ?? DEFAULT_INTERVAL_MS));
  const url = `${options.endpoint}${options.endpoint.includes("?") ? "&" : "?"}key=${encodeURIComponent(options.appKey)}`;
  const connectionId = env.randomId();
  const startedAt = env.now();
  const forcedRelay = safeConfig(pc)?.iceTransportPolicy === "relay";
  const queue: unknown[] = [];
  let sequence = 0;
  let dropped = 0;
  let state: SummaryState = initialState();
  let connectedOnce = false;
  let pausedUntil = 0;
  let sending = false;
  let stopped = false;

  // Items handed to fetch and not answered yet: a page-hide beacon must not send them again, and
  // what is sent is removed by identity, never by position (the queue moves under an in-flight send).
  const inFlight = new Set<unknown>();
  const remove = (sent: readonly unknown[]) => {
    const gone = new Set(sent);
    for (let i = queue.length - 1; i >= 0; i--) if (gone.has(queue[i])) queue.splice(i, 1);
  };

  const enqueue = (item: unknown) => {
    queue.push(item);
    if (queue.length > MAX_QUEUED) {
      queue.shift();
      dropped++;
    }
  };

  const bodyOf = (items: unknown[]) =>
    JSON.stringify({
      version: WIRE_VERSION,
      sdkVersion: SDK_VERSION,
      callId: options.callId,
      participantId: options.participantId,
      connectionId,
      forcedRelay,
      ...(options.turnUsername ? { turnUsername: options.turnUsername } : {}),
      items,
    });

  async function flush(): Promise<void> {
    if (sending || queue.length === 0 || env.now() < pausedUntil) return;
    sending = true;
    try {
      while (queue.length > 0 && env.now() >= pausedUntil) {
        const items = queue.slice(0, MAX_ITEMS_PER_BODY);
        for (const i of items) inFlight.add(i);
        const res = await env.post(url, bodyOf(items)).catch(() => null);
        for (const i of items) inFlight.delete(i);
        if (res === null || res.status >= 500) break; // unreachable or failing: keep them, try at the next poll
        if (res.status === 429) {
          pausedUntil = env.now() + (res.retryAfterMs ?? 60_000);
          break;
        }
        // Accepted (200/207: bad items are reported, not retried) or refused for good (4xx): drop them.
        remove(items);
      }
    } finally {
      sending = false;
    }
  }

  async function poll(): Promise<void> {
    const report = await pc.getStats();
    const r = summarise(report, state);
    state = r.state;
    enqueue(statsItem(r.summary, sequence++));
  }

  const onIceError = guard((event: unknown) => {
    const err: IceCandidateError | null = iceCandidateError((event ?? {}) as Record<string, unknown>);
    if (err) enqueue(iceErrorItem(err, env.now(), sequence++));
  });
  const onState = guard(() => {
    const s = pc.connectionState;
    if (typeof s !== "string") return;
    const item: Record<string, unknown> = { sequence: sequence++, type: "state", at: env.now(), state: s };
    if (s === "connected" && !connectedOnce) {
      connectedOnce = true;
      item.timeToConnectMs = Math.max(0, env.now() - startedAt);
    }
    enqueue(item);
  });

  pc.addEventListener("icecandidateerror", onIceError);
  pc.addEventListener("connectionstatechange", onState);
  const cancelTimer = env.every(
    intervalMs,
    guard(async () => {
      await poll().catch(() => {});
      await flush();
    }),
  );
  const cancelPageHide = env.onPageHide(
    guard(() => {
      // The page may be gone before a fetch completes: hand what is queued to sendBeacon.
      if (!env.beacon) return;
      const items = queue.filter((i) => !inFlight.has(i)).slice(0, MAX_ITEMS_PER_BODY);
      if (items.length > 0 && env.beacon(url, bodyOf(items))) remove(items);
    }),
  );

  return {
    get dropped() {
      return dropped;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      cancelTimer();
      cancelPageHide();
      try {
        pc.removeEventListener("icecandidateerror", onIceError);
        pc.removeEventListener("connectionstatechange", onState);
        await poll().catch(() => {});
        await flush();
      } catch {
        // never into the host page
      }
    },
  };
}

function safeConfig(pc: PeerConnectionLike): { iceTransportPolicy?: string } | undefined {
  try {
    return pc.getConfiguration?.();
  } catch {
    return undefined;
  }
}
