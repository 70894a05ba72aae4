// Classification of messages without a session prefix (and of the auth / peer-denied forms that
// exist with and without one): address lines, startup banner, config warnings, startup chatter.

import { uint } from "./digits";
import type { Level } from "./prefix";
import type { AuthErrorRecord, AuthReason, CoturnRecord, GlobalRecord, PeerDeniedRecord, SessionRecord } from "./records";
import { startupKnown } from "./startup-lines";

/**
 * `<fn>: Cannot find credentials of user <U>`, `<fn>: user U credentials are incorrect`,
 * `<fn>: wrong realm: R`, `<fn>: wrong username: U` (fn is `check_stun_auth`; 4.17 prints the same
 * with the session id in front).
 */
export function authFailure(s: string, p: number, sid: string | undefined): GlobalRecord | null {
  let q = p;
  while (q < s.length) {
    const c = s.charCodeAt(q);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) break;
    q++;
  }
  if (q === p || s.charCodeAt(q) !== 58 || s.charCodeAt(q + 1) !== 32) return null;
  const b = q + 2;
  let reason: AuthReason;
  let user: string | undefined;
  if (s.startsWith("Cannot find credentials of user <", b) && s.endsWith(">")) {
    user = s.slice(b + 33, s.length - 1);
    reason = user === "" ? "no_user" : "unknown_user";
  } else if (s.startsWith("user ", b) && s.endsWith(" credentials are incorrect")) {
    user = s.slice(b + 5, s.length - 26);
    reason = "wrong_password";
  } else if (s.startsWith("wrong realm: ", b)) {
    reason = "wrong_realm";
  } else if (s.startsWith("wrong username: ", b)) {
    reason = "wrong_username";
    user = s.slice(b + 16);
  } else {
    return null;
  }
  const rec: AuthErrorRecord = { kind: "auth_error", reason, text: s.slice(p) };
  if (sid !== undefined) rec.sid = sid;
  if (user !== undefined) rec.user = user;
  return rec;
}

/** `A peer IP X denied in the range: R[ in server N ]`, `… denied in the range= R …`, `… denied: <scope> …`. */
export function peerDenied(s: string, p: number, sid: string | undefined): GlobalRecord | null {
  const a = p + 10;
  const d = s.indexOf(" denied", a);
  if (d <= a) return null;
  const rec: PeerDeniedRecord = { kind: "peer_denied", peer: s.slice(a, d), text: s.slice(p).trimEnd() };
  if (sid !== undefined) rec.sid = sid;
  return rec;
}

/** `IPv4. <label>: <addr>` lines (addr_debug_print). */
function addressLine(s: string, p: number): GlobalRecord | null {
  let q: number;
  if (s.startsWith("IPv4. ", p) || s.startsWith("IPv6. ", p)) q = p + 6;
  else if (s.startsWith("IP. ", p)) q = p + 4;
  else return null;
  const c = s.lastIndexOf(": ");
  if (c < q) return null;
  const addr = s.slice(c + 2).trim();
  switch (s.slice(q, c)) {
    case "tcp or tls connected to":
      return { kind: "accept", via: "tcp", addr };
    case "Accepted connection from":
      return { kind: "accept", via: "dtls", addr };
    case "Local relay addr":
      return { kind: "relay_addr", addr, rtcp: false };
    case "Local relay addr (RTCP)":
      return { kind: "relay_addr", addr, rtcp: true };
    case "Local reserved relay addr":
      return { kind: "relay_reserved", addr };
    case "tcp accepted from":
      return { kind: "tcp_peer_accept", peer: addr };
  }
  return startupKnown(s, p) ? { kind: "startup" } : null;
}

export function globalMessage(s: string, p: number, level: Level | null): CoturnRecord | SessionRecord {
  const addr = addressLine(s, p);
  if (addr) return addr;
  if (s.startsWith("Global turn allocation count ", p)) {
    const up = s.startsWith("incremented, now ", p + 29);
    if (up || s.startsWith("decremented, now ", p + 29)) {
      const n = uint(s, p + 46);
      if (n >= 0) return { kind: "alloc_count", n, up };
    }
  }
  const udp = "handle_udp_packet: New UDP endpoint: local addr ";
  if (s.startsWith(udp, p)) {
    const r = s.indexOf(", remote addr ", p + udp.length);
    if (r >= 0) return { kind: "accept", via: "udp", addr: s.slice(r + 14).trim(), listener: s.slice(p + udp.length, r) };
  }
  if (s.startsWith("A peer IP ", p)) {
    const pd = peerDenied(s, p, undefined);
    if (pd) return pd;
  }
  if (s.startsWith("create_relay_ioa_sockets: no available ports", p)) return { kind: "no_ports", text: s.slice(p) };
  const auth = authFailure(s, p, undefined);
  if (auth) return auth;
  if (s.startsWith("log file opened: ", p) || s.startsWith("log file reopened: ", p)) {
    return { kind: "log_opened", path: s.slice(s.indexOf(": ", p) + 2) };
  }
  if (s.startsWith("Version Coturn-", p)) return { kind: "banner", version: bannerVersion(s, p) };
  if (s.startsWith("#012", p)) {
    // rsyslog writes a multi-line record on one line with `#012` for each newline (the startup banner).
    const v = s.indexOf("Version Coturn-", p);
    return v >= 0 ? { kind: "banner", version: bannerVersion(s, v) } : { kind: "startup" };
  }
  if (s.startsWith("Coturn Version Coturn-", p)) return { kind: "banner", version: bannerVersion(s, p + 7) };
  if (s.startsWith("CONFIG WARNING: ", p) || s.startsWith("CONFIG: ", p)) return { kind: "config_warning", text: s.slice(p) };
  if (s.startsWith("Session ", p) && s.endsWith(" to be forcefully canceled")) {
    // The admin interface cancels a session (reference §4 `Forceful shutdown`).
    const sid = s.slice(p + 8, s.length - 26);
    if (/^\d{1,18}$/.test(sid)) return { kind: "socket_note", sid };
  }
  if (s.startsWith("Terminating on signal ", p)) return { kind: "terminating", signal: Math.max(0, uint(s, p + 22)) };
  if (s.startsWith("SSL ", p)) return { kind: "ssl_error", text: s.slice(p) };
  if (s.startsWith("WARNING: ", p) || level === "WARNING") return { kind: "warning", text: s.slice(p) };
  if (level === "ERROR") return { kind: "error_line", text: s.slice(p) };
  if (startupKnown(s, p)) return { kind: "startup" };
  return { kind: "unknown", text: s.slice(p) };
}

/** `4.6.1` from `Version Coturn-4.6.1 'Gorst'` at `v`. */
export function bannerVersion(s: string, v: number): string {
  const a = v + 15;
  let e = s.indexOf(" ", a);
  if (e < 0) e = s.length;
  return s.slice(a, Math.min(e, a + 64));
}
