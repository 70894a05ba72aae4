// The key of the IP hashes. From RELAYSCOPE_IP_HASH_SECRET when set (required with several
// instances or `collect --direct` agents: they must all hash alike); otherwise 32 random bytes made
// once into <data dir>/ip-hash.key (mode 0600). Never derived from anything else (STYLE.md §7).
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir, env } from "../env";
import type { IpHashKey } from "./ip";

export const IP_HASH_KEY_FILE = "ip-hash.key";

let cached: { source: string; key: IpHashKey } | undefined;

/**
 * 32 random bytes kept in `<dir>/<name>` (mode 0600), created on first use. `wx`: of two processes
 * starting at once, one creates the file and the other reads it.
 */
export function localKeyFile(dir: string, name: string, restoreHint: string): Buffer {
  const file = path.join(dir, name);
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const text = readFileSync(file, "utf8").trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${file} is not a relayscope key (64 hex characters); ${restoreHint}`);
  return Buffer.from(text, "hex");
}

/**
 * The agent's own key for client addresses in its resume state (collectors/coturn/transport.ts).
 * It never leaves the agent's host; losing it only costs transport hints of sessions open across
 * the agent's restart.
 */
export function agentAddressKey(): Buffer {
  return localKeyFile(dataDir(), "agent-address.key", "delete it to make a new one");
}

/** The key in use by this process (read or created once). */
export function ipHashKey(): IpHashKey {
  const e = env();
  const version = e.RELAYSCOPE_IP_HASH_KEY_VERSION;
  const source = e.RELAYSCOPE_IP_HASH_SECRET ? `${version}:env:${e.RELAYSCOPE_IP_HASH_SECRET}` : `${version}:file:${dataDir()}`;
  if (cached?.source === source) return cached.key;
  const key = e.RELAYSCOPE_IP_HASH_SECRET
    ? Buffer.from(e.RELAYSCOPE_IP_HASH_SECRET, "utf8")
    : localKeyFile(dataDir(), IP_HASH_KEY_FILE, "restore it, or set RELAYSCOPE_IP_HASH_SECRET");
  cached = { source, key: { version, key } };
  return cached.key;
}
