// `relayscope collect coturn`: follow coturn's log files and deliver what they say, to the app over
// HTTP (`--push`, one agent per TURN host) or straight into the database (`--direct`, one machine).
// This file parses and checks the flags, picks the sink and renders the status; the collector itself
// is collectors/coturn.
import os from "node:os";
import type { Command } from "commander";
import { z } from "zod";
import type { CheckpointSource } from "../../../collectors/agent/checkpoint-client";
import { HttpCheckpointSource } from "../../../collectors/agent/checkpoint-client";
import type { BatchSink } from "../../../collectors/agent/errors";
import type { Outgoing } from "../../../collectors/agent/outgoing";
import { HttpPushSink } from "../../../collectors/agent/push";
import { type CollectorStatus, CoturnCollector } from "../../../collectors/coturn";
import { formatProgress, formatStatus, RateMeter } from "../../../collectors/coturn/status";
import { agentIdSchema, type CoturnBatch, MAX_BATCH_BYTES } from "../../../collectors/schema/coturn";
import { env } from "../../../lib/env";
import { parseKey } from "../../../lib/keys/format";
import { log } from "../../../lib/log";
import { agentAddressKey } from "../../../lib/privacy/ip-hash-key";
import { type Database, openDatabase } from "../database";
import { CliError } from "../errors";
import { parseOption, slug } from "../validate";
import { registerCollectPrometheus } from "./collect-prometheus";

const FILE_ERRORS = new Set(["EACCES", "EPERM", "EISDIR", "ENOTDIR", "ELOOP", "EIO"]);

type RawOptions = {
  file?: string;
  server?: string;
  fromStart?: boolean;
  direct?: boolean;
  push?: string;
  key?: string;
  agentId?: string;
  once?: boolean;
  pollMs?: string;
  statusInterval?: string;
};

const appUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === "https:" || u.protocol === "http:") && !u.search && !u.hash;
  } catch {
    return false;
  }
}, "must be the app's base URL, e.g. https://relayscope.example.com");
const pollMs = z.coerce.number().int("must be whole milliseconds").min(20, "must be at least 20").max(60_000, "must be at most 60000");
const statusInterval = z.coerce.number().min(0, "must be 0 (off) or more seconds").max(86_400, "must be at most 86400 seconds");
const filePattern = z.string().trim().min(1, "must name a log file or a glob").max(1024);

/** The host name, made a valid agent id: stable across restarts, distinct per TURN host. */
export function defaultAgentId(): string {
  const id = os
    .hostname()
    .replace(/[^A-Za-z0-9._:@-]/g, "-")
    .slice(0, 100);
  return id || "agent";
}

export type CollectCoturnOptions = {
  file: string;
  server: string;
  fromStart: boolean;
  mode: DeliveryMode;
  agentId: string;
  once: boolean;
  pollMs: number;
  statusIntervalS: number;
};

export type DeliveryMode = { kind: "direct" } | { kind: "push"; url: string; key: string };

/** `--direct`, or `--push <app-url>` with a collector key (`--key` or RELAYSCOPE_COLLECTOR_KEY): every agent's choice. */
export function resolveDeliveryMode(
  raw: { direct?: boolean; push?: string; key?: string },
  server: string,
  keyFromEnv: string | undefined,
): DeliveryMode {
  if (Boolean(raw.direct) === Boolean(raw.push)) {
    throw new CliError("use exactly one of --direct (write to the database) or --push <app-url> (send to the relayscope app)");
  }
  if (!raw.push) {
    if (raw.key) throw new CliError("--key is only used with --push; --direct writes to the database itself");
    return { kind: "direct" };
  }
  const url = parseOption(appUrl, raw.push, "--push");
  const key = raw.key ?? keyFromEnv;
  if (!key) {
    throw new CliError(
      `--key is required with --push (or set RELAYSCOPE_COLLECTOR_KEY): create one with \`relayscope key create --kind collector --name ${server}-agent --server ${server}\``,
    );
  }
  if (parseKey(key)?.kind !== "collector") throw new CliError("--key is not a collector key (they look like rs_col_…)");
  return { kind: "push", url, key: key.trim() };
}

