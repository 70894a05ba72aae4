// One scrape target of `collect prometheus`: fetch, parse, cap per-user series, turn counters into
// rates, and describe the attempt as a metrics batch, samples or not, so the app always has the
// target's last status. A failing target is tried again after a growing delay (its own backoff;
// other targets are not affected); a success goes back to the interval.
import { backoffDelay } from "../agent/backoff";
import type { MetricsBatch } from "../schema/metrics";
import { METRICS_WIRE_VERSION } from "../schema/metrics";
import { capPerUserSeries, DEFAULT_USER_SERIES_CAP } from "./cardinality";
import type { ServerSoftware } from "./families";
import { fetchMetricsPage } from "./fetch";
import { parseScrape, ScrapeError, type SeriesSample } from "./parse";
import { queryPromql } from "./promql";
import { type CounterMemory, withRates } from "./rates";

/** A page to scrape, or a PromQL query against a Prometheus-compatible API. */
export type TargetSource = { mode: "scrape"; url: string } | { mode: "promql"; api: string; query: string };

export type TargetOptions = {
  source: TargetSource;
  server: string;
  agentId: string;
  intervalMs: number;
  timeoutMs: number;
  includeUnknown?: boolean;
  userSeriesCap?: number;
  fetch?: typeof fetch;
  now?: () => number;
};

export class ScrapeTarget {
  private readonly memory: CounterMemory = new Map();
  /** Failed attempts in a row. */
  failures = 0;

  constructor(private readonly opts: TargetOptions) {}

  /** How long to wait before the next attempt. */
  nextDelayMs(): number {
    const interval = this.opts.intervalMs;
    if (this.failures === 0) return interval;
    // Never sooner than a normal scrape: one interval plus a jittered, doubling extra, in all at
    // most ten intervals or five minutes (whichever is longer than the interval).
    const cap = Math.max(interval, Math.min(10 * interval, 300_000));
    return Math.min(cap, interval + backoffDelay(this.failures, { baseMs: interval, capMs: cap - interval }));
  }

  async scrape(): Promise<MetricsBatch> {
    const now = this.opts.now ?? Date.now;
    const scrapedAt = now();
    const src = this.opts.source;
    const base = {
      version: METRICS_WIRE_VERSION,
      agentId: this.opts.agentId,
      server: this.opts.server,
      target:
        src.mode === "scrape"
          ? { mode: "scrape" as const, url: src.url, intervalMs: this.opts.intervalMs }
          : { mode: "promql" as const, url: src.api, query: src.query, intervalMs: this.opts.intervalMs },
      scrapedAt,
    };
    const failed = (reason: NonNullable<MetricsBatch["status"]["reason"]>, error: string, durationMs: number): MetricsBatch => {
      const batch = { ...base, status: { ok: false, durationMs, reason, error, failures: this.failures }, samples: [] };
      this.failures++;
      return batch;
    };
    const got = await this.read(src, now);
    if (!got.ok) return failed(got.reason, got.error, got.durationMs);
    const capped = capPerUserSeries(got.samples, this.opts.userSeriesCap ?? DEFAULT_USER_SERIES_CAP);
    const rated = withRates(capped.samples, scrapedAt, this.memory);
    const warnings = [...got.warnings, ...capped.warnings];
    this.failures = 0;
    return {
      ...base,
      status: { ok: true, durationMs: got.durationMs, failures: 0 },
      software: got.software,
      warnings: warnings.slice(0, 20).map((w) => (w.length <= 1000 ? w : `${w.slice(0, 999)}…`)),
      samples: rated.samples.map((s) => ({ metric: s.metric, labels: s.labels, value: s.value, rate: s.rate })),
    };
  }

  /** The series of one attempt, or why there are none. */
  private async read(src: TargetSource, now: () => number) {
    type Read =
      | { ok: true; samples: SeriesSample[]; warnings: string[]; software: ServerSoftware[]; durationMs: number }
      | { ok: false; reason: NonNullable<MetricsBatch["status"]["reason"]>; error: string; durationMs: number };
    if (src.mode === "promql") {
      const r = await queryPromql(src.api, src.query, { timeoutMs: this.opts.timeoutMs, fetch: this.opts.fetch, now });
      return (r.ok ? { ...r, software: [] } : r) as Read;
    }
    const page = await fetchMetricsPage(src.url, { timeoutMs: this.opts.timeoutMs, fetch: this.opts.fetch, now });
    if (!page.ok) return page as Read;
    try {
      const parsed = parseScrape(page.text, { includeUnknown: this.opts.includeUnknown });
      const warnings = [...parsed.warnings];
      if (parsed.unknownFamilies.length && !this.opts.includeUnknown) {
        warnings.push(
          `${parsed.unknownFamilies.length} unknown families not stored (--include-unknown stores them): ${parsed.unknownFamilies.slice(0, 10).join(", ")}`,
        );
      }
      return { ok: true, samples: parsed.samples, warnings, software: parsed.software, durationMs: page.durationMs } as Read;
    } catch (err) {
      if (err instanceof ScrapeError) return { ok: false, reason: err.reason, error: err.message, durationMs: page.durationMs } as Read;
      throw err;
    }
  }
}
