// `relayscope collect prometheus`: scrape one TURN server's Prometheus endpoint every interval and
// deliver each scrape (or failed attempt) to the app (`--push`) or the database (`--direct`). A
// failing target backs off on its own; its status (last success, error, series) is always delivered.
import { setTimeout as sleep } from "node:timers/promises";
import type { Command } from "commander";
import { z } from "zod";
import { BatchBuffer } from "../../../collectors/agent/buffer";
import { Deliverer } from "../../../collectors/agent/deliver";
import type { BatchSink } from "../../../collectors/agent/errors";
import { Outgoing } from "../../../collectors/agent/outgoing";
import { HttpPushSink } from "../../../collectors/agent/push";
import { DEFAULT_USER_SERIES_CAP } from "../../../collectors/prometheus/cardinality";
import { ScrapeTarget, type TargetSource } from "../../../collectors/prometheus/target";
import { agentIdSchema } from "../../../collectors/schema/coturn";
import { MAX_METRICS_BATCH_BYTES, type MetricsBatch } from "../../../collectors/schema/metrics";
import { env } from "../../../lib/env";
import { log } from "../../../lib/log";
import { type Database, openDatabase } from "../database";
import { CliError } from "../errors";
import { parseOption, slug } from "../validate";
import { type DeliveryMode, defaultAgentId, resolveDeliveryMode } from "./collect";

type RawOptions = {
  url?: string;
  prometheusApi?: string;
  query?: string;
  server?: string;
  interval: string;
  timeout?: string;
  includeUnknown?: boolean;
  userSeriesCap: string;
  direct?: boolean;
  push?: string;
  key?: string;
  agentId?: string;
  once?: boolean;
};

const httpUrl = z.string().refine((v) => {
  try {
    return ["http:", "https:"].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}, "must be an http(s) URL, e.g. http://turn-eu-1:9641/metrics");
/** `15s`, `1m`, `500ms`, or plain seconds. */
const duration = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?(ms|s|m)?$/, "must be a duration such as 15s, 1m or 500ms")
    .transform((v) => {
      const n = Number.parseFloat(v);
      return v.endsWith("ms") ? n : v.endsWith("m") ? n * 60_000 : n * 1000;
    })
    .refine((ms) => ms >= min && ms <= max, `must be between ${min / 1000} s and ${max / 1000} s`);

export type CollectPrometheusOptions = {
  source: TargetSource;
  server: string;
  intervalMs: number;
  timeoutMs: number;
  includeUnknown: boolean;
  userSeriesCap: number;
  mode: DeliveryMode;
  agentId: string;
  once: boolean;
};

export function resolvePrometheusOptions(raw: RawOptions, keyFromEnv: string | undefined): CollectPrometheusOptions {
  if (Boolean(raw.url) === Boolean(raw.prometheusApi)) {
    throw new CliError(
      "use exactly one of --url <metrics-url> (scrape the TURN server: coturn serves http://<host>:9641/metrics) or --prometheus-api <url> --query <promql> (read from your Prometheus)",
    );
  }
  if (raw.prometheusApi && !raw.query)
    throw new CliError("--query is required with --prometheus-api: the PromQL whose series belong to this server");
  if (raw.query && !raw.prometheusApi) throw new CliError("--query is only used with --prometheus-api");
  if (!raw.server) throw new CliError("--server is required: the name given to `relayscope server add`");
  const mode = resolveDeliveryMode(raw, raw.server, keyFromEnv);
  const intervalMs = parseOption(duration(1000, 3_600_000), raw.interval, "--interval");
  // Default: 10 s, or the interval when it is shorter.
  const timeoutMs =
    raw.timeout === undefined ? Math.min(10_000, intervalMs) : parseOption(duration(500, 120_000), raw.timeout, "--timeout");
  if (timeoutMs > intervalMs) throw new CliError("--timeout must not be longer than --interval");
  return {
    source: raw.prometheusApi
      ? {
          mode: "promql",
          api: parseOption(httpUrl, raw.prometheusApi, "--prometheus-api"),
          query: parseOption(z.string().trim().min(1).max(2000), raw.query, "--query"),
        }
      : { mode: "scrape", url: parseOption(httpUrl, raw.url, "--url") },
    server: parseOption(slug, raw.server, "--server"),
    intervalMs,
    timeoutMs,
    includeUnknown: raw.includeUnknown ?? false,
    userSeriesCap: parseOption(z.coerce.number().int().min(1).max(100_000), raw.userSeriesCap, "--user-series-cap"),
    mode,
    agentId: parseOption(agentIdSchema, raw.agentId ?? defaultAgentId(), "--agent-id"),
    once: raw.once ?? false,
  };
}

