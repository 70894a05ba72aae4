// The monitor in a real browser: timers, fetch(keepalive) for regular sends, sendBeacon when the page
// is hidden or unloaded (pagehide alone misses tabs that mobile browsers discard while hidden), and
// crypto.randomUUID for the connection id. Anything the browser lacks degrades to doing less, never
// to an exception in the host page.
import { type Monitor, type MonitorEnvironment, type MonitorOptions, monitor as monitorWith, type PeerConnectionLike } from "./monitor";

function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function randomId(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export function browserEnvironment(): MonitorEnvironment {
  return {
    now: () => Date.now(),
    every(ms, fn) {
      const timer = setInterval(fn, ms);
      return () => clearInterval(timer);
    },
    async post(url, body) {
      // text/plain keeps this a CORS "simple" request (no preflight); keepalive lets it outlive the page.
      const res = await fetch(url, {
        method: "POST",
        body,
        keepalive: true,
        credentials: "omit",
        headers: { "content-type": "text/plain;charset=UTF-8" },
      });
      return { status: res.status, retryAfterMs: retryAfterMs(res.headers.get("retry-after")) };
    },
    beacon: (url, body) => (typeof navigator !== "undefined" && navigator.sendBeacon ? navigator.sendBeacon(url, body) : false),
    onPageHide(fn) {
      if (typeof addEventListener !== "function" || typeof document === "undefined") return () => {};
      const onVisibility = () => {
        if (document.visibilityState === "hidden") fn();
      };
      addEventListener("pagehide", fn);
      document.addEventListener("visibilitychange", onVisibility);
      return () => {
        removeEventListener("pagehide", fn);
        document.removeEventListener("visibilitychange", onVisibility);
      };
    },
    randomId,
  };
}

const inert: Monitor = { stop: async () => {}, dropped: 0 };

/** `relayscope.monitor(pc, options)`: starts monitoring; never throws into the page. */
export function monitor(pc: PeerConnectionLike, options: MonitorOptions): Monitor {
  try {
    return monitorWith(pc, options, browserEnvironment());
  } catch {
    return inert;
  }
}
