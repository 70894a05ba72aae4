// Free text from coturn (ERROR lines, close reasons, quarantined items) can carry client and peer
// addresses. Public addresses are personal data and are cut to their prefix (`81.2.69.x`,
// `2001:db8:1::/48`); special-purpose ones (loopback, private, metadata…) are not and stay, since
// they are what an abuse investigation needs (same rule as relay_peer.peer_address).
import { classifyIp } from "../net/ip-class";
import { parseAddress, truncatedPrefix } from "./ip";

const V4 = /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.]*\d)/g;
// Candidates only: every match is confirmed by the IPv6 parser (times like 08:33:46 are not).
const V6 = /(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{1,4})?(?![0-9A-Za-z]|\.\d)/g;

function replace(candidate: string): string {
  const addr = parseAddress(candidate);
  if (!addr || classifyIp(addr.parsed) !== "public") return candidate;
  if (addr.family === 4) return `${addr.ip.split(".").slice(0, 3).join(".")}.x`;
  return truncatedPrefix(addr);
}

export function scrubIps(text: string): string {
  if (!/\d\.\d|:/.test(text)) return text;
  return text.replace(V6, (m) => (m.split(":").length > 2 ? replace(m) : m)).replace(V4, replace);
}

/** scrubIps on every string of a JSON value (for quarantined payloads). */
export function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubIps(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 64) return null; // nothing unscrubbed slips through below the depth we walk
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]));
}
