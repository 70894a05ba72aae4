// One coturn session's rows: the session with its totals, its usage deltas (both legs, adding up to
// the totals exactly), its peers and its failure events (auth_failures / error_count match them).
import { counterUuid, hexOf, line, NULL, prefix24, type TimeText } from "./format";
import type { ServerRef, TenantRef } from "./inventory";
import type { Rand } from "./random";
import { AUTH_FAILURE_SHARE, CLIENT_LEG_OVERHEAD, DAY_MS, NO_RELAY_PORT_SHARE, PEER_DENIED_SHARE, QUOTA_SHARE } from "./shape";
import type { Sinks } from "./sinks";

export type Transport = "udp" | "tcp" | "tls" | "dtls";

export type Counters = {
  sessions: number;
  deltas: number;
  events: number;
  peers: number;
  connections: number;
  reports: number;
  calls: number;
};

export type GenContext = { rand: Rand; time: TimeText; sinks: Sinks; now: number; counters: Counters; usersPerTenant: number[] };

export type SessionSpec = {
  tenant: TenantRef;
  server: ServerRef;
  transport: Transport;
  user: number;
  start: number;
  /** Planned end; past `now` the session is still open. */
  end: number;
  /** Bytes per second received from the client and sent to it. */
  upRate: number;
  downRate: number;
  packetSize: number;
  /** An allocation gathered but never used: ICE checks only. */
  unused: boolean;
};

export type MadeSession = { id: string; relayPort: number; username: string };

export const stableUser = (tenant: TenantRef, user: number) => `${tenant.slug}-user-${user}`;
// A user's address hash is asked for by each of their sessions and connections: kept, not remade.
const clientHashes = new Map<number, string>();
export function clientHash(tenant: TenantRef, user: number): string {
  const key = user * 16 + tenant.index;
  let h = clientHashes.get(key);
  if (h === undefined) {
    h = `1:${hexOf(64, tenant.index, user, 1)}`;
    clientHashes.set(key, h);
  }
  return h;
}
export const clientPrefix = (tenant: TenantRef, user: number) => prefix24(tenant.index * 10_000_019 + user);

/** Splits `total` into `parts` integers that add up to it exactly (first shares given by fractions). */
function split(total: number, fractions: number[]): number[] {
  const out: number[] = [];
  let left = total;
  for (const f of fractions) {
    const v = Math.floor(total * f);
    out.push(v);
    left -= v;
  }
  out.push(left);
  return out;
}

