// Session rows of one batch, merged per coturn session in memory first (one multi-row upsert may not
// touch a row twice), with the same rules the upsert applies against the stored row: earliest start,
// latest last-seen, earliest allocation and end, and a field known from a later line wins. Pure.
import { ownString } from "../../../collectors/coturn/own-string";
import { splitRestUsername } from "../../../collectors/coturn/rest-username";
import type { SessionEvent } from "../../../collectors/schema/coturn";
import { scrubIps } from "../../privacy/scrub";
import { deterministicUuid } from "../ids";
import { clip } from "../safe-json";
import type { AddressReader } from "./addresses";
import type { TenantResolver } from "./tenant";

export type SessionDraft = {
  id: string;
  runMs: number;
  sid: string;
  realm: string | null;
  username: string | null;
  clientPrefix: string | null;
  clientHash: string | null;
  transport: string | null;
  cipher: string | null;
  method: string | null;
  listener: string | null;
  relayIp: string | null;
  relayPort: number | null;
  tcpRelay: boolean;
  lifetime: number | null;
  startedMs: number;
  allocatedMs: number | null;
  lastSeenMs: number;
  endedMs: number | null;
  closeReason: string | null;
  approximate: boolean;
};

/** coturn prints 18 zero-padded digits; `1` and `000000000000000001` are the same session. */
export const normalSid = (sid: string) => BigInt(sid).toString();

/** server → run start → coturn session id as written → row id; no key strings built per line. */
const idMemo = new Map<string, Map<number, Map<string, string>>>();
let idMemoSize = 0;
/** Past this many sessions the memo starts over: bounded memory, and cheap to refill. */
const ID_MEMO_MAX = 20_000;

/** Memoised across batches: a session lives through many batches, and each id is a SHA-1. */
export function sessionId(serverId: string, runMs: number, sid: string): string {
  let runs = idMemo.get(serverId);
  if (!runs) {
    runs = new Map();
    idMemo.set(serverId, runs);
  }
  let sids = runs.get(runMs);
  if (!sids) {
    sids = new Map();
    runs.set(runMs, sids);
  }
  let id = sids.get(sid);
  if (id === undefined) {
    id = deterministicUuid("relay_session", serverId, runMs, normalSid(sid));
    if (++idMemoSize > ID_MEMO_MAX) {
      idMemo.clear();
      idMemoSize = 0;
    } else sids.set(ownString(sid), id);
  }
  return id;
}

export class SessionMerger {
  readonly drafts = new Map<string, SessionDraft>();

  constructor(
    private readonly serverId: string,
    private readonly readAddress: AddressReader,
  ) {}

  /** The draft of (run, sid), created with just its times when this is its first line in the batch. */
  touch(runMs: number, sid: string, ts: number): SessionDraft {
    const id = sessionId(this.serverId, runMs, sid);
    let d = this.drafts.get(id);
    if (!d) {
      d = {
        id,
        runMs,
        sid: normalSid(sid),
        realm: null,
        username: null,
        clientPrefix: null,
        clientHash: null,
        transport: null,
        cipher: null,
        method: null,
        listener: null,
        relayIp: null,
        relayPort: null,
        tcpRelay: false,
        lifetime: null,
        startedMs: ts,
        allocatedMs: null,
        lastSeenMs: ts,
        endedMs: null,
        closeReason: null,
        approximate: false,
      };
      this.drafts.set(id, d);
    }
    d.startedMs = Math.min(d.startedMs, ts);
    d.lastSeenMs = Math.max(d.lastSeenMs, ts);
    return d;
  }

  /** Realm and username from a usage line: used only when no session line of the batch names them. */
  hint(d: SessionDraft, realm: string | undefined, username: string | undefined): void {
    if (d.realm === null && realm !== undefined) d.realm = realm;
    if (d.username === null && username !== undefined) d.username = username;
  }

  apply(e: SessionEvent): SessionDraft {
    const d = this.touch(e.run, e.sid, e.ts);
    if (e.realm !== undefined) d.realm = e.realm;
    if (e.username !== undefined) d.username = e.username;
    if (e.allocated) d.allocatedMs = d.allocatedMs === null ? e.ts : Math.min(d.allocatedMs, e.ts);
    if (e.lifetime !== undefined) d.lifetime = e.lifetime;
    if (e.cipher !== undefined) d.cipher = e.cipher;
    if (e.method !== undefined) d.method = e.method;
    if (e.transport !== undefined) d.transport = e.transport;
    const client = this.readAddress(e.client, { v6PortSuffix: true });
    if (client) {
      d.clientPrefix = client.prefix;
      d.clientHash = client.hash;
    }
    if (e.listener !== undefined) d.listener = e.listener;
    const relay = this.readAddress(e.relay, { v6PortSuffix: true });
    if (relay) {
      d.relayIp = relay.ip;
      d.relayPort = relay.port;
    }
    if (e.tcpRelay) d.tcpRelay = true;
    if (e.ended !== undefined && (d.endedMs === null || e.ts < d.endedMs)) {
      d.endedMs = e.ts;
      d.closeReason = clip(scrubIps(e.ended), 200);
    }
    if (e.approximate) d.approximate = true;
    return d;
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The rows for upsert-sessions, in id order (lock order between concurrent batches). */
export function sessionRows(drafts: Iterable<SessionDraft>, tenantOf: TenantResolver, restSeparator = ":") {
  return [...drafts]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((d) => {
      const rest = splitRestUsername(d.username, restSeparator);
      return {
        id: d.id,
        tenant_id: tenantOf(d.realm, rest.stableUser),
        run_started_at: iso(d.runMs),
        coturn_session_id: d.sid,
        realm: d.realm,
        username: d.username,
        stable_user: rest.stableUser,
        credential_expires_at: iso(rest.expiresAtMs),
        client_prefix: d.clientPrefix,
        client_ip_hash: d.clientHash,
        client_transport: d.transport,
        tls_cipher: d.cipher,
        tls_method: d.method,
        listener_address: d.listener,
        relay_ip: d.relayIp,
        relay_port: d.relayPort,
        tcp_relay: d.tcpRelay,
        lifetime_seconds: d.lifetime,
        started_at: iso(d.startedMs),
        allocated_at: iso(d.allocatedMs),
        last_seen_at: iso(d.lastSeenMs),
        ended_at: iso(d.endedMs),
        close_reason: d.closeReason,
        time_approximate: d.approximate,
      };
    });
}
export type SessionRow = ReturnType<typeof sessionRows>[number];
