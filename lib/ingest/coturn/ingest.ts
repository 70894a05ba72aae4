// One coturn batch (collectors/schema/coturn.ts) into the database: used by POST /api/ingest/coturn
// and by the agent's in-process `--direct` mode alike. Events and checkpoint commit in one
// transaction (DESIGN.md "Checkpoint protocol"); every write is idempotent, so a replayed or
// overlapping batch adds only what is new.

import { type CoturnBatch, MAX_EVENTS_PER_BATCH } from "../../../collectors/schema/coturn";
import { inTransaction } from "../../db/run-query";
import { type IngestEventType, recordBatch, recordEvents, recordQuarantined } from "../../metrics/ingest";
import { ipHashKey } from "../../privacy/ip-hash-key";
import { ensureDayPartitions } from "../ensure-day-partitions";
import { cleanText } from "../safe-json";
import { addressReader } from "./addresses";
import { appendWarnings } from "./append-warnings";
import { closeRestartedSessions } from "./close-restarted-sessions";
import { parseEnvelope } from "./envelope";
import { IngestRejected } from "./errors";
import { getIngestServer, type IngestServer } from "./get-server";
import { eventParams, insertEvents } from "./insert-events";
import { insertQuarantined } from "./insert-quarantined";
import { quarantineRows } from "./quarantine";
import { type PreparedRows, RowBuilder } from "./rows";
import { lockCheckpoint, upsertCheckpoint } from "./upsert-checkpoint";
import { type PeerParams, peerParams, upsertPeers } from "./upsert-peers";
import { upsertRuns } from "./upsert-runs";
import { type SessionsAndUsageParams, sessionsAndUsageParams, upsertSessionsAndUsage } from "./upsert-sessions";
import { EventValidation, type RejectedEvent, type ValidEvent } from "./validate";

export type IngestScope = { serverId: string | null };

export type IngestOutcome = {
  /** Events that passed validation (stored now or already stored). */
  accepted: number;
  inserted: { sessions: number; usage: number; peers: number; events: number; runs: number };
  /** Valid events already stored: usage and relay-event lines that hit ON CONFLICT, plus run, session and peer lines at positions this agent's checkpoint of the file had passed. */
  duplicates: number;
  quarantined: Array<{ index: number; reason: string }>;
  checkpoint: { fileId: string; offset: number };
};

/** The server a batch or request names, as the key allows: 403 before 422, so a scoped key learns no names. */
export async function resolveServer(scope: IngestScope, rawName: string, unknownStatus: 404 | 422): Promise<IngestServer> {
  const name = cleanText(rawName);
  const server = await getIngestServer(name);
  if (scope.serverId && server?.id !== scope.serverId) {
    throw new IngestRejected(403, "forbidden", `this collector key is limited to another server than "${name}"`);
  }
  if (!server) {
    throw new IngestRejected(
      unknownStatus,
      "unknown_server",
      `no TURN server is called "${name}": run \`relayscope server add ${name}\` first`,
    );
  }
  return server;
}

const TYPES = ["run", "session", "usage", "peer", "event"] as const;

/** The metric label of a rejected item: its declared type when that is one we know. */
function eventTypeOf(raw: unknown): IngestEventType {
  const t = raw !== null && typeof raw === "object" ? (raw as { type?: unknown }).type : undefined;
  return TYPES.find((k) => k === t) ?? "invalid";
}

type Counts = Record<"run" | "session" | "usage" | "peer" | "event", number>;

function countByType(events: readonly ValidEvent[], before: (e: ValidEvent) => boolean): { all: Counts; old: Counts } {
  const all: Counts = { run: 0, session: 0, usage: 0, peer: 0, event: 0 };
  const old: Counts = { run: 0, session: 0, usage: 0, peer: 0, event: 0 };
  for (const v of events) {
    all[v.event.type]++;
    if (before(v)) old[v.event.type]++;
  }
  return { all, old };
}

/** Events validated and built into rows per slice of this many, yielding to I/O in between. */
const SLICE = 500;
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Calls fn on [from, to) ranges of at most SLICE of 0..n, yielding to I/O after each. */
async function inSlices(n: number, fn: (from: number, to: number) => void): Promise<void> {
  for (let from = 0; from < n; from += SLICE) {
    fn(from, Math.min(n, from + SLICE));
    await yieldToIo();
  }
}

/** A batch checked and turned into rows, ready for its transaction: all the CPU work of an ingest. */
export type PreparedCoturnBatch = {
  batch: CoturnBatch;
  server: IngestServer;
  valid: ValidEvent[];
  rejected: RejectedEvent[];
  rows: PreparedRows;
  quarantine: ReturnType<typeof quarantineRows>;
  partitioned: number[];
  /** The large statements' parameters, serialized here so the transaction only waits on the database. */
  params: { sessionsAndUsage: SessionsAndUsageParams; peers: PeerParams; events: string | null };
};

/**
 * Validation and rows, in slices that yield to I/O: the pure half of an ingest. `collect --direct`
 * prepares the next batch this way while the database stores the current one; the app's route
 * stays responsive to other requests during a large batch.
 */
