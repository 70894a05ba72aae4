// What the per-session lines make known about a session, turned into session, usage and peer
// events. A session event is sent the first time a session id appears in a run and then only when
// something new becomes known (names, allocation, lifetime, cipher, transport, client, listener,
// relay, TCP relay, end), so that a busy session does not send one per line.
import { address, clip, type Emitter, type SessionEventIn } from "./events";
import type { RelayPairing } from "./pairing";
import type { AllocRecord, ClosedRecord, PacketRecord, SocketRecord, UsageRecord } from "./records";
import {
  F_ALLOC,
  F_CIPHER,
  F_CLIENT,
  F_LISTENER,
  F_REALM,
  F_RELAY,
  F_TCPRELAY,
  F_USER,
  type OpenSession,
  type SessionTable,
} from "./session-table";
import type { RunState } from "./state";
import {
  type AcceptMap,
  endsLikeUdp,
  TR_NONE,
  TR_UDP,
  TRANSPORT_NAMES,
  transportOfMethod,
  transportOfReason,
  transportOfSocketType,
} from "./transport";

export class SessionRules {
  /** The session event being filled for the current line. */
  private ev: SessionEventIn | null = null;

  constructor(
    private readonly em: Emitter,
    readonly sessions: SessionTable,
    private readonly accepts: AcceptMap,
    private readonly relays: RelayPairing,
  ) {}

  /** Drops a half-built event (a line that failed midway). */
  reset(): void {
    this.ev = null;
  }

  /** The open session `sid`, announcing it when new; null when it closed recently. */
  open(sid: string, ts: number, run: RunState): OpenSession | null {
    const s = this.sessions.touch(sid);
    if (s !== null && this.sessions.created) this.ev = this.em.session(ts, run.start, sid, run.approx);
    return s;
  }

  /** Sends the session event this line built, if any. Must precede the line's other events of that session. */
  flush(): void {
    if (this.ev !== null) {
      this.em.emit(this.ev);
      this.ev = null;
    }
  }

  /** Announces `sid` if this run has not seen it, and sends that at once. */
  touch(sid: string, ts: number, run: RunState): OpenSession | null {
    const s = this.open(sid, ts, run);
    this.flush();
    return s;
  }

  alloc(rec: AllocRecord, ts: number, run: RunState, tid: number): void {
    const s = this.open(rec.sid, ts, run);
    // The relay line belongs to this `new` line whatever happens to the session.
    const relay = rec.refreshed ? undefined : address(this.relays.take(tid, ts));
    if (s === null) return;
    this.names(s, rec.sid, ts, run, rec.realm, rec.username);
    if (!rec.refreshed) {
      if (!(s.f & F_ALLOC)) this.set(s, F_ALLOC, rec.sid, ts, run).allocated = true;
      if (relay !== undefined && !(s.f & F_RELAY)) this.set(s, F_RELAY, rec.sid, ts, run).relay = relay;
    }
    if (rec.lifetime !== s.lt) {
      s.lt = rec.lifetime;
      this.need(rec.sid, ts, run).lifetime = Math.min(rec.lifetime, 100_000_000);
    }
    if (rec.method !== undefined && rec.cipher !== undefined && !(s.f & F_CIPHER)) {
      const ev = this.set(s, F_CIPHER, rec.sid, ts, run);
      ev.cipher = clip(rec.cipher, 100);
      ev.method = clip(rec.method, 32);
      this.transport(s, transportOfMethod(rec.method), rec.sid, ts, run);
    }
    this.flush();
  }

  usage(rec: UsageRecord, ts: number, run: RunState): void {
    const s = this.open(rec.sid, ts, run);
    if (s !== null) this.names(s, rec.sid, ts, run, rec.realm, rec.username);
    this.flush();
    this.em.usage(ts, run.start, rec.sid, rec.leg, rec.rp, rec.rb, rec.sp, rec.sb, rec.realm, rec.username);
  }