/** Checks every flag once, with one-line errors that name the flag (exported for unit tests). */
export function resolveCollectOptions(raw: RawOptions, keyFromEnv: string | undefined): CollectCoturnOptions {
  if (!raw.file) throw new CliError("--file is required: the coturn log file (e.g. /var/log/turn.log) or a glob");
  if (!raw.server) throw new CliError("--server is required: the name given to `relayscope server add`");
  const mode = resolveDeliveryMode(raw, raw.server, keyFromEnv);
  return {
    file: parseOption(filePattern, raw.file, "--file"),
    server: parseOption(slug, raw.server, "--server"),
    fromStart: raw.fromStart ?? false,
    mode,
    agentId: parseOption(agentIdSchema, raw.agentId ?? defaultAgentId(), "--agent-id"),
    once: raw.once ?? false,
    pollMs: parseOption(pollMs, raw.pollMs ?? "250", "--poll-ms"),
    statusIntervalS: parseOption(statusInterval, raw.statusInterval ?? "10", "--status-interval"),
  };
}

export function registerCollect(program: Command): void {
  const collect = program.command("collect").description("collect from TURN servers (coturn logs, Prometheus metrics)");
  registerCollectPrometheus(collect);
  collect
    .command("coturn")
    .description("follow coturn log files and deliver sessions, usage and events (resumes where it left off)")
    .option("--file <path|glob>", "coturn log file; /var/log/turn.log also means coturn's dated turn_YYYY-MM-DD.log files")
    .option("--server <name>", "the TURN server these logs belong to (as in `relayscope server add`)")
    .option("--from-start", "read files this agent has no checkpoint for from their first byte (default: from the end)")
    .option("--direct", "write to the database (DATABASE_URL or the embedded one) in this process")
    .option("--push <app-url>", "send to the relayscope app at this URL")
    .option("--key <collector-key>", "collector key for --push (default: RELAYSCOPE_COLLECTOR_KEY)")
    .option("--agent-id <id>", "this agent's name, for its checkpoints (default: the host name)")
    .option("--once", "read every matching file to its end, deliver everything, print the status and exit")
    .option("--poll-ms <n>", "how often to look for new lines and rotated files, in milliseconds", "250")
    .option("--status-interval <s>", "seconds between status lines on stderr (0: only at exit)", "10")
    .action(async (raw: RawOptions) => {
      const options = resolveCollectOptions(raw, env().RELAYSCOPE_COLLECTOR_KEY);
      await runCollect(options);
    });
}

async function connect(options: CollectCoturnOptions): Promise<{
  sink: BatchSink<Outgoing<CoturnBatch>>;
  checkpoints: CheckpointSource;
  db?: Database;
}> {
  if (options.mode.kind === "push") {
    const { url, key } = options.mode;
    return {
      sink: new HttpPushSink({ appUrl: url, key, path: "/api/ingest/coturn", maxBodyBytes: MAX_BATCH_BYTES }),
      checkpoints: new HttpCheckpointSource({ appUrl: url, key }),
    };
  }
  // The collector orders its own shutdown (flush first), so the database must not stop on the signal.
  const db = await openDatabase({ migrate: true, stopOnSignal: false });
  try {
    // Plain SQL, not Prisma: an agent stays light (the Prisma client alone costs ~100 MB of RSS).
    const { getIngestServer } = await import("../../../lib/ingest/coturn/get-server");
    if (!(await getIngestServer(options.server))) {
      throw new CliError(`unknown server "${options.server}": add it first with \`relayscope server add ${options.server}\``);
    }
    // Loaded only here: a --push agent never loads the database code.
    const { DirectSink } = await import("../../../collectors/agent/direct");
    const { DirectCheckpointSource } = await import("../../../collectors/agent/checkpoint-client");
    return { sink: new DirectSink(), checkpoints: new DirectCheckpointSource(), db };
  } catch (err) {
    await db.close();
    throw err;
  }
}

