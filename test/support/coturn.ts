// A real coturn (Debian's turnserver) on 127.0.0.1 for integration tests, with the configuration the
// collector expects in production (`verbose`, `new-log-timestamp`) plus `relay-threads=1` so relay
// addresses pair with sessions exactly (DESIGN.md "The join"), and coturn's own test clients.
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../lib/net/ports";
import { stopChild } from "./process";

const run = promisify(execFile);

export const TURN_USERS = { alice: "alicepw", bob: "bobpw", carol: "carolpw", dave: "davepw" } as const;
export const DENIED_PEER = "127.0.0.50";

export function coturnInstalled(): boolean {
  return ["/usr/bin/turnserver", "/usr/bin/turnutils_uclient", "/usr/bin/turnutils_peer"].every((p) => existsSync(p));
}

export type Coturn = {
  logFile: string;
  listeningPort: number;
  tlsPort: number;
  peerPort: number;
  stop: () => Promise<void>;
};

async function throwAwayCert(dir: string): Promise<{ cert: string; key: string }> {
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=localhost",
    "-keyout",
    key,
    "-out",
    cert,
  ]);
  return { cert, key };
}

async function waitForLine(file: string, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await readFile(file, "utf8").catch(() => "");
    if (pattern.test(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`coturn did not log ${pattern} within ${timeoutMs} ms: ${file}`);
}

/** Starts turnserver and a UDP echo peer in `dir`; the log goes to `<dir>/turn.log`. */
export async function startCoturn(dir: string): Promise<Coturn> {
  const { cert, key } = await throwAwayCert(dir);
  const listeningPort = await freePort();
  const tlsPort = await freePort();
  const peerPort = await freePort();
  // Relay ports: a random 200-port window high in the ephemeral range, unlikely to collide.
  const minPort = 40_000 + Math.floor(Math.random() * 100) * 200;
  const logFile = path.join(dir, "turn.log");
  const config = [
    "listening-ip=127.0.0.1",
    "relay-ip=127.0.0.1",
    `listening-port=${listeningPort}`,
    `tls-listening-port=${tlsPort}`,
    `min-port=${minPort}`,
    `max-port=${minPort + 199}`,
    "relay-threads=1",
    `cert=${cert}`,
    `pkey=${key}`,
    "no-cli",
    "no-stdout-log",
    `pidfile=${path.join(dir, "turnserver.pid")}`,
    "verbose",
    `log-file=${logFile}`,
    "simple-log",
    "new-log-timestamp",
    "lt-cred-mech",
    "realm=example.test",
    ...Object.entries(TURN_USERS).map(([u, p]) => `user=${u}:${p}`),
    // The echo peer is on loopback; DENIED_PEER proves `denied-peer-ip` refusals are collected.
    "allow-loopback-peers",
    `denied-peer-ip=${DENIED_PEER}`,
    "",
  ].join("\n");
  const configFile = path.join(dir, "turnserver.conf");
  await writeFile(configFile, config);
  const server = spawn("/usr/bin/turnserver", ["-c", configFile], { stdio: "ignore" });
  const peer = spawn("/usr/bin/turnutils_peer", ["-L", "127.0.0.1", "-p", String(peerPort)], { stdio: "ignore" });
  try {
    await waitForLine(logFile, /Total General servers: 1|IO method|relay threads|general relay servers/i, 10_000).catch(() =>
      waitForLine(logFile, /Version Coturn/, 1000),
    );
  } catch (err) {
    await stopChild(server);
    await stopChild(peer);
    throw err;
  }
  return {
    logFile,
    listeningPort,
    tlsPort,
    peerPort,
    stop: async () => {
      await stopChild(peer);
      await stopChild(server);
    },
  };
}

export type ClientResult = { code: number | null; output: string };

/** Runs turnutils_uclient against the server; never throws on a non-zero exit (failures are the point). */
export function uclient(args: string[], timeoutMs = 60_000): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/turnutils_uclient", [...args, "127.0.0.1"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`turnutils_uclient ${args.join(" ")} timed out\n${output}`));
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The client scenarios of acceptance criterion 3: UDP, TCP, TLS, a wrong password, a denied peer. */
export function scenarios(turn: Coturn): Record<string, string[]> {
  const peer = ["-e", "127.0.0.1", "-r", String(turn.peerPort)];
  const plain = ["-p", String(turn.listeningPort)];
  return {
    udp: ["-u", "alice", "-w", TURN_USERS.alice, ...peer, ...plain, "-n", "60", "-m", "1", "-l", "120", "-c"],
    tcp: ["-t", "-u", "bob", "-w", TURN_USERS.bob, ...peer, ...plain, "-n", "60", "-m", "1", "-c"],
    tls: ["-t", "-S", "-p", String(turn.tlsPort), "-u", "carol", "-w", TURN_USERS.carol, ...peer, "-n", "60", "-m", "1", "-c"],
    wrongPassword: ["-u", "dave", "-w", "not-the-password", ...peer, ...plain, "-n", "5", "-c"],
    deniedPeer: ["-u", "alice", "-w", TURN_USERS.alice, "-e", DENIED_PEER, "-r", String(turn.peerPort), ...plain, "-n", "5", "-c"],
  };
}
