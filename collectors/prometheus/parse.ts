// One scrape's text → flat, bounded series samples. The text format is parsed by a maintained
// library (parse-prometheus-text-format); what it accepts silently (an HTML page parses as nothing,
// NaN and ±Inf, a series twice, huge label values) is decided here, each with a clear reason. coturn
// 4.6.1 sends no Content-Type and a blank line after every family: both are fine. Histograms and
// summaries become their `_sum` and `_count` counters (buckets and quantiles are not kept). Pure.
import parsePrometheusTextFormat, { type ParsedFamily } from "parse-prometheus-text-format";
import { KNOWN_FAMILIES, type KnownFamily } from "./families";

export const MAX_SCRAPE_BYTES = 10 * 1024 * 1024;
export const MAX_SERIES_PER_SCRAPE = 20_000;
/** Families in one page, known or not: beyond this the page is a label or name explosion. */
export const MAX_FAMILIES_PER_SCRAPE = 20_000;
const MAX_LABEL_VALUE = 200;
const MAX_LABELS = 20;
const MAX_LABELS_KEY = 1000;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]{0,199}$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,99}$/;

/**
 * Whether a series fits the wire format and the sample table (collectors/schema/metrics.ts):
 * checked here, one series at a time, so that one odd series is skipped instead of refusing the
 * whole scrape. Shared with PromQL-API mode.
 */
export function seriesFits(metric: string, labels: Record<string, string>, labelsKey: string): boolean {
  if (!METRIC_NAME.test(metric)) return false;
  const keys = Object.keys(labels);
  if (keys.length > MAX_LABELS || labelsKey.length > MAX_LABELS_KEY) return false;
  return keys.every((k) => LABEL_NAME.test(k) && labels[k].length <= MAX_LABEL_VALUE);
}

export type SampleKind = "counter" | "gauge";
export type SeriesSample = { metric: string; kind: SampleKind; labels: Record<string, string>; labelsKey: string; value: number };
export type ParsedScrape = {
  samples: SeriesSample[];
  /** Families seen that relayscope does not know (stored only with includeUnknown). */
  unknownFamilies: string[];
  /** Softwares whose families were seen (coturn, eturnal, stunner). */
  software: KnownFamily["software"][];
  /** Problems with single series; the rest of the scrape is kept. */
  warnings: string[];
};

export type ScrapeFailure = "empty" | "html" | "not_metrics" | "too_large" | "too_many_series";
export class ScrapeError extends Error {
  constructor(
    readonly reason: ScrapeFailure,
    message: string,
  ) {
    super(message);
    this.name = "ScrapeError";
  }
}

/** `a="1",b="2"`, keys sorted: the series identity within a metric. */
export function labelsKeyOf(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(",");
}

/**
 * Series written twice in the page. The parser keeps the last of each without a word, so they are
 * counted here from the raw lines (the text before the value is the series as written).
 */
function duplicateLines(text: string): number {
  const seen = new Set<string>();
  let dup = 0;
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    // The series as written: the name and its {labels} (label values may hold spaces), not the value.
    const brace = line.indexOf("{");
    const end = brace === -1 ? line.search(/\s/) : line.lastIndexOf("}") + 1;
    if (end <= 0) continue;
    const id = line.slice(0, end);
    if (seen.has(id)) dup++;
    else seen.add(id);
  }
  return dup;
}

function number(text: string): number {
  if (text === "+Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  return Number(text);
}

type FlatSample = { family: string; metric: string; kind: SampleKind; labels: Record<string, string>; value: string };

/**
 * Histograms and summaries are declared untyped before parsing (the parser drops `_sum` and
 * `_count` of labelled histograms), so their lines come back as families of their own: `_sum` and
 * `_count` are kept as counters of the histogram's family, buckets and quantiles are not.
 */
function untypeAggregates(text: string): { text: string; aggregates: Set<string> } {
  const aggregates = new Set<string>();
  const rewritten = text.replace(/^# TYPE (\S+) (histogram|summary)[ \t]*$/gm, (_line, name: string) => {
    aggregates.add(name);
    return `# TYPE ${name} untyped`;
  });
  return { text: rewritten, aggregates };
}

