// Client-leg transport of a session (reference §7). Definitive evidence is used the moment it
// appears (the `new` line's TLS/DTLS method, a socket line naming its socket type); the rest is
// decided when the session closes: the close reason, then the accept line of the client address,
// then "it ended like a UDP session and nothing said TCP".

import { createHmac } from "node:crypto";
import type { ClientTransport } from "../schema/coturn";

export const TR_NONE = 0;
export const TR_UDP = 1;
export const TR_TCP = 2;
export const TR_TLS = 3;
export const TR_DTLS = 4;
export const TRANSPORT_NAMES: ReadonlyArray<ClientTransport | undefined> = [undefined, "udp", "tcp", "tls", "dtls"];

/** `method=TLSv1.2` → tls, `DTLSv1.2` → dtls (the `new`/`refreshed` line of TLS and DTLS client legs only). */
export function transportOfMethod(method: string): number {
  if (method.startsWith("DTLS")) return TR_DTLS;
  if (method.startsWith("TLS") || method.startsWith("SSL")) return TR_TLS;
  return TR_NONE;
}

/** coturn's socket_type_name: `TCP`, `TLS/TCP`, `UDP`, `DTLS` (SCTP has no client-transport name here). */
export function transportOfSocketType(type: string): number {
  switch (type) {
    case "TCP":
      return TR_TCP;
    case "TLS/TCP":
      return TR_TLS;
    case "UDP":
      return TR_UDP;
    case "DTLS":
      return TR_DTLS;
  }
  return TR_NONE;
}

/** Close reasons that name the transport: `TLS/TCP connection closed…` → tls, `TCP socket buffer…` → tcp, `SSL read error` → dtls. */
export function transportOfReason(reason: string): number {
  if (reason.startsWith("TLS/TCP ")) return TR_TLS;
  if (reason.startsWith("TCP ")) return TR_TCP;
  if (reason.startsWith("SSL read error")) return TR_DTLS;
  return TR_NONE;
}

/** Reasons a UDP session ends with; without TCP-type evidence such a session was UDP. */
export function endsLikeUdp(reason: string): boolean {
  return reason === "allocation timeout" || reason.startsWith("allocation watchdog") || reason === "UDP packet processing error";
}

const VIA_TRANSPORT = [TR_NONE, TR_TCP, TR_DTLS, TR_UDP];
export const VIA_TCP = 1;
export const VIA_DTLS = 2;
export const VIA_UDP = 3;

const ACCEPT_CAP = 4096;

/** HMAC-SHA256 of an address under the agent's key, shortened: equality is all the map needs. */
export function addressHasher(key: Uint8Array): (addr: string) => string {
  return (addr) => createHmac("sha256", key).update(addr).digest("base64url").slice(0, 22);
}
const ACCEPT_TTL_MS = 10 * 60_000;

/**
 * Client addresses of recent accept lines (`tcp or tls connected to`, `Accepted connection from`,
 * `New UDP endpoint`), looked up when a session's client address becomes known at its close. Bounded
 * in size and age: a stale entry could otherwise lend its transport to a later client that happens to
 * reuse the address and port.
 */
export class AcceptMap {
  private readonly m = new Map<string, [via: number, ts: number]>();

  /**
   * `keyOf` turns a client address into the map key. The map is part of the resume state, which is
   * stored in the database (collector_checkpoint); with a keyed hash there, full client addresses
   * stay in the agent's memory only (DESIGN.md "Personal data").
   */
  constructor(
    rows: Array<[string, number, number]> = [],
    private readonly keyOf: (addr: string) => string = (a) => a,
  ) {
    for (const [key, via, ts] of rows) this.m.set(key, [via, ts]);
  }

  add(addr: string, via: number, ts: number): void {
    const key = this.keyOf(addr);
    this.m.delete(key);
    this.m.set(key, [via, ts]);
    if (this.m.size > ACCEPT_CAP) this.m.delete(this.m.keys().next().value as string);
  }

  /** The transport an accept line gave `addr` (consumed), or TR_NONE. */
  take(addr: string, ts: number): number {
    if (this.m.size === 0) return TR_NONE;
    const key = this.keyOf(addr);
    const e = this.m.get(key);
    if (e === undefined) return TR_NONE;
    this.m.delete(key);
    return ts - e[1] <= ACCEPT_TTL_MS ? VIA_TRANSPORT[e[0]] : TR_NONE;
  }

  clear(): void {
    this.m.clear();
  }

  rows(): Array<[string, number, number]> {
    const rows: Array<[string, number, number]> = [];
    for (const [addr, [via, ts]] of this.m) rows.push([addr, via, ts]);
    return rows;
  }
}
