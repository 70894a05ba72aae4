// The rollup job (every minute): reads the minutes raw writes marked since its horizon, recomputes
// them and the hours and days around them, then advances. Exactness under concurrent ingest comes
// from transaction ids, not clocks: the marks and the snapshot's xmin are read in one statement;
// every transaction that had not finished by then has an xid ≥ xmin, so its marks are read again
// by the next run (recomputing twice is harmless; missing one would not be). Marks below the new
// horizon are deleted. Late data is just a mark on an old minute: its buckets re-open.
import { inTransaction, runQuery } from "../db/run-query";
import { exclusively } from "./exclusive";
import { minuteRanges } from "./ranges";
import { otherCallMinutes, recomputeCalls, recomputeClient, recomputeRelay } from "./recompute";

const CLAIM_SQL = `
  SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin,
    COALESCE((SELECT array_agg(DISTINCT bucket) FROM rollup_mark WHERE source = 'relay' AND txid >= $1), '{}') AS relay,
    COALESCE((SELECT array_agg(DISTINCT bucket) FROM rollup_mark WHERE source = 'client' AND txid >= $1), '{}') AS client`;

const HORIZON_SQL = "SELECT horizon FROM rollup_watermark WHERE name = 'marks'";

const ADVANCE_SQL = `
  INSERT INTO rollup_watermark AS w (name, watermark, horizon, updated_at)
  VALUES ('marks', now(), $1, now()), ('relay', COALESCE($2::timestamptz, 'epoch'), 0, now()), ('client', COALESCE($3::timestamptz, 'epoch'), 0, now())
  ON CONFLICT (name) DO UPDATE SET
    horizon = GREATEST(w.horizon, EXCLUDED.horizon),
    watermark = GREATEST(w.watermark, EXCLUDED.watermark),
    updated_at = now()
  RETURNING name, watermark`;

export type RefreshResult = {
  relayMinutes: number;
  clientMinutes: number;
  /** Minutes recomputed that were older than the watermark before this run (late data). */
  reopened: number;
  horizon: string;
};

const latest = (ds: readonly Date[]): Date | null => (ds.length ? new Date(Math.max(...ds.map((d) => d.getTime()))) : null);

export function refreshRollups(): Promise<RefreshResult> {
  return exclusively(refresh);
}

async function refresh(): Promise<RefreshResult> {
  const [h] = await runQuery<{ horizon: string }>(HORIZON_SQL);
  const before = await runQuery<{ name: string; watermark: Date }>("SELECT name, watermark FROM rollup_watermark");
  const [claim] = await runQuery<{ xmin: string; relay: Date[]; client: Date[] }>(CLAIM_SQL, [h?.horizon ?? "0"]);

  const relay = minuteRanges(claim.relay);
  await recomputeRelay(relay);
  const client = minuteRanges(claim.client);
  await recomputeClient(client);
  await recomputeCalls(minuteRanges([...claim.client, ...(await otherCallMinutes(client))]));

  const mark = (name: string) => before.find((b) => b.name === name)?.watermark.getTime() ?? Number.NEGATIVE_INFINITY;
  const reopened =
    claim.relay.filter((m) => m.getTime() < mark("relay")).length + claim.client.filter((m) => m.getTime() < mark("client")).length;
  await inTransaction(async (db) => {
    await runQuery(ADVANCE_SQL, [claim.xmin, latest(claim.relay), latest(claim.client)], db);
    await runQuery("DELETE FROM rollup_mark WHERE txid < $1", [claim.xmin], db);
  });
  return { relayMinutes: claim.relay.length, clientMinutes: claim.client.length, reopened, horizon: claim.xmin };
}
