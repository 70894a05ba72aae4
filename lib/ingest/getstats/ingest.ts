// One getStats body (collectors/schema/getstats.ts) into the database, for POST /api/ingest/getstats
// and `relayscope import webrtc-internals` alike: checked, then stored in one round trip
// (store.ts: connection upsert, all good items in one statement, the refused ones in quarantine,
// and the join when the body names a TURN server we collect from). Replaying a body stores nothing
// twice.
import { serversForTurnUrl } from "../../join/join-connections";
import { recordEvents, recordQuarantined } from "../../metrics/ingest";
import { hashIp, parseAddress, truncatedPrefix } from "../../privacy/ip";
import { ipHashKey } from "../../privacy/ip-hash-key";
import { ensureDayPartitions } from "../ensure-day-partitions";
import { deterministicUuid } from "../ids";
import { cleanText, clip } from "../safe-json";
import { quarantineRows } from "./quarantine";
import { reportRow } from "./rows";
import { storeConnectionBody } from "./store";
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

/** The TURN url of the body's newest item that has a path: the one the join follows. */
function newestTurnUrl(items: readonly ValidItem[]): string | undefined {
  let best: { sequence: number; url: string } | undefined;
  for (const i of items) {
    if (i.type === "stats" && i.turnUrl && (!best || i.sequence > best.sequence)) best = { sequence: i.sequence, url: i.turnUrl };
  }
  return best?.url;
}

export async function ingestGetstatsBody(scope: GetstatsScope, raw: unknown, ctx: GetstatsContext = {}): Promise<GetstatsOutcome> {
  const now = ctx.now ?? new Date();
  const checked = checkGetstatsBody(raw, now.getTime());
  if (!checked.ok) return checked;
  const { body, items, rejected } = checked;
  const id = connectionRowId(scope.appId, body.callId, body.participantId, body.connectionId);
  const client = clientColumns(ctx.clientAddress);

  // A new connection's reports go to today's partition; an existing one's partition exists already.
  await ensureDayPartitions(["client_report"], [now.getTime()]);
  const stored = await storeConnectionBody(
    {
      id,
      tenant_id: scope.tenantId,
      app_id: scope.appId,
      call_id: body.callId,
      participant_id: body.participantId,
      connection_id: body.connectionId,
      received_at: now.toISOString(),
      forced_relay: body.forcedRelay,
      turn_username: body.turnUsername === undefined ? null : cleanText(body.turnUsername),
      client_prefix: client.prefix,
      client_ip_hash: client.hash,
      sdk_version: cleanText(body.sdkVersion),
      user_agent: ctx.userAgent ? clip(cleanText(ctx.userAgent), 256) : null,
    },
    items.map(reportRow),
    quarantineRows(id, rejected),
    await serversForTurnUrl(newestTurnUrl(items), scope.tenantId),
  );

  const counts = countTypes(items);
  let inserted = 0;
  for (const type of ["stats", "ice-error", "state"] as const) {
    inserted += stored.inserted[type];
    recordEvents("getstats", type, "inserted", stored.inserted[type]);
    recordEvents("getstats", type, "duplicate", counts[type] - stored.inserted[type]);
  }
  recordEvents("getstats", "invalid", "quarantined", rejected.length);
  for (const r of rejected) recordQuarantined("getstats", r.category);
  return {
    ok: true,
    connection: id,
    accepted: items.length,
    inserted,
    duplicates: items.length - inserted,
    rejected: rejected.map(({ index, sequence, path, message }) => ({ index, sequence, path, message })),
    joined: stored.joined,
  };
}
