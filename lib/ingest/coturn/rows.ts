// Valid events of one batch → the rows each statement writes. Ids come from source positions
// (server, file identity, byte offset, index in line), so replays land on ON CONFLICT. Pure.
import { splitRestUsername } from "../../../collectors/coturn/rest-username";
import type { CoturnEventParsed, PeerEvent, RelayEvent, UsageEvent } from "../../../collectors/schema/coturn";
import { scrubIps } from "../../privacy/scrub";
import { positionIds } from "../ids";
import { clip } from "../safe-json";
import type { AddressReader } from "./addresses";
import { SessionMerger, type SessionRow, sessionId, sessionRows } from "./sessions";
import type { TenantResolver } from "./tenant";

export type RowContext = { serverId: string; fileId: string; tenantOf: TenantResolver; readAddress: AddressReader };

export type RunRow = { started_at: string; version: string | null; approximate: boolean };
export type UsageRow = {
  id: string;
  tsMs: number;
  sessionId: string;
  leg: "client" | "peer";
  rp: number;
  rb: number;
  sp: number;
  sb: number;
};
export type PeerRow = {
  session_id: string;
  grant: "permission" | "channel";
  peer_prefix: string;
  peer_ip_hash: string;
  peer_address: string | null;
  peer_port: number | null;
  peer_class: string;
  first_seen_at: string;
  last_seen_at: string;
  seen: number[];
};
export type PeerDeleteRow = { session_id: string; peer_ip_hash: string; ts: string };
export type EventRow = ReturnType<typeof eventRow>;

export type PreparedRows = {
  runs: RunRow[];
  /** Starts of runs seen in a startup banner (not inferred): they end every earlier open run. */
  restarts: string[];
  newestVersion: { version: string; startedAt: string } | null;
  sessions: SessionRow[];
  usage: UsageRow[];
  peers: PeerRow[];
  peerDeletes: PeerDeleteRow[];
  events: EventRow[];
};

const iso = (ms: number) => new Date(ms).toISOString();
const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
/** First of each id kept (an agent repeating a position must not make two rows). */
function uniqueById<T extends { id: string }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byId = <T extends { id: string }>(a: T, b: T) => cmp(a.id, b.id);
/** Session, then peer: field by field (a key string built per comparison was 8% of a backfill's garbage). */
const byPeer = (a: { session_id: string; peer_ip_hash: string }, b: { session_id: string; peer_ip_hash: string }) =>
  cmp(a.session_id, b.session_id) || cmp(a.peer_ip_hash, b.peer_ip_hash);

/** Ids from the source position (table, server, file id, pos, sub): ids.ts positionIds. */
function rowIds(table: string, ctx: RowContext) {
  const ids = positionIds(table, ctx.serverId, ctx.fileId);
  return (e: { pos: number; sub: number }) => ids(e.pos, e.sub);
}

function eventRow(ctx: RowContext, id: string, e: RelayEvent) {
  const rest = splitRestUsername(e.username);
  const peer = ctx.readAddress(e.peer);
  const client = ctx.readAddress(e.client, { v6PortSuffix: true });
  return {
    id,
    ts: iso(e.ts),
    tenant_id: ctx.tenantOf(e.realm ?? null, rest.stableUser),
    session_id: e.run !== undefined && e.sid !== undefined ? sessionId(ctx.serverId, e.run, e.sid) : null,
    coturn_session_id: e.sid === undefined ? null : BigInt(e.sid).toString(),
    kind: e.kind,
    code: e.code ?? null,
    method: e.method ?? null,
    realm: e.realm ?? null,
    username: e.username ?? null,
    stable_user: rest.stableUser,
    peer_prefix: peer?.prefix ?? null,
    peer_ip_hash: peer?.hash ?? null,
    peer_class: peer?.cls ?? null,
    client_prefix: client?.prefix ?? null,
    client_ip_hash: client?.hash ?? null,
    message: e.message === undefined ? null : clip(scrubIps(e.message), 1024),
    detail: e.reason === undefined ? null : { reason: e.reason },
    run_started_at: e.run === undefined ? null : iso(e.run),
  };
}

