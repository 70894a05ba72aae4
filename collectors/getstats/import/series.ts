// webrtc-internals keeps getStats as one time series per stats object and field ("<statsId>-<field>",
// a JSON array of values, one per poll of the page, about once a second). This turns them back into
// the reports the page saw, poll by poll, for the SDK's summariser.
//
// How samples line up (seen in Chromium 156's dump, and the rule fippo's dump importer uses): each
// stats object has a `<id>-timestamp` series, one entry per poll the object was in; a field that
// appeared later has a shorter series that ends with the object's, so it lines up from the end.
// The series' startTime/endTime (ISO, ms) confirm it, and place a field that stopped early. Objects
// share the poll's time, except remote-inbound/outbound-rtp, whose timestamp is when the far end's
// RTCP report came (it repeats across polls until the next one): those are counted back from the
// last poll of their local stream (`localId`). Objects without a timestamp series (Chromium before
// 117) get their samples spread evenly between startTime and endTime. Computed series
// ("<id>-[bytesSent_in_bits/s]") are the page's own arithmetic, not getStats: left out.
import type { StatsEntry } from "../sdk/stats";
import { issueLines, MAX_SAMPLES_PER_SERIES, seriesSchema } from "./dump";

/** Polls closer than this are one poll (one report's objects all carry the same timestamp). */
const SAME_POLL_MS = 100;
/** startTime/endTime are ISO with whole ms; timestamps have fractions. */
const ISO_SLACK_MS = 1;
const RTCP_TIMED = new Set(["remote-inbound-rtp", "remote-outbound-rtp"]);

type Field = { values: unknown[]; start?: number; end?: number };
type StatsObject = { id: string; type?: string; fields: Map<string, Field> };
/** One stats object placed on the polls: its sample j is in poll polls[j]; fields by their own offset. */
type Placed = { id: string; type: string; times: number[]; polls: number[]; fields: [name: string, field: Field, offset: number][] };

export type StatsTimeline = {
  /** The page's polls, in order (ms since the epoch). */
  times: number[];
  /** The report of poll k, as getStats gave it (id, type, timestamp and the fields known then). */
  reportAt(k: number): StatsEntry[];
};

const isoTime = (s: string | undefined) => {
  const t = s === undefined ? Number.NaN : Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
};

function parseValues(raw: string | unknown[]): unknown[] | string {
  if (Array.isArray(raw)) return raw;
  let values: unknown;
  try {
    values = JSON.parse(raw);
  } catch {
    return "values is not JSON";
  }
  if (!Array.isArray(values)) return "values is not a JSON array";
  if (values.length > MAX_SAMPLES_PER_SERIES) return `more than ${MAX_SAMPLES_PER_SERIES} samples`;
  return values;
}

/** Series grouped by stats object; malformed series are reported and left out. */
function groupSeries(stats: Record<string, unknown>, warn: (message: string) => void): Map<string, StatsObject> {
  const objects = new Map<string, StatsObject>();
  for (const [key, raw] of Object.entries(stats)) {
    if (key.includes("[")) continue; // the page's computed series
    const dash = key.lastIndexOf("-");
    if (dash <= 0 || dash === key.length - 1) {
      warn(`stats key ${JSON.stringify(key)}: not "<statsId>-<field>"; skipped`);
      continue;
    }
    const parsed = seriesSchema.safeParse(raw);
    if (!parsed.success) {
      warn(`stats series ${JSON.stringify(key)}: ${issueLines(parsed.error, 2).join("; ")}; skipped`);
      continue;
    }
    const values = parseValues(parsed.data.values);
    if (typeof values === "string" || values.length === 0) {
      warn(`stats series ${JSON.stringify(key)}: ${typeof values === "string" ? values : "no samples"}; skipped`);
      continue;
    }
    const id = key.slice(0, dash);
    let obj = objects.get(id);
    if (!obj) {
      obj = { id, fields: new Map() };
      objects.set(id, obj);
    }
    obj.type ??= parsed.data.statsType;
    obj.fields.set(key.slice(dash + 1), { values, start: isoTime(parsed.data.startTime), end: isoTime(parsed.data.endTime) });
  }
  return objects;
}

/** The object's sample times: its timestamp series, else (before Chromium 117) spread over its longest series. */
function sampleTimes(obj: StatsObject): { times: number[]; synthetic: boolean } | undefined {
  const ts = obj.fields.get("timestamp")?.values;
  if (ts?.every((t) => typeof t === "number" && Number.isFinite(t))) return { times: ts as number[], synthetic: false };
  let longest: Field | undefined;
  for (const f of obj.fields.values()) if (!longest || f.values.length > longest.values.length) longest = f;
  if (!longest || longest.start === undefined || longest.end === undefined || longest.end < longest.start) return undefined;
  const { start, end, values } = longest;
  const step = values.length > 1 ? (end - start) / (values.length - 1) : 0;
  return { times: values.map((_, i) => start + i * step), synthetic: true };
}