export async function prepareCoturnBatch(
  scope: IngestScope,
  body: unknown,
  now = Date.now(),
  maxEvents = MAX_EVENTS_PER_BATCH,
): Promise<PreparedCoturnBatch> {
  const batch = parseEnvelope(body, maxEvents);
  const server = await resolveServer(scope, batch.server, 422);
  const validation = new EventValidation(batch.events, now);
  await inSlices(batch.events.length, (from, to) => validation.check(from, to));
  const { valid, rejected } = validation.finish();
  const ctx = { serverId: server.id, fileId: batch.source.fileId, tenantOf: server.tenantOf, readAddress: addressReader(ipHashKey()) };
  const builder = new RowBuilder(ctx);
  await inSlices(valid.length, (from, to) => {
    for (let i = from; i < to; i++) builder.add(valid[i].event);
  });
  const quarantine = quarantineRows(
    { serverId: server.id, fileId: batch.source.fileId, checkpointOffset: batch.checkpoint.offset },
    rejected,
  );
  const partitioned = valid.filter((v) => v.event.type !== "run").map((v) => v.event.ts);
  const rows = builder.finish();
  await yieldToIo();
  const params = {
    sessionsAndUsage: sessionsAndUsageParams(rows.sessions, rows.usage),
    peers: peerParams(rows.peers, rows.peerDeletes),
    events: eventParams(rows.events),
  };
  // The rows now live in params: a prepared batch (one waits while another is stored) holds them once.
  const kept = { ...rows, sessions: [], usage: [], peers: [], peerDeletes: [] };
  return { batch, server, valid, rejected, rows: kept, quarantine, partitioned, params };
}

async function store(p: PreparedCoturnBatch): Promise<IngestOutcome> {
  const { batch, server, valid, rejected, rows, quarantine, params } = p;
  await ensureDayPartitions(["relay_usage_delta", "relay_event"], p.partitioned);

  const result = await inTransaction(async (db) => {
    const before = await lockCheckpoint(db, server.id, batch.agentId, batch.checkpoint.fileId);
    const checkpoint = await upsertCheckpoint(db, {
      agentId: batch.agentId,
      serverId: server.id,
      fileId: batch.checkpoint.fileId,
      path: batch.source.path,
      offset: batch.checkpoint.offset,
      state: batch.checkpoint.state,
      stats: batch.stats,
    });
    const runs = await upsertRuns(db, server.id, rows);
    const written = await upsertSessionsAndUsage(db, server.id, params.sessionsAndUsage);
    const peers = await upsertPeers(db, server.id, params.peers);
    const events = await insertEvents(db, server.id, params.events);
    await appendWarnings(db, server.id, rows.events);
    await closeRestartedSessions(db, server.id, runs.ended);
    await insertQuarantined(db, { tenantId: server.defaultTenantId, serverId: server.id, agentId: batch.agentId }, quarantine);
    return { before, checkpoint, inserted: { sessions: written.sessions, usage: written.usage, peers, events, runs: runs.inserted } };
  });

  // Merged kinds (run, session, peer) have no row per line: a line counts as a duplicate when this
  // agent's checkpoint of the same file was already past it.
  const sameFile = batch.checkpoint.fileId === batch.source.fileId && result.before !== null;
  const counts = countByType(valid, (v) => sameFile && v.event.pos < (result.before ?? 0));
  const dup = {
    run: counts.old.run,
    session: counts.old.session,
    peer: counts.old.peer,
    usage: counts.all.usage - result.inserted.usage,
    event: counts.all.event - result.inserted.events,
  };
  for (const type of TYPES) {
    recordEvents("coturn", type, "inserted", counts.all[type] - dup[type]);
    recordEvents("coturn", type, "duplicate", dup[type]);
  }
  for (const r of rejected) {
    recordEvents("coturn", eventTypeOf(r.raw), "quarantined", 1);
    recordQuarantined("coturn", r.category);
  }
  return {
    accepted: valid.length,
    inserted: result.inserted,
    duplicates: dup.run + dup.session + dup.usage + dup.peer + dup.event,
    quarantined: rejected.map((r) => ({ index: r.index, reason: r.reason })),
    checkpoint: result.checkpoint,
  };
}

/** Validates, stores and checkpoints one batch; IngestRejected for whole-batch problems. */
export function ingestCoturnBatch(scope: IngestScope, body: unknown, now = Date.now()): Promise<IngestOutcome> {
  return storeCoturnBatch(prepareCoturnBatch(scope, body, now));
}

/** Stores and checkpoints a batch from prepareCoturnBatch (which may have been started earlier). */
export async function storeCoturnBatch(prepared: Promise<PreparedCoturnBatch>): Promise<IngestOutcome> {
  try {
    const outcome = await store(await prepared);
    recordBatch("coturn", outcome.quarantined.length ? 207 : 200);
    return outcome;
  } catch (err) {
    recordBatch("coturn", err instanceof IngestRejected ? err.status : 500);
    throw err;
  }
}
