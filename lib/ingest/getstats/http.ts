// HTTP details of POST /api/ingest/getstats: where the key may ride, which content types are
// accepted, the CORS answers, and the one rate limiter of this process.
import { env } from "../../env";
import { errorResponse } from "../../http/errors";
import { type RateLimits, RequestRateLimiter } from "../../http/rate-limit";
import { presentedKey } from "../../keys/request";

/** The SDK puts the app key in the query (`?key=`), so sendBeacon and simple CORS requests can carry it. */
type RequestLike = { readonly url: string; readonly headers: { get(name: string): string | null } };

export function appKeyOf(req: RequestLike): string | undefined {
  return new URL(req.url).searchParams.get("key") ?? presentedKey(req);
}

/**
 * text/plain is what the SDK sends (a CORS "simple" request: no preflight, and what sendBeacon sends
 * for a string); application/json is for native clients and anyone who does not mind a preflight.
 */
export function acceptedContentType(req: Pick<RequestLike, "headers">): boolean {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  return type === "text/plain" || type === "application/json";
}

/** CORS headers for an origin the app allows (none for requests without an Origin). */
export function corsHeaders(origin: string | null): Record<string, string> {
  if (origin === null) return {};
  return { "access-control-allow-origin": origin, "access-control-expose-headers": "retry-after", vary: "Origin" };
}

export function preflightHeaders(origin: string): Record<string, string> {
  return {
    ...corsHeaders(origin),
    "access-control-allow-methods": "POST, OPTIONS",
    "access-control-allow-headers": "content-type, content-encoding, authorization, x-relayscope-key",
    "access-control-max-age": "600",
  };
}

export function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

export function tooManyRequests(retryAfterSeconds: number, by: "key" | "ip", headers: Record<string, string> = {}): Response {
  const who = by === "key" ? "this app key" : "this client address";
  return errorResponse(429, "rate_limited", `too many requests from ${who}: retry after ${retryAfterSeconds} s`, {
    ...headers,
    "retry-after": String(retryAfterSeconds),
  });
}

type Holder = { relayscopeGetstatsLimiter?: RequestRateLimiter };
const holder = globalThis as Holder;

export function getstatsRateLimiter(): RequestRateLimiter {
  holder.relayscopeGetstatsLimiter ??= new RequestRateLimiter({
    perKeyPerSecond: env().RELAYSCOPE_GETSTATS_RATE_PER_KEY,
    perIpPerSecond: env().RELAYSCOPE_GETSTATS_RATE_PER_IP,
  });
  return holder.relayscopeGetstatsLimiter;
}

/** A fresh limiter (tests), with these limits or the configured ones. */
export function resetGetstatsRateLimiter(limits?: RateLimits): void {
  holder.relayscopeGetstatsLimiter = limits ? new RequestRateLimiter(limits) : undefined;
}