/** Where a field's first sample is among the object's samples; undefined when it cannot be placed. */
function fieldOffset(field: Field, times: number[], synthetic: boolean): number | undefined {
  const n = field.values.length;
  const last = times.length - n;
  if (last < 0) return undefined;
  if (synthetic) return last;
  const fits = (o: number) =>
    (field.start === undefined || Math.abs(times[o] - field.start) <= ISO_SLACK_MS) &&
    (field.end === undefined || Math.abs(times[o + n - 1] - field.end) <= ISO_SLACK_MS);
  if (fits(last)) return last;
  for (let o = last - 1; o >= 0; o--) if (fits(o)) return o;
  return undefined;
}

function firstPollAtOrAfter(polls: number[], t: number): number {
  let lo = 0;
  let hi = polls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (polls[mid] < t - SAME_POLL_MS) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function statsTimeline(stats: Record<string, unknown>, warn: (message: string) => void): StatsTimeline {
  const objects = groupSeries(stats, warn);
  const timed: { obj: StatsObject; times: number[]; synthetic: boolean }[] = [];
  let spread = 0;
  for (const obj of objects.values()) {
    const t = sampleTimes(obj);
    if (!t) {
      warn(`stats object ${JSON.stringify(obj.id)}: no timestamp series and no start/end times; skipped`);
      continue;
    }
    if (t.synthetic) spread++;
    timed.push({ obj, ...t });
  }
  if (spread) warn(`${spread} stats objects have no timestamp series (Chromium before 117): their sample times are spread evenly`);

  // The polls: the times the objects share (remote-*-rtp carry the RTCP report's time instead).
  const clocked = timed.filter((x) => !RTCP_TIMED.has(x.obj.type ?? ""));
  const all = (clocked.length ? clocked : timed).flatMap((x) => x.times).sort((a, b) => a - b);
  const polls: number[] = [];
  for (const t of all) if (polls.length === 0 || t - polls[polls.length - 1] > SAME_POLL_MS) polls.push(t);

  const placed = new Map<string, Placed>();
  // Clocked objects first: an RTCP-timed one ends where its local stream does.
  const ordered = [...timed].sort((a, b) => Number(RTCP_TIMED.has(a.obj.type ?? "")) - Number(RTCP_TIMED.has(b.obj.type ?? "")));
  for (const { obj, times, synthetic } of ordered) {
    const type = obj.type ?? String(obj.fields.get("type")?.values.at(-1) ?? "");
    if (!type) {
      warn(`stats object ${JSON.stringify(obj.id)}: no stats type; skipped`);
      continue;
    }
    let sample: number[];
    if (RTCP_TIMED.has(type)) {
      // Its timestamp repeats until the next RTCP report, so it cannot say which poll a sample was in.
      // It is in every poll from its first to the last one its local stream (localId) is in.
      const local = placed.get(String(obj.fields.get("localId")?.values.at(-1) ?? ""));
      const endPoll = local?.polls.findLast((k) => k >= 0) ?? polls.length - 1;
      sample = times.map((_, j) => endPoll - (times.length - 1 - j));
    } else {
      sample = times.map((t) => {
        const k = firstPollAtOrAfter(polls, t);
        return k < polls.length && Math.abs(polls[k] - t) <= SAME_POLL_MS ? k : -1;
      });
    }
    const fields: Placed["fields"] = [];
    for (const [name, field] of obj.fields) {
      if (name === "timestamp" || name === "type") continue;
      const offset = fieldOffset(field, times, synthetic);
      if (offset === undefined) {
        warn(
          `stats series ${JSON.stringify(`${obj.id}-${name}`)}: ${field.values.length} samples do not line up with the object's ${times.length}; skipped`,
        );
        continue;
      }
      fields.push([name, field, offset]);
    }
    placed.set(obj.id, { id: obj.id, type, times, polls: sample, fields });
  }

  // Per poll, which sample of which object: built once, so reportAt(k) is cheap.
  const members: [placed: Placed, sample: number][][] = polls.map(() => []);
  for (const p of placed.values()) {
    p.polls.forEach((k, j) => {
      if (k >= 0 && k < polls.length) members[k].push([p, j]);
    });
  }

  return {
    times: polls,
    reportAt(k: number): StatsEntry[] {
      return (members[k] ?? []).map(([p, j]) => {
        const entry: StatsEntry = { id: p.id, type: p.type, timestamp: p.times[j] };
        for (const [name, field, offset] of p.fields) {
          const i = j - offset;
          if (i >= 0 && i < field.values.length) entry[name] = field.values[i];
        }
        return entry;
      });
    },
  };
}
