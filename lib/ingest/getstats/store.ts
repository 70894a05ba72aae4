// One body of one connection in one round trip: relayscope_store_getstats (migration
// 20261121160000) upserts the connection, which locks its row so bodies of one connection are stored
// one after the other, then stores every good item in one INSERT whose RETURNING rows alone feed the
// connection's totals and latest values (DESIGN.md: derived totals only from new rows, so a resent
// body changes nothing), quarantines the refused items, and tries the join.
import { runQuery } from "../../db/run-query";
import type { QuarantineRow } from "./quarantine";
import type { ReportRow } from "./rows";

export type ConnectionRow = {
  id: string;
  tenant_id: string;
  app_id: string;
  call_id: string;
  participant_id: string;
  connection_id: string;
  received_at: string;
  forced_relay: boolean;
  turn_username: string | null;
  client_prefix: string | null;
  client_ip_hash: string | null;
  sdk_version: string;
  user_agent: string | null;
};

const STORE_SQL = `
  SELECT inserted_stats AS stats, inserted_ice_errors AS "ice-error", inserted_states AS state, is_joined AS joined
  FROM relayscope_store_getstats($1::jsonb, $2::jsonb, $3::jsonb, $4::uuid[])`;

export type InsertedByType = { stats: number; "ice-error": number; state: number };
export type StoredBody = { inserted: InsertedByType; joined: boolean };

const STORE_MANY_SQL = `
  SELECT place, inserted_stats AS stats, inserted_ice_errors AS "ice-error", inserted_states AS state, is_joined AS joined
  FROM relayscope_store_getstats_many($1::jsonb)`;

type Body = { conn: ConnectionRow; items: readonly ReportRow[]; quarantined: readonly QuarantineRow[]; join_servers: readonly string[] };
type Waiting = { body: Body; resolve: (r: StoredBody) => void; reject: (e: unknown) => void };
type Row = InsertedByType & { joined: boolean };

/** Store calls in flight at once (of the pool's connections), and bodies per grouped call. */
const LANES = 4;
const MAX_GROUP = 64;
let running = 0;
const waiting: Waiting[] = [];
/** How bodies were stored (tests and profiling read it). */
export const storeCalls = { single: 0, grouped: 0, bodiesGrouped: 0 };

const stored = (r: Row): StoredBody => ({ inserted: { stats: r.stats, "ice-error": r["ice-error"], state: r.state }, joined: r.joined });

async function storeOne(w: Waiting): Promise<void> {
  storeCalls.single++;
  try {
    const [row] = await runQuery<Row>(STORE_SQL, [
      JSON.stringify(w.body.conn),
      JSON.stringify(w.body.items),
      JSON.stringify(w.body.quarantined),
      w.body.join_servers,
    ]);
    w.resolve(stored(row));
  } catch (err) {
    w.reject(err);
  }
}

async function storeGroup(group: Waiting[]): Promise<void> {
  if (group.length === 1) return storeOne(group[0]);
  storeCalls.grouped++;
  storeCalls.bodiesGrouped += group.length;
  try {
    const rows = await runQuery<Row & { place: number }>(STORE_MANY_SQL, [JSON.stringify(group.map((w) => w.body))]);
    for (const r of rows) group[r.place - 1].resolve(stored(r));
  } catch {
    // One body's failure must not cost the others: store each alone, each answering for itself.
    await Promise.all(group.map(storeOne));
  }
}

function pump(): void {
  while (running < LANES && waiting.length > 0) {
    const group = waiting.splice(0, MAX_GROUP);
    running++;
    void storeGroup(group).finally(() => {
      running--;
      pump();
    });
  }
}

/**
 * Stores the body; `joinServers` are the TURN servers its newest path names (empty: no join
 * attempt now; the join-retry job still tries relayed connections later). Group commit: while
 * LANES stores are in flight, bodies wait and then go together in one call and one transaction
 * (relayscope_store_getstats_many), each stored exactly as alone; a quiet ingest stores each body
 * at once.
 */
export function storeConnectionBody(
  conn: ConnectionRow,
  rows: readonly ReportRow[],
  quarantined: readonly QuarantineRow[],
  joinServers: readonly string[],
): Promise<StoredBody> {
  return new Promise((resolve, reject) => {
    waiting.push({ body: { conn, items: rows, quarantined, join_servers: joinServers }, resolve, reject });
    pump();
  });
}
