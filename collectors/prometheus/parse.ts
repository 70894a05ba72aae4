// One scrape's text → flat, bounded series samples. The text format is parsed by a maintained
// library (parse-prometheus-text-format); what it accepts silently (an HTML page parses as nothing,
// NaN and ±Inf, a series twice, huge label values) is decided here, each with a clear reason. coturn
// 4.6.1 sends no Content-Type and a blank line after every family: both are fine. Histograms and
// summaries become their `_sum` and `_count` counters (buckets and quantiles are not kept). Pure.
import parsePrometheusTextFormat, { type ParsedFamily } from "parse-prometheus-text-format";
import { KNOWN_FAMILIES, type KnownFamily } from "./families";

export const MAX_SCRAPE_BYTES = 10 * 1024 * 1024;
export const MAX_SERIES_PER_SCRAPE = 20_000;
const MAX_NAME = 200;
const MAX_LABEL_VALUE = 200;
const MAX_LABELS = 20;
const MAX_LABELS_KEY = 1000;

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
    const m = /^(\S+(?:\{.*\})?)\s+\S+(?:\s+\S+)?\s*$/.exec(line);
    if (!m) continue;
    if (seen.has(m[1])) dup++;
    else seen.add(m[1]);
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

  const samples: SeriesSample[] = [];
  const unknownFamilies: string[] = [];
  const software = new Set<KnownFamily["software"]>();
  const warnings: string[] = [];
  const seen = new Set<string>();
  const skipped = { nonFinite: 0, duplicate: duplicateLines(text), tooLong: 0 };
  const judge = (family: string): boolean => {
    const known = KNOWN_FAMILIES.get(family);
    if (known) software.add(known.software);
    else if (!unknownFamilies.includes(family)) unknownFamilies.push(family);
    return known !== undefined || opts.includeUnknown === true;
  };
  for (const f of families) {
    const flat = flatten(f, aggregates);
    if (flat === "bucket") continue;
    // A family printed without samples (coturn's counters that never moved) still says what the target is.
    if (flat === "head" || flat.length === 0) {
      judge(f.name);
      continue;
    }
    if (!judge(flat[0].family)) continue;
    for (const s of flat) {
      const keys = Object.keys(s.labels);
      if (s.metric.length > MAX_NAME || keys.length > MAX_LABELS || keys.some((k) => s.labels[k].length > MAX_LABEL_VALUE)) {
        skipped.tooLong++;
        continue;
      }
      const labelsKey = labelsKeyOf(s.labels);
      if (labelsKey.length > MAX_LABELS_KEY) {
        skipped.tooLong++;
        continue;
      }
      const value = number(s.value);
      if (!Number.isFinite(value)) {
        skipped.nonFinite++;
        continue;
      }
      const id = `${s.metric}{${labelsKey}}`;
      if (seen.has(id)) {
        skipped.duplicate++;
        continue;
      }
      seen.add(id);
      if (samples.length >= MAX_SERIES_PER_SCRAPE) {
        throw new ScrapeError(
          "too_many_series",
          `more than ${MAX_SERIES_PER_SCRAPE} series in one scrape: a label explosion on the target`,
        );
      }
      samples.push({ metric: s.metric, kind: s.kind, labels: s.labels, labelsKey, value });
    }
  }
  if (skipped.nonFinite) warnings.push(`${skipped.nonFinite} series with NaN or ±Inf values skipped`);
  if (skipped.duplicate) warnings.push(`${skipped.duplicate} duplicate series lines (the last of each kept)`);
  if (skipped.tooLong) warnings.push(`${skipped.tooLong} series with over-long names or labels skipped`);
  return { samples, unknownFamilies, software: [...software], warnings };
}