  /** Names and TCP relay from an `incoming packet` line; its failures are the Failures' business. */
  packet(rec: PacketRecord, ts: number, run: RunState): void {
    const s = this.open(rec.sid, ts, run);
    if (s !== null) {
      this.names(s, rec.sid, ts, run, rec.realm, rec.username);
      if (rec.code === 0 && !(s.f & F_TCPRELAY) && (rec.method === "CONNECT" || rec.method === "CONNECTION_BIND")) {
        this.set(s, F_TCPRELAY, rec.sid, ts, run).tcpRelay = true;
      }
    }
    this.flush();
  }

  names(s: OpenSession, sid: string, ts: number, run: RunState, realm: string, username: string): void {
    if (realm !== "" && !(s.f & F_REALM)) this.set(s, F_REALM, sid, ts, run).realm = clip(realm, 255);
    if (username !== "" && !(s.f & F_USER)) this.set(s, F_USER, sid, ts, run).username = clip(username, 255);
  }

  peer(sid: string, peer: string, lifetime: number | undefined, ts: number, run: RunState): void {
    this.touch(sid, ts, run);
    this.em.peer(ts, run.start, sid, peer, lifetime, lifetime === undefined);
  }

  /** Only the transport: the address is that of whichever socket closed (a peer's, for RFC 6062 relay connections). */
  socket(rec: SocketRecord, ts: number, run: RunState): void {
    const s = this.open(rec.sid, ts, run);
    if (s !== null) this.transport(s, transportOfSocketType(rec.socketType), rec.sid, ts, run);
    this.flush();
  }

  closed(rec: ClosedRecord, ts: number, run: RunState): void {
    const s = this.open(rec.sid, ts, run);
    if (s === null) return;
    this.names(s, rec.sid, ts, run, rec.realm, rec.username);
    const client = address(rec.remote);
    const listener = address(rec.local);
    if (client !== undefined && !(s.f & F_CLIENT)) this.set(s, F_CLIENT, rec.sid, ts, run).client = client;
    if (listener !== undefined && !(s.f & F_LISTENER)) this.set(s, F_LISTENER, rec.sid, ts, run).listener = listener;
    if (rec.stage === 1) {
      this.flush();
      return;
    }
    // §7: the close reason, else the accept line of the client address, else "ended like UDP and nothing said TCP".
    const accepted = client === undefined ? TR_NONE : this.accepts.take(client, ts);
    if (s.tr === TR_NONE) {
      let tr = transportOfReason(rec.reason);
      if (tr === TR_NONE) tr = accepted;
      if (tr === TR_NONE && endsLikeUdp(rec.reason)) tr = TR_UDP;
      this.transport(s, tr, rec.sid, ts, run);
    }
    this.need(rec.sid, ts, run).ended = clip(rec.reason || "closed", 200);
    this.flush();
    this.sessions.close(rec.sid);
  }

  /** Ends every open session of `run` at `ts`: no close line will come for them. */
  endAll(run: RunState, ts: number, reason: string): void {
    for (const sid of [...this.sessions.open.keys()]) {
      const ev = this.em.session(ts, run.start, sid, run.approx);
      ev.ended = reason;
      this.em.emit(ev);
      this.sessions.close(sid);
    }
  }

  private need(sid: string, ts: number, run: RunState): SessionEventIn {
    if (this.ev === null) this.ev = this.em.session(ts, run.start, sid, run.approx);
    return this.ev;
  }

  private set(s: OpenSession, flag: number, sid: string, ts: number, run: RunState): SessionEventIn {
    s.f |= flag;
    return this.need(sid, ts, run);
  }

  private transport(s: OpenSession, tr: number, sid: string, ts: number, run: RunState): void {
    if (tr === TR_NONE || s.tr !== TR_NONE) return;
    s.tr = tr;
    this.need(sid, ts, run).transport = TRANSPORT_NAMES[tr];
  }
}