async function runCollect(options: CollectCoturnOptions): Promise<void> {
  const { sink, checkpoints, db } = await connect(options);
  const logger = log().child({ collector: "coturn", server: options.server, agent: options.agentId });
  const stop = new AbortController();
  const onSignal = () => {
    // A second Ctrl-C: do not wait for the flush (but never leave an embedded database running).
    if (stop.signal.aborted) {
      void (db?.close() ?? Promise.resolve()).finally(() => process.exit(130));
      return;
    }
    process.stderr.write("relayscope: stopping: delivering what is buffered (Ctrl-C again to quit at once)\n");
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const collector = new CoturnCollector({
    file: options.file,
    server: options.server,
    agentId: options.agentId,
    sink,
    checkpoints,
    fromStart: options.fromStart,
    once: options.once,
    pollMs: options.pollMs,
    addressKey: agentAddressKey(),
    // In-process delivery has no network to ride out: the log file is the buffer while the database
    // is away (the checkpoint says where to resume), so three batches in memory are enough and keep
    // a backfill's RSS small: the one being stored, the one being prepared meanwhile, and the one
    // being read. (Counted in batches: the byte bound, sized for three full batches, never binds.)
    buffer: options.mode.kind === "direct" ? { maxBatches: 3, maxBytes: 3 * MAX_BATCH_BYTES } : undefined,
    signal: stop.signal,
    logger: { info: (m) => logger.info(m), warn: (m) => logger.warn(m), debug: (m) => logger.debug(m) },
  });
  const display = new StatusDisplay(options, () => collector.status());
  process.stderr.write(
    `relayscope: collecting ${options.file} for server ${options.server} as agent ${options.agentId}, delivering to ${sink.name}\n`,
  );
  try {
    const result = await collector.run().catch((err: NodeJS.ErrnoException) => {
      // --once stops at an unreadable file (following keeps trying): a person has to fix it.
      if (typeof err?.code === "string" && FILE_ERRORS.has(err.code)) throw new CliError(`cannot read the log: ${err.message}`);
      throw err;
    });
    display.stop();
    process.stderr.write(`relayscope: coturn: ${display.line(result.status, true)}\n`);
    if (result.undelivered > 0) {
      process.stderr.write(
        `relayscope: ${result.undelivered} batch(es) not delivered; they are read again from the last checkpoint at the next start\n`,
      );
    }
    if (result.fatal) throw new CliError(`delivery failed: ${result.fatal.message}`);
  } finally {
    display.stop();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    await db?.close();
  }
}

/** Periodic status lines, or a progress bar for --from-start on a terminal. */
class StatusDisplay {
  private readonly rate = new RateMeter();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly bar: boolean;

  constructor(
    private readonly options: CollectCoturnOptions,
    status: () => CollectorStatus,
  ) {
    this.bar = options.fromStart && process.stderr.isTTY === true;
    if (options.statusIntervalS > 0) {
      this.timers.push(
        setInterval(() => {
          const s = status();
          if (s.phase === "starting") return;
          this.clearBar();
          process.stderr.write(`relayscope: coturn: ${this.line(s)}\n`);
        }, options.statusIntervalS * 1000).unref(),
      );
    }
    if (this.bar) {
      this.timers.push(
        setInterval(() => {
          const s = status();
          if (s.phase !== "reading") return;
          this.rate.sample(s);
          process.stderr.write(`\r\x1b[K${formatProgress(s, this.rate, process.stderr.columns || 100)}`);
        }, 250).unref(),
      );
    }
  }

  /** `final`: rates averaged over the whole run rather than since the last line. */
  line(s: CollectorStatus, final = false): string {
    const rate = final ? new RateMeter() : this.rate;
    if (final || !this.bar) rate.sample(s);
    const total = s.bytesRead + s.bytesPending;
    const progress =
      this.options.fromStart && !this.bar && s.phase === "reading" && total > 0
        ? `${Math.floor((s.bytesRead / total) * 100)}% of ${(total / 1048576).toFixed(1)} MiB · `
        : "";
    return `${progress}${formatStatus(s, rate)}`;
  }

  private clearBar(): void {
    if (this.bar) process.stderr.write("\r\x1b[K");
  }

  stop(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
    this.clearBar();
  }
}
