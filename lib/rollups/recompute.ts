// Recomputes the rollup families for given minute ranges: minutes from raw rows, then the hours and
// days that contain them from the finer table. Each (range, table) is a DELETE + INSERT in one
// transaction, so a reader never sees a bucket half rebuilt.
import { inTransaction, runQuery } from "../db/run-query";
import * as C from "./client-rollup-sql";
import { seriesDelete, seriesInsert } from "./client-series-rollup-sql";
import * as E from "./ice-error-rollup-sql";
import { DAY, HOUR, type TimeRange, widen } from "./ranges";
import * as R from "./relay-rollup-sql";
import { RTT_BOUNDS_MS } from "./rtt-histogram";

type Step = { del: string; ins: string; extra?: readonly unknown[] };

async function replace(range: TimeRange, step: Step): Promise<void> {
  await inTransaction(async (db) => {
    // A day's recompute groups tens of thousands of rows: sort in memory, not in temporary files.
    await runQuery("SET LOCAL work_mem = '64MB'", [], db);
    // The pool turns parallel workers off for the dashboard's small reads; a day's recompute is a bulk read.
    await runQuery("SET LOCAL max_parallel_workers_per_gather = 2", [], db);
    await runQuery(step.del, [range.from, range.to], db);
    await runQuery(step.ins, [range.from, range.to, ...(step.extra ?? [])], db);
  });
}

async function cascade(minutes: readonly TimeRange[], steps: { minute: Step; hour: Step; day: Step }): Promise<void> {
  for (const r of minutes) await replace(r, steps.minute);
  const hours = widen(minutes, HOUR);
  for (const r of hours) await replace(r, steps.hour);
  for (const r of widen(hours, DAY)) await replace(r, steps.day);
}

export function recomputeRelay(minutes: readonly TimeRange[]): Promise<void> {
  return cascade(minutes, {
    minute: { del: R.RELAY_MINUTES_DELETE, ins: R.RELAY_MINUTES_INSERT },
    hour: { del: R.RELAY_HOURS_DELETE, ins: R.RELAY_HOURS_INSERT },
    day: { del: R.RELAY_DAYS_DELETE, ins: R.RELAY_DAYS_INSERT },
  });
}

/**
 * The client rollups, their series projection and the ICE errors per url: all from connections and
 * their reports. The series hours and days follow the client rollups' hours and days.
 */
export async function recomputeClient(minutes: readonly TimeRange[]): Promise<void> {
  await cascade(minutes, {
    minute: { del: C.CLIENT_MINUTES_DELETE, ins: C.CLIENT_MINUTES_INSERT, extra: [RTT_BOUNDS_MS] },
    hour: { del: C.CLIENT_HOURS_DELETE, ins: C.CLIENT_HOURS_INSERT },
    day: { del: C.CLIENT_DAYS_DELETE, ins: C.CLIENT_DAYS_INSERT },
  });
  const hours = widen(minutes, HOUR);
  for (const r of hours) await replace(r, { del: seriesDelete("hour"), ins: seriesInsert("hour") });
  for (const r of widen(hours, DAY)) await replace(r, { del: seriesDelete("day"), ins: seriesInsert("day") });
  await cascade(minutes, {
    minute: { del: E.ICE_ERROR_MINUTES_DELETE, ins: E.ICE_ERROR_MINUTES_INSERT },
    hour: { del: E.ICE_ERROR_HOURS_DELETE, ins: E.ICE_ERROR_HOURS_INSERT },
    day: { del: E.ICE_ERROR_DAYS_DELETE, ins: E.ICE_ERROR_DAYS_INSERT },
  });
}

/** Minutes outside each range holding other connections of the calls the range touches. */
export async function otherCallMinutes(minutes: readonly TimeRange[]): Promise<Date[]> {
  const out: Date[] = [];
  for (const r of minutes) {
    const rows = await runQuery<{ bucket: Date }>(C.CALL_OTHER_MINUTES, [r.from, r.to]);
    for (const row of rows) out.push(row.bucket);
  }
  return out;
}

export function recomputeCalls(minutes: readonly TimeRange[]): Promise<void> {
  return cascade(minutes, {
    minute: { del: C.CALL_MINUTES_DELETE, ins: C.CALL_MINUTES_INSERT },
    hour: { del: C.CALL_HOURS_DELETE, ins: C.CALL_HOURS_INSERT },
    day: { del: C.CALL_DAYS_DELETE, ins: C.CALL_DAYS_INSERT },
  });
}