export function registerCollectPrometheus(collect: Command): void {
  collect
    .command("prometheus")
    .description(
      "scrape a TURN server's Prometheus metrics (coturn, eturnal, STUNner), or read them from a Prometheus-compatible query API, and deliver samples, rates and the target's status",
    )
    .option("--url <metrics-url>", "the target, e.g. http://turn-eu-1:9641/metrics")
    .option("--prometheus-api <url>", "instead of --url: a Prometheus, Thanos, Mimir or VictoriaMetrics query API (its base URL)")
    .option("--query <promql>", "with --prometheus-api: the instant-vector query of this server's series")
    .option("--server <name>", "the TURN server it belongs to (as in `relayscope server add`)")
    .option("--interval <duration>", "between scrapes (15s, 1m…)", "15s")
    .option("--timeout <duration>", "for one scrape (default: 10s, or the interval when shorter)")
    .option("--include-unknown", "also store families relayscope does not know")
    .option(
      "--user-series-cap <n>",
      "distinct `user` label values per metric before they are summed per realm",
      String(DEFAULT_USER_SERIES_CAP),
    )
    .option("--direct", "write to the database (DATABASE_URL or the embedded one) in this process")
    .option("--push <app-url>", "send to the relayscope app at this URL")
    .option("--key <collector-key>", "collector key for --push (default: RELAYSCOPE_COLLECTOR_KEY)")
    .option("--agent-id <id>", "this agent's name (default: the host name)")
    .option("--once", "scrape once, deliver, print the target's status and exit (1 if the scrape failed)")
    .action(async (raw: RawOptions) => {
      await runPrometheus(resolvePrometheusOptions(raw, env().RELAYSCOPE_COLLECTOR_KEY));
    });
}

async function connect(options: CollectPrometheusOptions): Promise<{ sink: BatchSink<Outgoing<MetricsBatch>>; db?: Database }> {
  if (options.mode.kind === "push") {
    const { url, key } = options.mode;
    return { sink: new HttpPushSink({ appUrl: url, key, path: "/api/ingest/metrics", maxBodyBytes: MAX_METRICS_BATCH_BYTES }) };
  }
  const db = await openDatabase({ migrate: true, stopOnSignal: false });
  try {
    const { getIngestServer } = await import("../../../lib/ingest/coturn/get-server");
    if (!(await getIngestServer(options.server))) {
      throw new CliError(`unknown server "${options.server}": add it first with \`relayscope server add ${options.server}\``);
    }
    const { MetricsDirectSink } = await import("../../../collectors/prometheus/direct-sink");
    return { sink: new MetricsDirectSink(), db };
  } catch (err) {
    await db.close();
    throw err;
  }
}

function describe(batch: MetricsBatch, nextMs: number | null): string {
  const s = batch.status;
  const next = nextMs === null ? "" : `; next in ${Math.round(nextMs / 1000)} s`;
  if (!s.ok) return `failed (${s.reason}): ${s.error}${next}`;
  const software = batch.software?.length ? ` (${batch.software.join(", ")})` : "";
  const warnings = batch.warnings?.length ? `; ${batch.warnings.join("; ")}` : "";
  return `ok, ${batch.samples.length} series${software} in ${s.durationMs} ms${warnings}`;
}

async function runPrometheus(options: CollectPrometheusOptions): Promise<void> {
  const { sink, db } = await connect(options);
  const logger = log().child({ collector: "prometheus", server: options.server, agent: options.agentId });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const buffer = new BatchBuffer<Outgoing<MetricsBatch>>({ maxBatches: 240, maxBytes: 64 * 1024 * 1024 }, (n) =>
    logger.warn(n.kind === "paused" ? "delivery is behind: scraping paused until the buffer drains" : "delivery caught up: scraping again"),
  );
  let fatalError: Error | undefined;
  const deliverer = new Deliverer({
    sink,
    buffer,
    logger: { info: (m) => logger.info(m), warn: (m) => logger.warn(m) },
    onFatal: (err) => {
      fatalError = err;
      stop.abort();
    },
  });
  deliverer.start();
  const target = new ScrapeTarget({ ...options });
  const what = options.source.mode === "scrape" ? options.source.url : `${options.source.api} (${options.source.query})`;
  const verb = options.source.mode === "scrape" ? "scraping" : "querying";
  process.stderr.write(
    `relayscope: ${verb} ${what} for server ${options.server} every ${options.intervalMs / 1000} s, delivering to ${sink.name}\n`,
  );
  let last: MetricsBatch | undefined;
  try {
    while (!stop.signal.aborted) {
      last = await target.scrape();
      await buffer.waitForSpace(stop.signal);
      const json = JSON.stringify(last);
      buffer.push(new Outgoing(last, last.samples.length, json.length), json.length);
      const next = options.once ? null : target.nextDelayMs();
      process.stderr.write(`relayscope: prometheus ${what}: ${describe(last, next)}\n`);
      if (options.once || next === null) break;
      await sleep(next, undefined, { signal: stop.signal }).catch(() => {});
    }
    const { left } = await deliverer.flush(options.once ? 30_000 : 10_000);
    if (fatalError) throw new CliError(`delivery failed: ${fatalError.message}`);
    if (left > 0) process.stderr.write(`relayscope: ${left} scrape(s) not delivered\n`);
    if (options.once && last && !last.status.ok) {
      const delivered = left === 0 ? "; its status was delivered" : "";
      throw new CliError(`the scrape failed (${last.status.reason}): ${last.status.error}${delivered}`);
    }
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    await db?.close();
  }
}
