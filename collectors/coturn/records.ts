// What a coturn message says, as typed records (reference §3–§5, §8): the output of classify.ts.
export type SocketType = string; // TCP | TLS/TCP | UDP | DTLS | SCTP | TLS/SCTP as coturn names them
export type AuthReason = "wrong_password" | "unknown_user" | "no_user" | "wrong_realm" | "wrong_username";

export interface AllocRecord {
  kind: "alloc";
  sid: string;
  refreshed: boolean;
  realm: string;
  username: string;
  lifetime: number;
  cipher?: string;
  method?: string;
}
export interface UsageRecord {
  kind: "usage";
  sid: string;
  leg: "client" | "peer";
  realm: string;
  username: string;
  rp: number;
  rb: number;
  sp: number;
  sb: number;
}
/** `incoming packet M processed, success` (code 0) or `…, error N: reason`. */
export interface PacketRecord {
  kind: "packet";
  sid: string;
  origin?: string;
  realm: string;
  username: string;
  method: string;
  code: number;
  reason?: string;
}
export interface ClosedRecord {
  kind: "closed";
  sid: string;
  stage: 1 | 2;
  username: string;
  realm: string;
  origin: string;
  local: string;
  remote: string;
  reason: string;
}
/** `TCP socket closed remotely X`, `TLS/TCP socket error: … X`, `… socket disconnected: X`. */
export interface SocketRecord {
  kind: "socket";
  sid: string;
  socketType: SocketType;
  event: "closed_remotely" | "error" | "disconnected";
  remote: string;
}
/** check_stun_auth failures; `sid` since 4.6.3. */
export interface AuthErrorRecord {
  kind: "auth_error";
  sid?: string;
  reason: AuthReason;
  user?: string;
  text: string;
}
/** `A peer IP X denied …` (ERROR); `sid` since 4.6.3. */
export interface PeerDeniedRecord {
  kind: "peer_denied";
  sid?: string;
  peer: string;
  text: string;
}

export type SessionRecord =
  | AllocRecord
  | UsageRecord
  | PacketRecord
  | ClosedRecord
  | { kind: "delete"; sid: string; realm: string; username: string }
  | { kind: "peer_lifetime"; sid: string; peer: string; lifetime: number }
  | { kind: "peer_deleted"; sid: string; peer: string }
  | SocketRecord
  /** Socket notes without analytic content (`SSL shutdown received, … (local L, remote R)`, `client socket to be closed …`). */
  | { kind: "socket_note"; sid: string; remote?: string };

export type GlobalRecord =
  | AuthErrorRecord
  | PeerDeniedRecord
  | { kind: "accept"; via: "tcp" | "dtls" | "udp"; addr: string; listener?: string }
  | { kind: "relay_addr"; addr: string; rtcp: boolean }
  | { kind: "relay_reserved"; addr: string }
  | { kind: "tcp_peer_accept"; peer: string }
  | { kind: "no_ports"; text: string }
  | { kind: "log_opened"; path: string }
  | { kind: "banner"; version: string }
  /** `CONFIG WARNING: …` (≤4.6.1) / `CONFIG: …` at WARNING level (≥4.6.2). */
  | { kind: "config_warning"; text: string }
  /** Other WARNING lines (`WARNING:` text in era A, the level elsewhere). */
  | { kind: "warning"; text: string }
  /** Other ERROR lines. */
  | { kind: "error_line"; text: string }
  | { kind: "alloc_count"; n: number; up: boolean }
  | { kind: "terminating"; signal: number }
  | { kind: "ssl_error"; text: string }
  /** Known startup/shutdown chatter (listeners, capabilities, thread counts…). */
  | { kind: "startup" };

export type UnknownRecord = { kind: "unknown"; sid?: string; text: string };
export type CoturnRecord = SessionRecord | GlobalRecord | UnknownRecord;
