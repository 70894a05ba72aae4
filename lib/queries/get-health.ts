// Liveness + readiness: the database answers and every migration on disk is applied.
import type { PoolClient } from "pg";
import { migrationStatus } from "../db/migrate";
import { pool } from "../db/pool";
import { migrationsDir } from "../env";
import { log } from "../log";

export type Health = {
  status: "ok" | "fail";
  database: { reachable: boolean; latencyMs?: number; error?: string };
  migrations: { applied: number; pending: string[]; failed: string[] } | null;
};

export async function getHealth(): Promise<Health> {
  const t0 = performance.now();
  let client: PoolClient | undefined;
  try {
    client = await pool().connect();
    await client.query("SELECT 1");
    const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
    const m = await migrationStatus(client, migrationsDir());
    const ok = m.pending.length === 0 && m.failed.length === 0;
    return {
      status: ok ? "ok" : "fail",
      database: { reachable: true, latencyMs },
      migrations: { applied: m.applied.length, pending: m.pending, failed: m.failed },
    };
  } catch (err) {
    // The detail (host names, users) goes to the log, not to unauthenticated callers.
    log().warn({ err }, "health check: database unreachable");
    return { status: "fail", database: { reachable: false, error: "database unreachable" }, migrations: null };
  } finally {
    client?.release();
  }
}
