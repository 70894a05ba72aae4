import type { Command } from "commander";
import { migrationStatus } from "../../../lib/db/migrate";
import { pool } from "../../../lib/db/pool";
import { migrationsDir } from "../../../lib/env";
import { openDatabase } from "../database";
import { printJson } from "../output";

export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description("apply pending database migrations (also done by `start`)")
    .option("--status", "only show applied and pending migrations")
    .option("--json", "print JSON")
    .action(async (opts: { status?: boolean; json?: boolean }) => {
      const db = await openDatabase({ migrate: !opts.status });
      try {
        const client = await pool().connect();
        try {
          const status = await migrationStatus(client, migrationsDir());
          if (opts.json) printJson(status);
          else {
            console.log(`applied: ${status.applied.length}, pending: ${status.pending.length}`);
            for (const n of status.pending) console.log(`pending  ${n}`);
            for (const n of status.failed) console.log(`FAILED   ${n}`);
            for (const n of status.changed) console.log(`changed  ${n} (edited after it was applied)`);
          }
        } finally {
          client.release();
        }
      } finally {
        await db.close();
      }
    });
}
