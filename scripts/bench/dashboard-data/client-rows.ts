// One call's browser side: each participant's connection with its reports (a state item, then stats
// items whose byte deltas add up to the connection's totals). A relayed connection gets the coturn
// session that carried it (made here, so both agree on server, port, user and times) unless the
// session budget is spent or it went through a server we do not collect from.
import { counterUuid, line, NULL } from "./format";
import type { AppRef, Inventory, ServerRef } from "./inventory";
import { clientHash, clientPrefix, type GenContext, type MadeSession, makeSession } from "./relay-rows";
import {
  FORCED_PATHS,
  JOINED_SHARE,
  PARTICIPANTS,
  PATHS,
  type PathChoice,
  UNCOLLECTED_SHARE,
  UNCOLLECTED_TURN_URL,
  USER_AGENTS,
  USERNAME_SHARE,
  VIDEO_SHARE,
} from "./shape";

const RELAY_TRANSPORT: Partial<Record<PathChoice, "udp" | "tcp" | "tls">> = { "turn-udp": "udp", "turn-tcp": "tcp", "turn-tls": "tls" };
/** Extra round trip through the relay, by client → TURN transport (ms). */
const RELAY_RTT: Partial<Record<PathChoice, number>> = { "turn-udp": 15, "turn-tcp": 30, "turn-tls": 40, "turn-unknown": 15 };

/** A call's length: 1–60 minutes, most of them short (median ~20 min). */
export const callMinutes = (u: number) => 1 + 59 * u ** 1.6;

/** Makes one call starting at t; returns how many connections it had and how many sessions it made. */
export function makeCall(ctx: GenContext, inv: Inventory, t: number, sessionBudget: number): { connections: number; sessions: number } {
  const { rand } = ctx;
  const callNo = ctx.counters.calls++;
  const tenant = rand.pick(inv.tenants);
  const app = rand.pick(tenant.apps);
  const participants = rand.pick(PARTICIPANTS);
  const durationMs = callMinutes(rand()) * 60_000;
  const video = rand.chance(VIDEO_SHARE);
  const callId = `call-${callNo.toString(36)}`;
  let sessions = 0;
  for (let k = 0; k < participants; k++) {
    const made = makeConnection(ctx, inv, {
      app,
      callId,
      participant: k,
      t,
      durationMs,
      video,
      participants,
      mayJoin: sessions < sessionBudget,
    });
    if (made) sessions++;
  }
  return { connections: participants, sessions };
}

type ConnectionSpec = {
  app: AppRef;
  callId: string;
  participant: number;
  t: number;
  durationMs: number;
  video: boolean;
  participants: number;
  mayJoin: boolean;
};

