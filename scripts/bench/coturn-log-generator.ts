// Writes a large, realistic coturn 4.6.1 verbose log (`new-log-timestamp`) built only from line
// shapes of the real corpus (test/fixtures/coturn): many sessions open at once with their lines
// interleaved, UDP/TCP/TLS clients, channels and permissions, periodic usage deltas, refreshes,
// failed logins, denied peers and closes. Deterministic for a seed, so runs compare.

import { once } from "node:events";
import { createWriteStream } from "node:fs";

export type GeneratedLogTotals = {
  lines: number;
  bytes: number;
  sessions: number;
  usageLines: number;
  /** Sum over every usage/peer usage line of rb + sb (what the database must hold at the end). */
  usageBytes: number;
  authFailures: number;
};

type Step = (ts: string) => string[];

/** Small fast PRNG (mulberry32): the same seed gives the same log. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "1795336472:app-user-17", "1795336999:app-user-42"];
const TLS_SUFFIX = ", cipher=ECDHE-RSA-AES256-GCM-SHA384, method=TLSv1.2";

function isoSecond(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

/** Generates about `targetBytes` of log into `file`. */
export async function generateCoturnLog(file: string, targetBytes: number, seed = 1): Promise<GeneratedLogTotals> {
  const rand = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const totals: GeneratedLogTotals = { lines: 0, bytes: 0, sessions: 0, usageLines: 0, usageBytes: 0, authFailures: 0 };
  const out = createWriteStream(file);
  let clock = Date.UTC(2026, 10, 20, 0, 0, 0);
  let counter = 0;
  let chunk = "";

  const realm = "example.test";
  const usage = (sid: string, user: string, leg: "usage" | "peer usage", scale: number) => {
    const rp = int(1, 1100) * scale;
    const sp = int(1, 1100) * scale;
    const rb = rp * int(90, 1200);
    const sb = sp * int(90, 1200);
    totals.usageLines++;
    totals.usageBytes += rb + sb;
    return `session ${sid}: ${leg}: realm=<${realm}>, username=<${user}>, rp=${rp}, rb=${rb}, sp=${sp}, sb=${sb}`;
  };

  /** One session as a queue of steps; each step is a group of lines written together. */
  function session(): Step[] {
    counter++;
    totals.sessions++;
    const sid = `000${String(counter).padStart(15, "0")}`;
    const user = USERS[int(0, USERS.length - 1)];
    const kind = rand();
    const transport = kind < 0.6 ? "udp" : kind < 0.8 ? "tcp" : "tls";
    const client = `198.51.100.${int(1, 254)}:${int(1024, 65535)}`;
    const peer = `203.0.113.${int(1, 254)}:${int(1024, 65535)}`;
    const relayPort = int(49152, 65535);
    const listener = transport === "tls" ? "127.0.0.1:5349" : "127.0.0.1:3478";
    const who = `realm <${realm}> user <${user}>`;
    const steps: Step[] = [];
    if (transport !== "udp") steps.push(() => [`IPv4. tcp or tls connected to: ${client}`]);
    steps.push(() => [`session ${sid}: realm <${realm}> user <>: incoming packet message processed, error 401: Unauthorized`]);
    if (rand() < 0.05) {
      // A failed login: ERROR line + 401 for the user, a few retries, then the watchdog closes it.
      const tries = int(1, 4);
      for (let i = 0; i < tries; i++) {
        totals.authFailures++;
        steps.push(() => [
          `ERROR: check_stun_auth: user ${user} credentials are incorrect`,
          `session ${sid}: ${who}: incoming packet message processed, error 401: Unauthorized`,
        ]);
      }
      steps.push(() => [
        usage(sid, user, "usage", 0),
        usage(sid, user, "peer usage", 0),
        `session ${sid}: closed (2nd stage), user <${user}> realm <${realm}> origin <>, local ${listener}, remote ${client}, reason: allocation watchdog determined stale session state`,
      ]);
      return steps;
    }
    const suffix = transport === "tls" ? TLS_SUFFIX : "";
    steps.push(() => [
      `IPv4. Local relay addr: 127.0.0.1:${relayPort}`,
      `session ${sid}: new, realm=<${realm}>, username=<${user}>, lifetime=600${suffix}`,
      `session ${sid}: ${who}: incoming packet ALLOCATE processed, success`,
    ]);
    steps.push(() => [
      `session ${sid}: peer ${peer} lifetime updated: 300`,
      `session ${sid}: ${who}: incoming packet CREATE_PERMISSION processed, success`,
    ]);
    steps.push(() => [
      `session ${sid}: peer ${peer} lifetime updated: 600`,
      `session ${sid}: ${who}: incoming packet CHANNEL_BIND processed, success`,
    ]);
    if (rand() < 0.03) {
      steps.push(() => [
        "ERROR: A peer IP 10.0.0.5 denied in the range: 10.0.0.0-10.255.255.255",
        `session ${sid}: ${who}: incoming packet CREATE_PERMISSION processed, error 403: Forbidden IP`,
        `session ${sid}: ${who}: incoming packet message processed, error 403: Forbidden IP`,
      ]);
    }
    const periods = int(0, 12);
    for (let i = 0; i < periods; i++) {
      steps.push(() => [usage(sid, user, "usage", 1), usage(sid, user, "peer usage", 1)]);
      if (i % 3 === 2)
        steps.push(() => [
          `session ${sid}: refreshed, realm=<${realm}>, username=<${user}>, lifetime=600${suffix}`,
          `session ${sid}: ${who}: incoming packet REFRESH processed, success`,
        ]);
    }
    steps.push(() => [
      `session ${sid}: refreshed, realm=<${realm}>, username=<${user}>, lifetime=0${suffix}`,
      `session ${sid}: ${who}: incoming packet REFRESH processed, success`,
    ]);
    const reason =
      transport === "udp"
        ? "allocation timeout"
        : transport === "tcp"
          ? "TCP connection closed by client (callback)"
          : "TLS/TCP connection closed by client (callback)";
    steps.push(() => [
      ...(transport === "udp" ? [] : [`session ${sid}: ${transport === "tls" ? "TLS/TCP" : "TCP"} socket closed remotely ${client}`]),
      usage(sid, user, "usage", 1),
      usage(sid, user, "peer usage", 1),
      `session ${sid}: closed (2nd stage), user <${user}> realm <${realm}> origin <>, local ${listener}, remote ${client}, reason: ${reason}`,
      `session ${sid}: delete: realm=<${realm}>, username=<${user}>`,
      `session ${sid}: peer ${peer.split(":")[0]} deleted`,
    ]);
    return steps;
  }

  const write = async (lines: string[]) => {
    const ts = isoSecond(clock);
    for (const l of lines) {
      const line = `${ts}: ${l}\n`;
      chunk += line;
      totals.lines++;
      totals.bytes += line.length;
    }
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  };

  // The startup banner: a record whose text continues on unprefixed lines, as coturn writes it.
  await write([`log file opened: ${file}`, ""]);
  for (const continuation of ["RFC 3489/5389/5766/5780/6062/6156 STUN/TURN Server", "Version Coturn-4.6.1 'Gorst'"]) {
    chunk += `${continuation}\n`;
    totals.lines++;
    totals.bytes += continuation.length + 1;
  }
  await write(["Total General servers: 1"]);

  const open: Step[][] = [];
  const concurrency = 400;
  while (totals.bytes < targetBytes || open.length > 0) {
    while (totals.bytes < targetBytes && open.length < concurrency) open.push(session());
    const i = int(0, open.length - 1);
    const step = open[i].shift();
    if (step) await write(step(""));
    if (open[i].length === 0) {
      open[i] = open[open.length - 1];
      open.pop();
    }
    clock += int(0, 3);
  }
  out.write(chunk);
  out.end();
  await once(out, "finish");
  return totals;
}
