// `relayscope rollups refresh|rebuild`: the rollup job by hand. `refresh` rolls up what raw writes
// marked since the job's last run (what the app's job does every minute); `rebuild` recomputes
// every rollup of a range from raw rows (after a restore, a bulk load, or a change to what the
// rollups hold). Both take the same lock as the job, so they never race it.
import type { Command } from "commander";
import { z } from "zod";
import { rebuildRollups } from "../../../lib/rollups/rebuild";
import { refreshRollups } from "../../../lib/rollups/refresh";
import { openDatabase } from "../database";
import { printJson } from "../output";
import { parseOption } from "../validate";

const isoTime = z.iso.datetime({ offset: true, message: "an ISO 8601 time with a zone, e.g. 2026-11-01T00:00:00Z" });

export function registerRollups(program: Command): void {
  const rollups = program.command("rollups").description("roll raw rows up into the minute, hour and day tables the charts read");
  rollups
    .command("refresh")
    .description("roll up what arrived since the last run (the app's job does this every minute)")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const db = await openDatabase({ migrate: false });
      try {
        const r = await refreshRollups();
        if (opts.json) printJson(r);
        else console.log(`rolled up ${r.relayMinutes} relay and ${r.clientMinutes} client minutes (${r.reopened} re-opened by late data)`);
      } finally {
        await db.close();
      }
    });
  rollups
    .command("rebuild")
    .description("recompute every rollup of a range from raw rows, a day at a time")
    .requiredOption("--from <time>", "start, ISO 8601 (widened to the day)")
    .option("--to <time>", "end, ISO 8601 (default now)")
    .option("--json", "print JSON")
    .action(async (opts: { from: string; to?: string; json?: boolean }) => {
      const from = new Date(parseOption(isoTime, opts.from, "--from"));
      const to = opts.to ? new Date(parseOption(isoTime, opts.to, "--to")) : new Date();
      const db = await openDatabase({ migrate: false });
      try {
        const r = await rebuildRollups({ from, to });
        if (opts.json) printJson(r);
        else console.log(`rebuilt ${r.days} day${r.days === 1 ? "" : "s"} of rollups`);
      } finally {
        await db.close();
      }
    });
}