/** What a parsed family is: a histogram's own (empty) head, a bucket series to drop, or samples. */
function flatten(f: ParsedFamily, aggregates: ReadonlySet<string>): "head" | "bucket" | FlatSample[] {
  if (aggregates.has(f.name)) return "head";
  const part = /^(.*)_(sum|count|bucket)$/.exec(f.name);
  const parent = part && aggregates.has(part[1]) ? part[1] : null;
  if (parent && part?.[2] === "bucket") return "bucket";
  const kind: SampleKind = parent || f.type === "COUNTER" ? "counter" : "gauge";
  const out: FlatSample[] = [];
  for (const m of f.metrics)
    if ("value" in m) out.push({ family: parent ?? f.name, metric: f.name, kind, labels: m.labels ?? {}, value: m.value });
  return out;
}

export function parseScrape(text: string, opts: { includeUnknown?: boolean } = {}): ParsedScrape {
  if (text.length > MAX_SCRAPE_BYTES) throw new ScrapeError("too_large", `the page is larger than ${MAX_SCRAPE_BYTES} bytes`);
  if (text.trim() === "") throw new ScrapeError("empty", "the page is empty");
  if (/^\s*</.test(text)) throw new ScrapeError("html", "the page is HTML, not Prometheus metrics: check the URL and path (/metrics)");
  const { text: parseable, aggregates } = untypeAggregates(text);
  let families: ParsedFamily[];
  try {
    families = parsePrometheusTextFormat(parseable);
  } catch (err) {
    throw new ScrapeError("not_metrics", `not Prometheus text format: ${(err as Error).message}`);
  }
  if (families.length === 0) throw new ScrapeError("not_metrics", "no metric families in the page: not Prometheus text format");

  if (families.length > MAX_FAMILIES_PER_SCRAPE) {
    throw new ScrapeError(
      "too_many_series",
      `more than ${MAX_FAMILIES_PER_SCRAPE} metric families in one scrape: a name explosion on the target`,
    );
  }
  // A page of bare words ("OK", "Bad Request") parses as unknown families without types: no metrics.
  if (!/^# TYPE /m.test(text) && !families.some((f) => KNOWN_FAMILIES.has(f.name))) {
    throw new ScrapeError("not_metrics", "no # TYPE line and no known metric in the page: not a metrics page (check the path)");
  }

  const samples: SeriesSample[] = [];
  const unknownFamilies = new Set<string>();
  const software = new Set<KnownFamily["software"]>();
  const warnings: string[] = [];
  const seen = new Set<string>();
  const skipped = { nonFinite: 0, duplicate: duplicateLines(text), odd: 0 };
  const judge = (family: string): KnownFamily | undefined => {
    const known = KNOWN_FAMILIES.get(family);
    if (known) software.add(known.software);
    else unknownFamilies.add(family);
    return known;
  };
  const add = (metric: string, kind: SampleKind, labels: Record<string, string>, value: number) => {
    const labelsKey = labelsKeyOf(labels);
    if (!seriesFits(metric, labels, labelsKey)) {
      skipped.odd++;
      return;
    }
    if (!Number.isFinite(value)) {
      skipped.nonFinite++;
      return;
    }
    const id = `${metric}{${labelsKey}}`;
    if (seen.has(id)) return; // counted from the raw lines
    seen.add(id);
    if (samples.length >= MAX_SERIES_PER_SCRAPE) {
      throw new ScrapeError("too_many_series", `more than ${MAX_SERIES_PER_SCRAPE} series in one scrape: a label explosion on the target`);
    }
    samples.push({ metric, kind, labels, labelsKey, value });
  };
  for (const f of families) {
    const flat = flatten(f, aggregates);
    if (flat === "bucket") continue;
    if (flat === "head") {
      judge(f.name);
      continue;
    }
    const family = flat[0]?.family ?? f.name;
    const known = judge(family);
    if (!known && !opts.includeUnknown) continue;
    // A family printed without samples (coturn's counters that never moved) reads 0 when its one
    // series is known; else it only says what the target is.
    if (flat.length === 0) {
      if (known?.zeroWhenEmpty) add(f.name, "counter", {}, 0);
      continue;
    }
    for (const s of flat) {
      // A relabelling proxy or /federate may print a known counter untyped: it is still a counter.
      const kind: SampleKind = s.kind === "counter" || known?.kind === "counter" ? "counter" : "gauge";
      add(s.metric, kind, s.labels, number(s.value));
    }
  }
  if (skipped.nonFinite) warnings.push(`${skipped.nonFinite} series with NaN or ±Inf values skipped`);
  if (skipped.duplicate) warnings.push(`${skipped.duplicate} duplicate series lines (one of each kept)`);
  if (skipped.odd) warnings.push(`${skipped.odd} series with odd or over-long names or labels skipped`);
  return { samples, unknownFamilies: [...unknownFamilies], software: [...software], warnings };
}
