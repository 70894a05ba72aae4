// One by one: which events of a batch are stored and which are quarantined, and why. Pure.
import {
  type CoturnEventParsed,
  coturnEvent,
  MAX_EVENT_FUTURE_MS,
  MIN_EVENT_TIME_MS,
  type PeerEvent,
} from "../../../collectors/schema/coturn";
import { parseAddress } from "../../privacy/ip";
import { cleanDeep } from "../safe-json";
import { summarizeIssues } from "./envelope";
import { fastSessionOrPeerEvent } from "./event-fast-path";
import { fastUsageEvent } from "./usage-fast-path";

/** Closed list: these are the `reason` label of relayscope_ingest_quarantined_total. */
export const quarantineReasons = ["schema", "time_range", "address"] as const;
export type QuarantineReason = (typeof quarantineReasons)[number];

/** Events of one batch may span at most this many UTC days (each day is a partition to create). */
export const MAX_DAYS_PER_BATCH = 31;

const DAY_MS = 86_400_000;

export type ValidEvent = { index: number; event: CoturnEventParsed };
export type RejectedEvent = { index: number; category: QuarantineReason; reason: string; raw: unknown };

function reject(index: number, raw: unknown, category: QuarantineReason, detail: string): RejectedEvent {
  const reason = `${category}: ${detail}`;
  return { index, raw, category, reason: reason.length <= 500 ? reason : `${reason.slice(0, 499)}…` };
}

/** What check() asks of a peer event beyond its schema. */
const completePeer = (e: PeerEvent) => (e.deleted || e.grant) && parseAddress(e.peer) !== null;

function check(index: number, raw: unknown, nowMs: number): ValidEvent | RejectedEvent {
  // Anything a fast path declines, or that fails a check below, takes the zod path, which words why.
  const fast = fastUsageEvent(raw) ?? fastSessionOrPeerEvent(raw);
  if (fast && fast.ts <= nowMs + MAX_EVENT_FUTURE_MS && (fast.type !== "peer" || completePeer(fast))) return { index, event: fast };
  const parsed = coturnEvent.safeParse(raw);
  if (!parsed.success) {
    const timeOnly = parsed.error.issues.every(
      (i) => (i.path[0] === "ts" || i.path[0] === "run") && (i.code === "too_small" || i.code === "too_big"),
    );
    const detail = timeOnly ? `time before ${new Date(MIN_EVENT_TIME_MS).toISOString()} or absurd` : summarizeIssues(parsed.error, 480);
    return reject(index, raw, timeOnly ? "time_range" : "schema", detail);
  }
  const event = cleanDeep(parsed.data) as CoturnEventParsed;
  if (event.ts > nowMs + MAX_EVENT_FUTURE_MS) {
    return reject(
      index,
      raw,
      "time_range",
      `ts ${new Date(event.ts).toISOString()} is more than ${MAX_EVENT_FUTURE_MS / DAY_MS} days ahead of the app's clock`,
    );
  }
  if (event.type === "peer") {
    if (!event.deleted && !event.grant) return reject(index, raw, "schema", "peer: grant is required unless deleted");
    if (!parseAddress(event.peer)) return reject(index, raw, "address", "peer: not an IP address");
  }
  return { index, event };
}

/**
 * Validation of one batch in steps (`check` a range of items at a time), so a caller may yield to
 * I/O between steps: the agent prepares its next batch while the database stores the current one.
 */
export class EventValidation {
  private valid: ValidEvent[] = [];
  private readonly rejected: RejectedEvent[] = [];

  constructor(
    private readonly items: readonly unknown[],
    private readonly nowMs: number,
  ) {}

  check(from: number, to: number): void {
    for (let index = from; index < to; index++) {
      const r = check(index, this.items[index], this.nowMs);
      if ("event" in r) this.valid.push(r);
      else this.rejected.push(r);
    }
  }

  /** Valid events in source order (pos, sub), and the rejected ones with their reasons. */
  finish(): { valid: ValidEvent[]; rejected: RejectedEvent[] } {
    const { items, rejected } = this;
    let valid = this.valid;
    // A garbled year on a few lines must not make one batch create hundreds of partitions: keep the
    // busiest days, quarantine the rest (deterministic, so a replay decides the same).
    const perDay = new Map<number, number>();
    for (const v of valid) perDay.set(Math.floor(v.event.ts / DAY_MS), (perDay.get(Math.floor(v.event.ts / DAY_MS)) ?? 0) + 1);
    if (perDay.size > MAX_DAYS_PER_BATCH) {
      const kept = new Set(
        [...perDay]
          .sort((a, b) => b[1] - a[1] || b[0] - a[0])
          .slice(0, MAX_DAYS_PER_BATCH)
          .map(([d]) => d),
      );
      const out = valid.filter((v) => !kept.has(Math.floor(v.event.ts / DAY_MS)));
      for (const v of out)
        rejected.push(reject(v.index, items[v.index], "time_range", `the batch spans more than ${MAX_DAYS_PER_BATCH} days`));
      valid = valid.filter((v) => kept.has(Math.floor(v.event.ts / DAY_MS)));
    }
    valid.sort((a, b) => a.event.pos - b.event.pos || a.event.sub - b.event.sub || a.index - b.index);
    rejected.sort((a, b) => a.index - b.index);
    return { valid, rejected };
  }
}

/** Valid events in source order (pos, sub), and the rejected ones with their reasons. */
export function validateEvents(items: readonly unknown[], nowMs: number): { valid: ValidEvent[]; rejected: RejectedEvent[] } {
  const v = new EventValidation(items, nowMs);
  v.check(0, items.length);
  return v.finish();
}
