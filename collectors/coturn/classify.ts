// What a coturn message says, as a typed record (reference §3–§5, §8). Dispatch is by prefix with
// `startsWith`/`indexOf` from known positions: no regex runs on the per-session lines, which are
// nearly all of a busy log. Messages no rule knows become `unknown` (with the session id when the
// line has one): counted by the sessionizer, never thrown.
import { authFailure, globalMessage, peerDenied } from "./classify-global";
import { uint, uintEnd } from "./digits";
import type { Level } from "./prefix";
import type { AllocRecord, CoturnRecord, GlobalRecord, PacketRecord, SessionRecord } from "./records";

export type { CoturnRecord } from "./records";

/** Classifies the message `text.slice(start)`; `level` is the envelope's. */
export function classifyMessage(text: string, start: number, level: Level | null): CoturnRecord {
  if (text.startsWith("session ", start)) {
    let p = start + 8;
    const sidStart = p;
    while (p < text.length) {
      const c = text.charCodeAt(p);
      if (c < 48 || c > 57) break;
      p++;
    }
    if (p > sidStart && p - sidStart <= 18 && text.charCodeAt(p) === 58 && text.charCodeAt(p + 1) === 32) {
      const sid = text.slice(sidStart, p);
      return sessionMessage(text, p + 2, sid) ?? { kind: "unknown", sid, text: text.slice(start) };
    }
  }
  return globalMessage(text, start, level);
}

function sessionMessage(s: string, p: number, sid: string): SessionRecord | GlobalRecord | null {
  switch (s.charCodeAt(p)) {
    case 114: // r
      if (s.startsWith("realm <", p)) return packet(s, p + 7, sid, undefined);
      if (s.startsWith("refreshed, realm=<", p)) return alloc(s, p + 18, sid, true);
      break;
    case 117: // u
      if (s.startsWith("usage: realm=<", p)) return usage(s, p + 14, sid, "client");
      break;
    case 112: // p
      if (s.startsWith("peer usage: realm=<", p)) return usage(s, p + 19, sid, "peer");
      if (s.startsWith("peer ", p)) return peer(s, p + 5, sid);
      break;
    case 110: // n
      if (s.startsWith("new, realm=<", p)) return alloc(s, p + 12, sid, false);
      break;
    case 111: // o
      if (s.startsWith("origin <", p)) {
        const e = s.indexOf("> realm <", p + 8);
        if (e >= 0) return packet(s, e + 9, sid, s.slice(p + 8, e));
      }
      break;
    case 99: // c
      if (s.startsWith("closed (2nd stage), user <", p)) return closed(s, p + 26, sid, 2);
      if (s.startsWith("closed (1st stage), user <", p)) return closed(s, p + 26, sid, 1);
      if (s.startsWith("client socket to be closed", p)) return { kind: "socket_note", sid };
      break;
    case 100: // d
      if (s.startsWith("delete: realm=<", p)) {
        const e = s.indexOf(">, username=<", p + 15);
        if (e >= 0 && s.endsWith(">")) return { kind: "delete", sid, realm: s.slice(p + 15, e), username: s.slice(e + 13, s.length - 1) };
      }
      break;
    case 65: // A
      if (s.startsWith("A peer IP ", p)) return peerDenied(s, p, sid);
      break;
  }
  const sock = socket(s, p, sid);
  if (sock) return sock;
  if (s.startsWith("SSL shutdown received", p)) return { kind: "socket_note", sid, remote: parenRemote(s) };
  const auth = authFailure(s, p, sid);
  if (auth) return auth;
  if (s.startsWith("RFC 5780 request successfully processed", p)) return { kind: "socket_note", sid };
  return null;
}

function packet(s: string, p: number, sid: string, origin: string | undefined): SessionRecord | null {
  const re = s.indexOf("> user <", p);
  if (re < 0) return null;
  const ue = s.indexOf(">: incoming packet ", re + 8);
  if (ue < 0) return null;
  const ms = ue + 19;
  const me = s.indexOf(" processed, ", ms);
  if (me < 0) return null;
  const t = me + 12;
  let code = 0;
  let reason: string | undefined;
  if (s.startsWith("error ", t)) {
    code = uint(s, t + 6);
    if (code < 0) return null;
    if (s.charCodeAt(uintEnd) === 58) reason = s.slice(uintEnd + 2);
  } else if (!s.startsWith("success", t)) {
    return null;
  }
  const rec: PacketRecord = { kind: "packet", sid, realm: s.slice(p, re), username: s.slice(re + 8, ue), method: s.slice(ms, me), code };
  if (origin !== undefined) rec.origin = origin;
  if (reason !== undefined) rec.reason = reason;
  return rec;
}

