// Ingest and collector metrics on /metrics (same registry). Counters are per process: the app's for
// HTTP pushes, an agent's own for `collect --direct`. The collector series are read from
// collector_checkpoint at scrape time, so every app instance shows every agent, however it writes.
import client from "prom-client";
import { type LineSkipReason, type LineStats, lineSkipReasons, lineStats } from "../../collectors/schema/coturn";
import type { QuarantineReason } from "../ingest/coturn/validate";
import type { ItemRejectReason as GetstatsRejectReason } from "../ingest/getstats/validate";
import { type CollectorStatsRow, getCollectorStats } from "../queries/get-collector-stats";
import { registry } from "./registry";
import { scrapeTimeRead } from "./scrape-time-read";

/** Closed label values. */
export type IngestSource = "coturn" | "getstats" | "metrics";
export type IngestEventType = "run" | "session" | "usage" | "peer" | "event" | "stats" | "ice-error" | "state" | "invalid";
/** Why a whole request was refused (its status is on relayscope_ingest_batches_total). */
export type RequestRejectReason =
  | "payload_too_large"
  | "unsupported_media_type"
  | "unauthorized"
  | "origin_not_allowed"
  | "rate_limited"
  | "invalid_body";
export type IngestOutcomeLabel = "inserted" | "duplicate" | "quarantined";

type Metrics = {
  events: client.Counter<"source" | "type" | "outcome">;
  batches: client.Counter<"source" | "status">;
  quarantined: client.Counter<"source" | "reason">;
  rejected: client.Counter<"source" | "reason">;
};
type Holder = { relayscopeIngestMetrics?: Metrics };
const holder = globalThis as Holder;

// One database read per scrape, shared by the collector series.
const collectorRows = scrapeTimeRead(getCollectorStats, "collector");

function statsOf(row: CollectorStatsRow) {
  const parsed = lineStats.safeParse(row.stats);
  return parsed.success ? parsed.data : undefined;
}

/** Calls `apply` with each agent's labels and its latest line statistics. */
async function eachAgentStats(apply: (labels: { server: string; agent: string }, s: LineStats) => void): Promise<void> {
  for (const row of await collectorRows()) {
    const s = statsOf(row);
    if (s) apply({ server: row.server, agent: row.agent }, s);
  }
}

function create(): Metrics {
  new client.Counter({
    name: "relayscope_collector_lines_total",
    help: "Log lines an agent has read (cumulative, from its latest checkpoint)",
    labelNames: ["server", "agent"],
    registers: [registry],
    async collect() {
      this.reset();
      await eachAgentStats((labels, s) => this.inc(labels, s.lines));
    },
  });
  new client.Gauge({
    name: "relayscope_collector_lines_skipped",
    help: "Log lines an agent did not turn into events, by reason (cumulative, from its latest checkpoint)",
    labelNames: ["server", "agent", "reason"],
    registers: [registry],
    async collect() {
      this.reset();
      await eachAgentStats((labels, s) => {
        for (const reason of lineSkipReasons) this.set({ ...labels, reason }, s.skipped[reason as LineSkipReason] ?? 0);
      });
    },
  });
  const statGauge = (name: string, help: string, pick: (s: LineStats) => number | undefined) =>
    new client.Gauge({
      name,
      help,
      labelNames: ["server", "agent"],
      registers: [registry],
      async collect() {
        this.reset();
        await eachAgentStats((labels, s) => {
          const v = pick(s);
          if (v !== undefined) this.set(labels, v);
        });
      },
    });
  statGauge("relayscope_collector_lag_bytes", "Bytes of the log an agent had not read yet at its latest checkpoint", (s) => s.pendingBytes);
  statGauge(
    "relayscope_collector_buffer_fill_ratio",
    "How full an agent's delivery buffer was at its latest checkpoint (0–1)",
    (s) => s.bufferFill,
  );
  new client.Gauge({
    name: "relayscope_collector_checkpoint_age_seconds",
    help: "Seconds since an agent last committed a checkpoint",
    labelNames: ["server", "agent"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await collectorRows()) this.set({ server: row.server, agent: row.agent }, row.age_seconds);
    },
  });
  return {
    events: new client.Counter({
      name: "relayscope_ingest_events_total",
      help: "Ingested events by source, event type and outcome (inserted, duplicate, quarantined)",
      labelNames: ["source", "type", "outcome"],
      registers: [registry],
    }),
    batches: new client.Counter({
      name: "relayscope_ingest_batches_total",
      help: "Ingest batches by source and answer status (200, 207, 400…)",
      labelNames: ["source", "status"],
      registers: [registry],
    }),
    quarantined: new client.Counter({
      name: "relayscope_ingest_quarantined_total",
      help: "Quarantined events by source and reason category",
      labelNames: ["source", "reason"],
      registers: [registry],
    }),
    rejected: new client.Counter({
      name: "relayscope_ingest_requests_rejected_total",
      help: "Ingest requests refused as a whole, by source and reason (oversized, wrong type, bad key, origin, rate limit, bad body)",
      labelNames: ["source", "reason"],
      registers: [registry],
    }),
  };
}

holder.relayscopeIngestMetrics ??= create();
const metrics = holder.relayscopeIngestMetrics;

export function recordBatch(source: IngestSource, status: number): void {
  metrics.batches.inc({ source, status: String(status) });
}

export function recordEvents(source: IngestSource, type: IngestEventType, outcome: IngestOutcomeLabel, n: number): void {
  if (n > 0) metrics.events.inc({ source, type, outcome }, n);
}

export function recordRejectedRequest(source: IngestSource, reason: RequestRejectReason): void {
  metrics.rejected.inc({ source, reason });
}

export function recordQuarantined(source: IngestSource, reason: QuarantineReason | GetstatsRejectReason, n = 1): void {
  if (n > 0) metrics.quarantined.inc({ source, reason }, n);
}
