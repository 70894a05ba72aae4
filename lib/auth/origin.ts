// Which origin the app is served from, for better-auth's base URL and origin check and for our own
// check on every cookie-authenticated mutation (CSRF). With RELAYSCOPE_PUBLIC_URL it is that origin
// only; without it, loopback hosts on any port (a one-machine setup) — never a Host header naming
// another name, so a DNS-rebinding page cannot pass as us.
import { env } from "../env";

export const LOOPBACK_HOSTS = ["localhost", "localhost:*", "127.0.0.1", "127.0.0.1:*", "[::1]", "[::1]:*"];

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/** The origin a request to this app must come from, or undefined when its Host is not ours. */
export function expectedOrigin(headers: Headers): string | undefined {
  const configured = env().RELAYSCOPE_PUBLIC_URL;
  if (configured) return configured;
  const host = headers.get("host") ?? "";
  return LOOPBACK.test(host) ? `http://${host.toLowerCase()}` : undefined;
}

/**
 * Whether a state-changing request comes from our own pages. Browsers send Origin on every POST,
 * PUT, PATCH and DELETE (fetch and forms alike); Sec-Fetch-Site, when present, must agree.
 */
export function isSameOriginRequest(headers: Headers): boolean {
  const origin = headers.get("origin");
  const expected = expectedOrigin(headers);
  if (!origin || !expected || origin.toLowerCase() !== expected.toLowerCase()) return false;
  const site = headers.get("sec-fetch-site");
  return site === null || site === "same-origin";
}
