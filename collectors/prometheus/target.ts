// One scrape target of `collect prometheus`: fetch, parse, cap per-user series, turn counters into
// rates, and describe the attempt as a metrics batch, samples or not, so the app always has the
// target's last status. A failing target is tried again after a growing delay (its own backoff;
// other targets are not affected); a success goes back to the interval.
import { backoffDelay } from "../agent/backoff";
import type { MetricsBatch } from "../schema/metrics";
import { METRICS_WIRE_VERSION } from "../schema/metrics";
import { capPerUserSeries, DEFAULT_USER_SERIES_CAP } from "./cardinality";
import { fetchMetricsPage } from "./fetch";
import { parseScrape, ScrapeError } from "./parse";
import { type CounterMemory, withRates } from "./rates";

export type TargetOptions = {
  url: string;
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
    if (this.failures === 0) return this.opts.intervalMs;
    // From one interval, doubling, to at most ten intervals or five minutes, jittered.
    return Math.max(
      1000,
      backoffDelay(this.failures, { baseMs: this.opts.intervalMs / 2, capMs: Math.min(10 * this.opts.intervalMs, 300_000) }),
    );
  }

  async scrape(): Promise<MetricsBatch> {
    const now = this.opts.now ?? Date.now;
    const scrapedAt = now();
    const page = await fetchMetricsPage(this.opts.url, { timeoutMs: this.opts.timeoutMs, fetch: this.opts.fetch, now });
    const base = {
      version: METRICS_WIRE_VERSION,
      agentId: this.opts.agentId,
      server: this.opts.server,
      target: { mode: "scrape" as const, url: this.opts.url, intervalMs: this.opts.intervalMs },
      scrapedAt,
    };
    const failed = (reason: NonNullable<MetricsBatch["status"]["reason"]>, error: string, durationMs: number): MetricsBatch => {
      const batch = { ...base, status: { ok: false, durationMs, reason, error, failures: this.failures }, samples: [] };
      this.failures++;
      return batch;
    };
    if (!page.ok) return failed(page.reason, page.error, page.durationMs);
    let parsed: ReturnType<typeof parseScrape>;
    try {
      parsed = parseScrape(page.text, { includeUnknown: this.opts.includeUnknown });
    } catch (err) {
      if (err instanceof ScrapeError) return failed(err.reason, err.message, page.durationMs);
      throw err;
    }
    const capped = capPerUserSeries(parsed.samples, this.opts.userSeriesCap ?? DEFAULT_USER_SERIES_CAP);
    const rated = withRates(capped.samples, scrapedAt, this.memory);
    const warnings = [...parsed.warnings, ...capped.warnings];
    if (parsed.unknownFamilies.length && !this.opts.includeUnknown) {
      warnings.push(
        `${parsed.unknownFamilies.length} unknown families not stored (--include-unknown stores them): ${parsed.unknownFamilies.slice(0, 10).join(", ")}`,
      );
    }
    this.failures = 0;
    return {
      ...base,
      status: { ok: true, durationMs: page.durationMs, failures: 0 },
      software: parsed.software,
      warnings: warnings.slice(0, 20).map((w) => (w.length <= 1000 ? w : `${w.slice(0, 999)}…`)),
      samples: rated.samples.map((s) => ({ metric: s.metric, labels: s.labels, value: s.value, rate: s.rate })),
    };
  }
}
