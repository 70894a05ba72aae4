// The batch envelope (version, agent, server, source, checkpoint): all-or-nothing, unlike its events,
// which are validated one by one. Pure.
import type { z } from "zod";
import { ACCEPTED_COTURN_WIRE_VERSIONS, type CoturnBatch, coturnBatch, MAX_EVENTS_PER_BATCH } from "../../../collectors/schema/coturn";
import { cleanDeep, cleanText } from "../safe-json";
import { IngestRejected } from "./errors";

const MAX_ISSUES = 5;
const MAX_REASON = 500;

/** `path: message; …` of the first few issues, at most `max` characters. */
export function summarizeIssues(error: z.ZodError, max = MAX_REASON): string {
  const parts = error.issues.slice(0, MAX_ISSUES).map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
  if (error.issues.length > MAX_ISSUES) parts.push(`… ${error.issues.length - MAX_ISSUES} more`);
  const text = parts.join("; ");
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The envelope, checked and cleaned. `maxEvents` is the wire's limit unless the caller is the
 * in-process sink (`collect --direct`), which has no HTTP body to bound and takes larger batches.
 */
export function parseEnvelope(body: unknown, maxEvents = MAX_EVENTS_PER_BATCH): CoturnBatch {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new IngestRejected(400, "invalid_batch", "the body must be a JSON object (a coturn batch)");
  }
  const version = (body as { version?: unknown }).version;
  if (typeof version === "number" && !(ACCEPTED_COTURN_WIRE_VERSIONS as readonly number[]).includes(version)) {
    throw new IngestRejected(
      400,
      "unsupported_version",
      `wire version ${version} is not supported; this app accepts version ${ACCEPTED_COTURN_WIRE_VERSIONS.join(" or ")}: upgrade the agent or the app`,
    );
  }
  const events = (body as { events?: unknown }).events;
  if (Array.isArray(events) && events.length > maxEvents) {
    throw new IngestRejected(
      413,
      "too_many_events",
      `a batch holds at most ${maxEvents} events (this one ${events.length}): send smaller batches`,
    );
  }
  // The wire schema's own bound on events is the HTTP one: a larger in-process batch has its
  // envelope checked without them (its events are checked one by one anyway).
  const large = Array.isArray(events) && events.length > MAX_EVENTS_PER_BATCH;
  const parsed = coturnBatch.safeParse(large ? { ...body, events: [] } : body);
  if (!parsed.success) throw new IngestRejected(400, "invalid_batch", `invalid coturn batch: ${summarizeIssues(parsed.error)}`);
  const b = large ? { ...parsed.data, events: events as unknown[] } : parsed.data;
  // Text columns refuse NUL and jsonb refuses lone surrogates: clean them rather than fail forever.
  return {
    ...b,
    server: cleanText(b.server),
    source: { fileId: cleanText(b.source.fileId), path: cleanText(b.source.path) },
    checkpoint: {
      ...b.checkpoint,
      fileId: cleanText(b.checkpoint.fileId),
      state: cleanDeep(b.checkpoint.state) as typeof b.checkpoint.state,
    },
  };
}
