// Building wire events (collectors/schema/coturn.ts) with every text cut to its bound, so that what
// the sessionizer emits always passes the schema however odd the line was.
import type { z } from "zod";
import type { CoturnEvent, LineStats, peerEvent, RelayEventKind, relayEvent, sessionEvent, usageEvent } from "../schema/coturn";

export type SessionEventIn = z.input<typeof sessionEvent>;
export type UsageEventIn = z.input<typeof usageEvent>;
export type PeerEventIn = z.input<typeof peerEvent>;
export type RelayEventIn = z.input<typeof relayEvent>;

export function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}

/** An address field, or undefined when it cannot be one (the schema wants 2–64 characters). */
export function address(s: string | undefined): string | undefined {
  return s !== undefined && s.length >= 2 && s.length <= 64 ? s : undefined;
}

/** Appends events for the current line, numbering them (`sub`) within that line. */
export class Emitter {
  private out: CoturnEvent[] = [];
  pos = 0;
  private sub = 0;

  constructor(private readonly stats: LineStats) {}

  begin(pos: number, out: CoturnEvent[]): void {
    this.pos = pos;
    this.sub = 0;
    this.out = out;
  }

  emit(ev: CoturnEvent): void {
    ev.pos = this.pos;
    ev.sub = this.sub++;
    this.out.push(ev);
    this.stats.events++;
  }

  session(ts: number, run: number, sid: string, approximate: boolean): SessionEventIn {
    const ev: SessionEventIn = { type: "session", pos: this.pos, sub: 0, ts, run, sid };
    if (approximate) ev.approximate = true;
    return ev;
  }

  usage(
    ts: number,
    run: number,
    sid: string,
    leg: "client" | "peer",
    rp: number,
    rb: number,
    sp: number,
    sb: number,
    realm: string,
    username: string,
  ): void {
    const ev: UsageEventIn = { type: "usage", pos: this.pos, sub: 0, ts, run, sid, leg, rp, rb, sp, sb };
    if (realm !== "") ev.realm = clip(realm, 255);
    if (username !== "") ev.username = clip(username, 255);
    this.emit(ev);
  }

  peer(ts: number, run: number, sid: string, peer: string, lifetime: number | undefined, deleted: boolean): void {
    const p = address(peer);
    if (p === undefined) return;
    const ev: PeerEventIn = { type: "peer", pos: this.pos, sub: 0, ts, run, sid, peer: p };
    if (deleted) ev.deleted = true;
    else if (lifetime !== undefined) {
      // coturn's defaults: permission-lifetime 300, channel-lifetime 600 (reference §3.4).
      if (lifetime === 300) ev.grant = "permission";
      else if (lifetime === 600) ev.grant = "channel";
      ev.lifetime = Math.min(lifetime, 100_000_000);
    }
    this.emit(ev);
  }

  relay(kind: RelayEventKind, ts: number, run: number | undefined, f: RelayFields): void {
    const ev: RelayEventIn = { type: "event", pos: this.pos, sub: 0, ts, kind };
    if (run !== undefined) ev.run = run;
    if (f.sid !== undefined) ev.sid = f.sid;
    if (f.code !== undefined && f.code >= 100 && f.code <= 699) ev.code = f.code;
    if (f.method) ev.method = clip(f.method, 40);
    if (f.realm) ev.realm = clip(f.realm, 255);
    if (f.username) ev.username = clip(f.username, 255);
    const peer = address(f.peer);
    if (peer) ev.peer = peer;
    if (f.message) ev.message = clip(f.message, 1024);
    if (f.reason) ev.reason = clip(f.reason, 40);
    this.emit(ev);
  }
}

export interface RelayFields {
  sid?: string;
  code?: number;
  method?: string;
  realm?: string;
  username?: string;
  peer?: string;
  message?: string;
  reason?: string;
}
