// One coturn batch (collectors/schema/coturn.ts) into the database: used by POST /api/ingest/coturn
// and by the agent's in-process `--direct` mode alike. Events and checkpoint commit in one
// transaction (DESIGN.md "Checkpoint protocol"); every write is idempotent, so a replayed or
// overlapping batch adds only what is new.
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
import { insertEvents } from "./insert-events";
import { insertQuarantined } from "./insert-quarantined";
import { insertUsage } from "./insert-usage";
import { quarantineRows } from "./quarantine";
import { buildRows } from "./rows";
import { lockCheckpoint, upsertCheckpoint } from "./upsert-checkpoint";
import { upsertPeers } from "./upsert-peers";
import { upsertRuns } from "./upsert-runs";
import { upsertSessions } from "./upsert-sessions";
import { type ValidEvent, validateEvents } from "./validate";

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

async function ingest(scope: IngestScope, body: unknown, now: number): Promise<IngestOutcome> {
  const batch = parseEnvelope(body);
  const server = await resolveServer(scope, batch.server, 422);
  const { valid, rejected } = validateEvents(batch.events, now);
  const ctx = { serverId: server.id, fileId: batch.source.fileId, tenantOf: server.tenantOf, readAddress: addressReader(ipHashKey()) };
  const rows = buildRows(
    ctx,
    valid.map((v) => v.event),
  );
  const quarantine = quarantineRows(
    { serverId: server.id, fileId: batch.source.fileId, checkpointOffset: batch.checkpoint.offset },
    rejected,
  );
  const partitioned = valid.filter((v) => v.event.type !== "run").map((v) => v.event.ts);
  await ensureDayPartitions(["relay_usage_delta", "relay_event"], partitioned);

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
    const sessions = await upsertSessions(db, server.id, rows.sessions);
    const usage = await insertUsage(db, server.id, rows.usage, sessions.tenants);
    const peers = await upsertPeers(db, server.id, rows.peers, rows.peerDeletes);
    const events = await insertEvents(db, server.id, rows.events);
    await appendWarnings(db, server.id, rows.events);
    await closeRestartedSessions(db, server.id, runs.ended);
    await insertQuarantined(db, { tenantId: server.defaultTenantId, serverId: server.id, agentId: batch.agentId }, quarantine);
    return { before, checkpoint, inserted: { sessions: sessions.inserted, usage, peers, events, runs: runs.inserted } };
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
export async function ingestCoturnBatch(scope: IngestScope, body: unknown, now = Date.now()): Promise<IngestOutcome> {
  try {
    const outcome = await ingest(scope, body, now);
    recordBatch("coturn", outcome.quarantined.length ? 207 : 200);
    return outcome;
  } catch (err) {
    recordBatch("coturn", err instanceof IngestRejected ? err.status : 500);
    throw err;
  }
}
