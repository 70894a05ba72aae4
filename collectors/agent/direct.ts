// The in-process sink of `collect --direct`: the same ingest code the HTTP route runs, called with
// the agent's batch, so one-machine setups need no app and no key. A batch the ingest refuses
// (IngestRejected: unknown server, bad envelope) is fatal like its HTTP 4xx; anything else — the
// database restarting, a lost connection, a lock timeout — is waited out like a 5xx. The next
// batch is validated and built into rows while the current one is in the database (prepareAhead).
// Batches may be larger than the wire allows (no HTTP body here): each one costs a transaction, a
// checkpoint and an upsert of every session it touches, and sessions span many batches, so fewer,
// larger batches write fewer session rows per log line (measured on a loaded machine: database CPU
// about −10 %, wall time about −30 % at 10,000 vs 5,000, with wide noise).
import { IngestRejected, type PreparedCoturnBatch, prepareCoturnBatch, storeCoturnBatch } from "../../lib/ingest/coturn";
import { type DeliveryResult, fatal, retryable } from "./errors";
import type { Outgoing } from "./outgoing";

/** Postgres and socket errors carry a code (`57P01`, `ECONNREFUSED`): the compact way to name them. */
export function describeDbError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e?.message === "string" ? e.message.split("\n")[0].slice(0, 200) : String(err);
  return typeof e?.code === "string" && !message.includes(e.code) ? `${e.code} ${message}` : message;
}

const noop = () => {};

/** Events per in-process batch; the batcher's byte budget usually cuts a little earlier. */
export const DIRECT_MAX_EVENTS_PER_BATCH = 10_000;

export class DirectSink {
  readonly name = "the database";
  readonly maxEventsPerBatch = DIRECT_MAX_EVENTS_PER_BATCH;
  /** Batches prepared while the one before them was stored (validation and rows: CPU work here). */
  private readonly ahead = new WeakMap<Outgoing<unknown>, Promise<PreparedCoturnBatch>>();

  prepareAhead(item: Outgoing<unknown>): void {
    if (this.ahead.has(item)) return;
    const prepared = prepareCoturnBatch({ serverId: null }, item.body, Date.now(), DIRECT_MAX_EVENTS_PER_BATCH);
    prepared.catch(noop); // its failure is reported by send(), which awaits it
    this.ahead.set(item, prepared);
  }

  async send(item: Outgoing<unknown>): Promise<DeliveryResult> {
    // Taken out: a retry after a failure prepares again (the server may have been added since).
    const prepared = this.ahead.get(item) ?? prepareCoturnBatch({ serverId: null }, item.body, Date.now(), DIRECT_MAX_EVENTS_PER_BATCH);
    this.ahead.delete(item);
    try {
      const outcome = await storeCoturnBatch(prepared);
      return summarizeOutcome(outcome, item.events);
    } catch (err) {
      if (err instanceof IngestRejected) throw fatal(err.message, err.status, err.code, err);
      throw retryable(`database: ${describeDbError(err)}`, undefined, undefined, err);
    }
  }
}

function summarizeOutcome(outcome: unknown, events: number): DeliveryResult {
  const o = (outcome ?? {}) as { accepted?: unknown; quarantined?: unknown };
  const quarantined = Array.isArray(o.quarantined) ? o.quarantined.length : typeof o.quarantined === "number" ? o.quarantined : 0;
  return { accepted: typeof o.accepted === "number" ? o.accepted : Math.max(0, events - quarantined), quarantined };
}