function addPeer(peers: Map<string, PeerRow>, ctx: RowContext, e: PeerEvent, sid: string): void {
  const a = ctx.readAddress(e.peer);
  if (!a || !e.grant) return; // validate.ts quarantined these already
  const key = `${sid}|${a.hash}|${e.grant}`;
  const p = peers.get(key);
  if (p) {
    if (e.ts >= Date.parse(p.last_seen_at)) p.peer_port = a.port ?? p.peer_port;
    p.first_seen_at = iso(Math.min(Date.parse(p.first_seen_at), e.ts));
    p.last_seen_at = iso(Math.max(Date.parse(p.last_seen_at), e.ts));
    p.seen.push(e.ts);
    return;
  }
  peers.set(key, {
    session_id: sid,
    grant: e.grant,
    peer_prefix: a.prefix,
    peer_ip_hash: a.hash,
    // Special-purpose addresses are no personal data and are what an abuse investigation needs.
    peer_address: a.cls === "public" ? null : a.ip,
    peer_port: a.port,
    peer_class: a.cls,
    first_seen_at: iso(e.ts),
    last_seen_at: iso(e.ts),
    seen: [e.ts],
  });
}

function usageRow(id: string, e: UsageEvent, sid: string): UsageRow {
  return { id, tsMs: e.ts, sessionId: sid, leg: e.leg, rp: e.rp, rb: e.rb, sp: e.sp, sb: e.sb };
}

/** Rows of one batch built an event at a time (`add`), so a caller may yield to I/O in between. */
export class RowBuilder {
  private readonly sessions: SessionMerger;
  private readonly usageId: (e: { pos: number; sub: number }) => string;
  private readonly eventId: (e: { pos: number; sub: number }) => string;
  private readonly runs = new Map<number, RunRow>();
  private readonly restarts = new Set<string>();
  private newest: { version: string; startedMs: number } | null = null;
  private readonly usage: UsageRow[] = [];
  private readonly peers = new Map<string, PeerRow>();
  private readonly deletes = new Map<string, PeerDeleteRow>();
  private readonly events: EventRow[] = [];

  constructor(private readonly ctx: RowContext) {
    this.sessions = new SessionMerger(ctx.serverId, ctx.readAddress);
    this.usageId = rowIds("relay_usage_delta", ctx);
    this.eventId = rowIds("relay_event", ctx);
  }

  private referRun(ms: number): void {
    if (!this.runs.has(ms)) this.runs.set(ms, { started_at: iso(ms), version: null, approximate: false });
  }

  add(e: CoturnEventParsed): void {
    const { ctx, sessions } = this;
    if (e.type === "run") {
      const r = this.runs.get(e.ts) ?? { started_at: iso(e.ts), version: null, approximate: false };
      this.runs.set(e.ts, { started_at: r.started_at, version: e.version ?? r.version, approximate: r.approximate || e.approximate });
      if (!e.inferred) this.restarts.add(iso(e.ts));
      if (e.version && (!this.newest || e.ts >= this.newest.startedMs)) this.newest = { version: e.version, startedMs: e.ts };
    } else if (e.type === "session") {
      this.referRun(e.run);
      sessions.apply(e);
    } else if (e.type === "usage") {
      this.referRun(e.run);
      const d = sessions.touch(e.run, e.sid, e.ts);
      sessions.hint(d, e.realm, e.username);
      this.usage.push(usageRow(this.usageId(e), e, d.id));
    } else if (e.type === "peer") {
      this.referRun(e.run);
      const d = sessions.touch(e.run, e.sid, e.ts);
      if (e.deleted) {
        const a = ctx.readAddress(e.peer);
        const key = `${d.id}|${a?.hash}`;
        const prev = this.deletes.get(key);
        if (a && (!prev || Date.parse(prev.ts) < e.ts)) this.deletes.set(key, { session_id: d.id, peer_ip_hash: a.hash, ts: iso(e.ts) });
      } else addPeer(this.peers, ctx, e, d.id);
    } else {
      if (e.run !== undefined) this.referRun(e.run);
      if (e.run !== undefined && e.sid !== undefined) sessions.touch(e.run, e.sid, e.ts);
      this.events.push(eventRow(ctx, this.eventId(e), e));
    }
  }

  finish(): PreparedRows {
    const newest = this.newest;
    return {
      runs: [...this.runs.values()].sort(byKey((r) => r.started_at)),
      restarts: [...this.restarts].sort(),
      newestVersion: newest ? { version: newest.version, startedAt: iso(newest.startedMs) } : null,
      sessions: sessionRows(this.sessions.drafts.values(), this.ctx.tenantOf),
      usage: uniqueById(this.usage),
      peers: [...this.peers.values()].sort((a, b) => byPeer(a, b) || cmp(a.grant, b.grant)),
      peerDeletes: [...this.deletes.values()].sort(byPeer),
      // Events in id order: rows without a session take no session lock first, so concurrent batches
      // must meet in the same order. Usage rows need not: their sessions are locked first.
      events: uniqueById(this.events).sort(byId),
    };
  }
}

export function buildRows(ctx: RowContext, events: readonly CoturnEventParsed[]): PreparedRows {
  const b = new RowBuilder(ctx);
  for (const e of events) b.add(e);
  return b.finish();
}