/** Returns whether it made a (joined) relay session. */
function makeConnection(ctx: GenContext, inv: Inventory, c: ConnectionSpec): boolean {
  const { rand, time, sinks, counters, now } = ctx;
  const tenant = c.app.tenant;
  const user = rand.int(0, ctx.usersPerTenant[tenant.index] - 1);
  const path = c.app.forcedRelay ? rand.pick(FORCED_PATHS) : rand.pick(PATHS);
  const failed = path === "failed";
  const transport = RELAY_TRANSPORT[path];
  const relayed = transport !== undefined;
  const joinOffset = c.participant === 0 ? 0 : rand.int(0, 20_000);
  const start = c.t + joinOffset;
  const ttc = failed ? null : relayed ? rand.int(500, path === "turn-tls" ? 4000 : 2500) : rand.int(150, 900);
  const first = Math.min(now - 1000, start + (ttc ?? 3000) + rand.int(500, 2500));
  const planned = failed ? rand.int(10_000, 40_000) : Math.max(30_000, c.durationMs - joinOffset - rand() * 0.1 * c.durationMs);
  const open = !failed && first + planned > now;
  const last = open ? Math.max(first, now - rand.int(0, 10_000)) : first + planned;
  const seconds = (last - first) / 1000;

  const upRate = failed ? 0 : c.video ? rand.logNormal(180_000, 0.35) : rand.logNormal(6_000, 0.2);
  const downRate = failed ? 0 : upRate * (c.participants - 1) * (0.75 + 0.2 * rand());
  const packetSize = c.video ? 1050 : 160;

  let session: MadeSession | undefined;
  let server: ServerRef | undefined;
  let turnUrl: string = NULL;
  let relayPort: string | number = NULL;
  let relayIp = NULL;
  if (relayed) {
    const uncollected = !rand.chance(JOINED_SHARE) && rand.chance(UNCOLLECTED_SHARE);
    if (uncollected) {
      turnUrl = UNCOLLECTED_TURN_URL;
      relayIp = "192.0.2.77";
      relayPort = rand.int(49_152, 65_535);
    } else {
      server = rand.pick(inv.servers);
      turnUrl = server.urls[transport];
      relayIp = server.relayIp;
      if (c.mayJoin && rand.chance(JOINED_SHARE / (1 - (1 - JOINED_SHARE) * UNCOLLECTED_SHARE))) {
        session = makeSession(ctx, {
          tenant,
          server,
          transport,
          user,
          start: start + rand.int(100, 400),
          end: open ? now + 60_000 : last + rand.int(500, 3000),
          upRate,
          downRate,
          packetSize,
          unused: false,
        });
        relayPort = session.relayPort;
      } else {
        relayPort = rand.int(49_152, 65_535);
      }
    }
  }

  const id = counterUuid("connection", counters.connections++);
  const firstText = time.at(first);
  const lastText = time.at(last);
  const pathKind = failed ? NULL : path;
  const baseRtt = rand.logNormal(35, 0.45) + (RELAY_RTT[path] ?? 0);
  const jitterBase = (transport === "tcp" || transport === "tls" ? 2 : 1) * (1.5 + 4 * rand());
  const lossBase = transport === "tcp" || transport === "tls" ? 0 : rand() < 0.7 ? 0.002 * rand() : 0.03 * rand();
  const report = (seq: number, at: number, type: string, detail: string, stats?: string[]) =>
    sinks.client_report.push(
      line([
        id,
        seq,
        firstText,
        tenant.id,
        c.app.id,
        time.at(at),
        time.at(at - 40),
        pathKind,
        ...(stats ?? [NULL, NULL, NULL, NULL, "0", "0", "0", "0", NULL]),
        type,
        detail,
      ]),
      first,
    );

  let sequence = 0;
  let bytesSent = 0;
  let bytesReceived = 0;
  let packetsSent = 0;
  let packetsReceived = 0;
  let packetsLost = 0;
  let rtt = 0;
  let rttMax = 0;
  let jitter = 0;
  if (failed) {
    report(
      sequence++,
      first - 500,
      "ice-error",
      `{"url": "${UNCOLLECTED_TURN_URL}", "code": 701, "text": "TURN host lookup received error."}`,
    );
    report(sequence++, first, "state", '{"state": "failed"}');
  } else {
    report(sequence++, first, "state", `{"state": "connected", "timeToConnectMs": ${ttc}}`);
    const items = seconds < 600 ? 1 : 2;
    const cut = 0.3 + 0.4 * rand();
    const sentTotal = Math.round(upRate * seconds);
    const receivedTotal = Math.round(downRate * seconds);
    for (let i = 0; i < items; i++) {
      const share = items === 1 ? 1 : i === 0 ? cut : 1 - cut;
      const at = i === items - 1 ? last : first + cut * (last - first);
      const sent = i === items - 1 ? sentTotal - bytesSent : Math.floor(sentTotal * share);
      const received = i === items - 1 ? receivedTotal - bytesReceived : Math.floor(receivedTotal * share);
      const pSent = Math.ceil(sent / packetSize);
      const pReceived = Math.ceil(received / packetSize);
      const fraction = lossBase * (0.5 + rand());
      const lost = Math.round(pSent * fraction);
      rtt = baseRtt * (0.85 + 0.3 * rand());
      rttMax = Math.max(rttMax, rtt);
      jitter = jitterBase * (0.8 + 0.4 * rand());
      bytesSent += sent;
      bytesReceived += received;
      packetsSent += pSent;
      packetsReceived += pReceived;
      packetsLost += lost;
      report(sequence++, at, "stats", NULL, [
        rtt.toFixed(1),
        jitter.toFixed(1),
        fraction.toFixed(4),
        String(lost),
        String(sent),
        String(received),
        String(pSent),
        String(pReceived),
        String(Math.round(upRate * 8 * 1.3)),
      ]);
    }
  }
  counters.reports += sequence;

  const localType = relayed ? "relay" : failed ? NULL : rand.chance(0.5) ? "host" : "srflx";
  const remoteType = failed ? NULL : path === "turn-unknown" ? "relay" : rand.chance(0.6) ? "srflx" : "host";
  const joined = session !== undefined;
  sinks.client_connection.push(
    line([
      id,
      tenant.id,
      c.app.id,
      c.callId,
      `p${c.participant}`,
      "pc-1",
      firstText,
      lastText,
      pathKind,
      localType,
      remoteType,
      turnUrl,
      server ? server.id : NULL,
      relayPort,
      relayIp,
      c.app.forcedRelay ? "t" : "f",
      session && rand.chance(USERNAME_SHARE) ? session.username : NULL,
      failed ? NULL : rtt.toFixed(1),
      failed ? NULL : rttMax.toFixed(1),
      failed ? NULL : jitter.toFixed(1),
      packetsSent > 0 ? ((100 * packetsLost) / packetsSent).toFixed(3) : NULL,
      bytesSent,
      bytesReceived,
      packetsSent,
      packetsReceived,
      packetsLost,
      sequence - 1,
      failed ? 1 : 0,
      failed ? `[{"url": "${UNCOLLECTED_TURN_URL}", "code": 701, "text": "TURN host lookup received error.", "count": 1}]` : "[]",
      ttc ?? NULL,
      failed ? "failed" : open ? "connected" : "closed",
      clientPrefix(tenant, user),
      clientHash(tenant, user),
      "0.1.0",
      USER_AGENTS[(user + tenant.index) % USER_AGENTS.length],
      session ? session.id : NULL,
      session ? time.at(first + 1000) : NULL,
      relayed ? (joined ? 1 : 3) : 0,
      firstText,
      lastText,
    ]),
    0,
  );
  return joined;
}