export function makeSession(ctx: GenContext, s: SessionSpec): MadeSession {
  const { rand, time, sinks, counters } = ctx;
  const n = counters.sessions++;
  const id = counterUuid("session", n);
  const open = s.end > ctx.now;
  const lastSeen = open ? Math.max(s.start + 1000, ctx.now - rand.int(0, 50_000)) : s.end;
  const seconds = (lastSeen - s.start) / 1000;
  const clientRxBytes = Math.round(s.upRate * seconds * CLIENT_LEG_OVERHEAD);
  const clientTxBytes = Math.round(s.downRate * seconds * CLIENT_LEG_OVERHEAD);
  const peerTxBytes = Math.round(s.upRate * seconds);
  const peerRxBytes = Math.round(s.downRate * seconds);
  const pk = (b: number) => Math.ceil(b / s.packetSize);
  const totals = [
    pk(clientRxBytes),
    clientRxBytes,
    pk(clientTxBytes),
    clientTxBytes,
    pk(peerRxBytes),
    peerRxBytes,
    pk(peerTxBytes),
    peerTxBytes,
  ];

  const server = s.server;
  const run = s.start >= server.runs[1].startedAt ? server.runs[1] : server.runs[0];
  const relayPort = server.nextPort;
  server.nextPort = relayPort >= 65_535 ? 49_152 : relayPort + 1;
  const stable = stableUser(s.tenant, s.user);
  const username = `${Math.floor((s.start + DAY_MS) / 1000)}:${stable}`;
  const prefix = clientPrefix(s.tenant, s.user);
  const ipHash = clientHash(s.tenant, s.user);
  const startText = time.at(s.start);
  const lastText = time.at(lastSeen);
  const coturnId = 1_000_000_000_000_000 + n;
  const tls = s.transport === "tls";

  // Failures first: they set the session's counters.
  let authFailures = 0;
  let errors = 0;
  const event = (ts: number, kind: string, code: number, method: string, message: string, detail: string, peer?: [string, string]) => {
    sinks.relay_event.push(
      line([
        counterUuid("event", counters.events++),
        time.at(ts),
        s.tenant.id,
        server.id,
        id,
        coturnId,
        kind,
        code,
        method,
        s.tenant.realm,
        username,
        stable,
        peer ? peer[0] : NULL,
        peer ? peer[1] : NULL,
        peer ? "private" : NULL,
        prefix,
        ipHash,
        message,
        detail,
        time.at(ts + 1500),
      ]),
      ts,
    );
  };
  if (rand.chance(AUTH_FAILURE_SHARE)) {
    authFailures = 1;
    event(
      s.start - 150,
      "auth_failure",
      401,
      "ALLOCATE",
      "check_stun_auth: Cannot find credentials of user",
      '{"reason": "wrong_password"}',
    );
  }
  const e = rand();
  const errorAt = s.start + rand() * (lastSeen - s.start);
  if (e < QUOTA_SHARE) {
    errors = 1;
    event(errorAt, "quota", 486, "ALLOCATE", "Allocation Quota Reached", NULL);
  } else if (e < QUOTA_SHARE + PEER_DENIED_SHARE) {
    errors = 1;
    event(errorAt, "peer_denied", 403, "CREATE_PERMISSION", "Forbidden IP", NULL, ["10.20.30.0/24", `1:${hexOf(64, n, 3)}`]);
  } else if (e < QUOTA_SHARE + PEER_DENIED_SHARE + NO_RELAY_PORT_SHARE) {
    errors = 1;
    event(errorAt, "no_relay_port", 508, "ALLOCATE", "Cannot create socket", NULL);
  }

  sinks.relay_session.push(
    line([
      id,
      s.tenant.id,
      server.id,
      run.text,
      coturnId,
      s.tenant.realm,
      username,
      stable,
      time.at(s.start + DAY_MS),
      prefix,
      ipHash,
      s.transport,
      tls ? "ECDHE-RSA-AES256-GCM-SHA384" : NULL,
      tls ? "TLSv1.3" : NULL,
      tls ? "10.0.0.5:5349" : "10.0.0.5:3478",
      server.relayIp,
      relayPort,
      600,
      startText,
      time.at(s.start + 25),
      lastText,
      open ? NULL : lastText,
      open ? NULL : s.unused ? "allocation timeout" : "refresh with zero lifetime",
      ...totals,
      authFailures,
      errors,
      startText,
      lastText,
    ]),
    0,
  );

  // Usage: one report (short sessions, half the rest) or two, each with both legs.
  const reports = seconds < 120 || rand.chance(0.5) ? 1 : 2;
  const fraction = 0.3 + 0.4 * rand();
  const parts = totals.map((v) => split(v, reports === 1 ? [] : [fraction]));
  for (let r = 0; r < reports; r++) {
    const ts = r === reports - 1 ? lastSeen : s.start + fraction * (lastSeen - s.start);
    const tsText = time.at(ts);
    const ingested = time.at(ts + 800 + rand.int(0, 2500));
    for (const [leg, at] of [
      ["client", 0],
      ["peer", 4],
    ] as const)
      sinks.relay_usage_delta.push(
        line([
          counterUuid("delta", counters.deltas++),
          tsText,
          s.tenant.id,
          server.id,
          id,
          leg,
          parts[at][r],
          parts[at + 1][r],
          parts[at + 2][r],
          parts[at + 3][r],
          ingested,
        ]),
        ts,
      );
  }

  // Peers: the other side's address (a channel over UDP, a permission otherwise); sometimes a second.
  const peerCount = !s.unused && rand.chance(0.1) ? 2 : 1;
  for (let p = 0; p < peerCount; p++) {
    const grant = p === 0 && !s.unused && (s.transport === "udp" || s.transport === "dtls") ? "channel" : "permission";
    sinks.relay_peer.push(
      line([
        counterUuid("peer", counters.peers++),
        id,
        s.tenant.id,
        server.id,
        grant,
        prefix24(n * 3 + p),
        `1:${hexOf(64, n, p, 2)}`,
        rand.int(1024, 65_535),
        "public",
        time.at(s.start + 1200),
        lastText,
        1 + Math.floor(seconds / 300),
      ]),
      0,
    );
  }
  return { id, relayPort, username };
}
