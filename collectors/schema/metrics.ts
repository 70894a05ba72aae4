// The metrics collector → app wire format (POST /api/ingest/metrics): one scrape of one target, or
// one failed attempt (status only, no samples), so the app always knows each target's last state.
// Every field is bounded; the app recomputes series keys itself and never trusts the agent's.
import { z } from "zod";
import { agentIdSchema } from "./coturn";

export const METRICS_WIRE_VERSION = 1;
export const ACCEPTED_METRICS_WIRE_VERSIONS = [1] as const;
export const MAX_SAMPLES_PER_BATCH = 20_000;
/** 20,000 samples of a few hundred bytes each, gzipped on the wire. */
export const MAX_METRICS_BATCH_BYTES = 16 * 1024 * 1024;

const MIN_TIME_MS = Date.UTC(2000, 0, 1);
const MAX_TIME_MS = Date.UTC(2200, 0, 1);

export const scrapeFailures = [
  "timeout",
  "unreachable",
  "http_status",
  "empty",
  "html",
  "not_metrics",
  "too_large",
  "too_many_series",
] as const;
export type ScrapeFailureReason = (typeof scrapeFailures)[number];

export const metricSample = z.object({
  metric: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,199}$/, "a Prometheus metric name of at most 200 characters"),
  labels: z
    .record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,99}$/, "a label name"), z.string().max(200))
    .refine((l) => Object.keys(l).length <= 20, "at most 20 labels"),
  value: z.number().finite(),
  /** Per second since the previous scrape, for counters; null on a first sample or for gauges. */
  rate: z.number().finite().min(0).nullable(),
});

export const metricsBatch = z.object({
  version: z.number().int(),
  agentId: agentIdSchema,
  server: z.string().min(1).max(100),
  target: z.object({
    mode: z.enum(["scrape", "promql"]),
    url: z.string().url().max(1024),
    query: z.string().max(2000).optional(),
    intervalMs: z.number().int().min(1000).max(3_600_000),
  }),
  scrapedAt: z.number().min(MIN_TIME_MS).max(MAX_TIME_MS),
  status: z.object({
    ok: z.boolean(),
    durationMs: z.number().int().min(0).max(600_000),
    error: z.string().max(1000).optional(),
    reason: z.enum(scrapeFailures).optional(),
    /** Consecutive failures before this one (the agent backs off on them). */
    failures: z.number().int().min(0).max(1e9).default(0),
  }),
  /** Softwares recognised from the families (coturn, eturnal, stunner). */
  software: z
    .array(z.enum(["coturn", "eturnal", "stunner"]))
    .max(3)
    .default([]),
  warnings: z.array(z.string().max(1000)).max(20).default([]),
  samples: z.array(metricSample).max(MAX_SAMPLES_PER_BATCH),
});

export type MetricsBatch = z.input<typeof metricsBatch>;
export type MetricSampleWire = z.input<typeof metricSample>;
