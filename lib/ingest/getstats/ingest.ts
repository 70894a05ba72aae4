// One getStats body (collectors/schema/getstats.ts) into the database, for POST /api/ingest/getstats
// and `relayscope import webrtc-internals` alike: checked, stored in one transaction (connection
// upsert, then all good items in one statement, then the rejected ones in quarantine), then joined
// with its coturn session when it is relayed. Replaying a body stores nothing twice.
import { inTransaction } from "../../db/run-query";
import { joinConnections } from "../../join/join-connections";
import { log } from "../../log";
import { recordEvents, recordQuarantined } from "../../metrics/ingest";
import { hashIp, parseAddress, truncatedPrefix } from "../../privacy/ip";
import { ipHashKey } from "../../privacy/ip-hash-key";
import { ensureDayPartitions } from "../ensure-day-partitions";
import { deterministicUuid } from "../ids";
import { cleanText, clip } from "../safe-json";
import { quarantineItems } from "./quarantine";
import { reportRow } from "./rows";
import { storeConnectionItems } from "./store";
import { checkGetstatsBody, type FieldIssue, type ValidItem } from "./validate";

export type GetstatsScope = { appId: string; tenantId: string };
export type GetstatsContext = { clientAddress?: string; userAgent?: string; now?: Date };

export type ItemError = { index: number; sequence?: number; path: string; message: string };

export type GetstatsOutcome =
  | { ok: false; issues: FieldIssue[] }
  | {
      ok: true;
      /** The connection's row id (deterministic from app, call, participant and connection). */
      connection: string;
      /** Good items: stored now or stored before (a resent body). */
      accepted: number;
      inserted: number;
      duplicates: number;
      rejected: ItemError[];
      joined: boolean;
    };

/** client_connection.id: the natural key (app, call, participant, connection) as a uuid. */
export const connectionRowId = (appId: string, callId: string, participantId: string, connectionId: string) =>
  deterministicUuid("client_connection", appId, callId, participantId, connectionId);

function clientColumns(address: string | undefined): { prefix: string | null; hash: string | null } {
  const parsed = parseAddress(address);
  return parsed ? { prefix: truncatedPrefix(parsed), hash: hashIp(ipHashKey(), parsed) } : { prefix: null, hash: null };
}

function countTypes(items: readonly ValidItem[]) {
  const counts = { stats: 0, "ice-error": 0, state: 0 };
  for (const i of items) counts[i.type]++;
  return counts;
}

export async function ingestGetstatsBody(scope: GetstatsScope, raw: unknown, ctx: GetstatsContext = {}): Promise<GetstatsOutcome> {
  const now = ctx.now ?? new Date();
  const checked = checkGetstatsBody(raw, now.getTime());
  if (!checked.ok) return checked;
  const { body, items, rejected } = checked;
  const id = connectionRowId(scope.appId, body.callId, body.participantId, body.connectionId);
  const client = clientColumns(ctx.clientAddress);
  const rows = items.map(reportRow);

  // A new connection's reports go to today's partition; an existing one's partition exists already.
  await ensureDayPartitions(["client_report"], [now.getTime()]);
  const stored = await inTransaction(async (db) => {
    const out = await storeConnectionItems(
      db,
      {
        id,
        tenantId: scope.tenantId,
        appId: scope.appId,
        callId: body.callId,
        participantId: body.participantId,
        connectionId: body.connectionId,
        receivedAt: now,
        forcedRelay: body.forcedRelay,
        turnUsername: body.turnUsername === undefined ? null : cleanText(body.turnUsername),
        clientPrefix: client.prefix,
        clientIpHash: client.hash,
        sdkVersion: cleanText(body.sdkVersion),
        userAgent: ctx.userAgent ? clip(cleanText(ctx.userAgent), 256) : null,
      },
      rows,
    );
    await quarantineItems(db, { tenantId: scope.tenantId, appId: scope.appId, connectionRowId: id }, rejected);
    return out;
  });

  const counts = countTypes(items);
  let inserted = 0;
  for (const type of ["stats", "ice-error", "state"] as const) {
    inserted += stored.inserted[type];
    recordEvents("getstats", type, "inserted", stored.inserted[type]);
    recordEvents("getstats", type, "duplicate", counts[type] - stored.inserted[type]);
  }
  recordEvents("getstats", "invalid", "quarantined", rejected.length);
  for (const r of rejected) recordQuarantined("getstats", r.category);

  let joined = false;
  try {
    joined = (await joinConnections([id])).joined > 0;
  } catch (err) {
    // The data is stored; the join-retry job tries again.
    log().warn({ err, connection: id }, "getStats join failed; the join-retry job will try again");
  }
  return {
    ok: true,
    connection: id,
    accepted: items.length,
    inserted,
    duplicates: items.length - inserted,
    rejected: rejected.map(({ index, sequence, path, message }) => ({ index, sequence, path, message })),
    joined,
  };
}