function alloc(s: string, p: number, sid: string, refreshed: boolean): SessionRecord | null {
  const re = s.indexOf(">, username=<", p);
  if (re < 0) return null;
  const le = s.lastIndexOf(">, lifetime=");
  if (le < re) return null;
  const lifetime = uint(s, le + 12);
  if (lifetime < 0) return null;
  const rec: AllocRecord = { kind: "alloc", sid, refreshed, realm: s.slice(p, re), username: s.slice(re + 13, le), lifetime };
  if (s.startsWith(", cipher=", uintEnd)) {
    const m = s.indexOf(", method=", uintEnd + 9);
    if (m >= 0) {
      rec.cipher = s.slice(uintEnd + 9, m);
      rec.method = s.slice(m + 9);
    }
  }
  return rec;
}

function usage(s: string, p: number, sid: string, leg: "client" | "peer"): SessionRecord | null {
  const re = s.indexOf(">, username=<", p);
  if (re < 0) return null;
  const ue = s.lastIndexOf(">, rp=");
  if (ue < re) return null;
  const rp = uint(s, ue + 6);
  if (rp < 0 || !s.startsWith(", rb=", uintEnd)) return null;
  const rb = uint(s, uintEnd + 5);
  if (rb < 0 || !s.startsWith(", sp=", uintEnd)) return null;
  const sp = uint(s, uintEnd + 5);
  if (sp < 0 || !s.startsWith(", sb=", uintEnd)) return null;
  const sb = uint(s, uintEnd + 5);
  if (sb < 0) return null;
  return { kind: "usage", sid, leg, realm: s.slice(p, re), username: s.slice(re + 13, ue), rp, rb, sp, sb };
}

function closed(s: string, p: number, sid: string, stage: 1 | 2): SessionRecord | null {
  const ue = s.indexOf("> realm <", p);
  if (ue < 0) return null;
  const re = s.indexOf("> origin <", ue + 9);
  if (re < 0) return null;
  const oe = s.indexOf(">, local ", re + 10);
  if (oe < 0) return null;
  const le = s.indexOf(", remote ", oe + 9);
  if (le < 0) return null;
  const rme = s.indexOf(", reason: ", le + 9);
  if (rme < 0) return null;
  return {
    kind: "closed",
    sid,
    stage,
    username: s.slice(p, ue),
    realm: s.slice(ue + 9, re),
    origin: s.slice(re + 10, oe),
    local: s.slice(oe + 9, le),
    remote: s.slice(le + 9, rme),
    reason: s.slice(rme + 10),
  };
}

function peer(s: string, p: number, sid: string): SessionRecord | null {
  const lu = s.indexOf(" lifetime updated: ", p);
  if (lu > p) {
    const lifetime = uint(s, lu + 19);
    if (lifetime >= 0) return { kind: "peer_lifetime", sid, peer: s.slice(p, lu), lifetime };
    return null;
  }
  if (s.endsWith(" deleted") && s.length - 8 > p) return { kind: "peer_deleted", sid, peer: s.slice(p, s.length - 8) };
  return null;
}

/** `TYPE socket closed remotely X` / `TYPE socket error: strerror X` / `TYPE socket disconnected: X`. */
function socket(s: string, p: number, sid: string): SessionRecord | null {
  const k = s.indexOf(" socket ", p);
  if (k <= p || k - p > 12) return null;
  const socketType = s.slice(p, k);
  if (socketType.includes(" ")) return null;
  const q = k + 8;
  if (s.startsWith("closed remotely ", q))
    return { kind: "socket", sid, socketType, event: "closed_remotely", remote: s.slice(q + 16).trim() };
  if (s.startsWith("disconnected: ", q)) return { kind: "socket", sid, socketType, event: "disconnected", remote: s.slice(q + 14).trim() };
  if (s.startsWith("error: ", q)) return { kind: "socket", sid, socketType, event: "error", remote: s.slice(s.lastIndexOf(" ") + 1) };
  return null;
}

/** `remote R` inside a trailing `(local L, remote R)`. */
function parenRemote(s: string): string | undefined {
  const k = s.lastIndexOf(", remote ");
  if (k < 0 || !s.endsWith(")")) return undefined;
  return s.slice(k + 9, s.length - 1);
}
