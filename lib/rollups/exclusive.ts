// One rollup writer at a time across every app instance and the CLI: two runs recomputing the same
// range at once would collide on the rollup keys. pg-boss already runs the job once per tick; this
// also covers a rebuild, a test or a second scheduler. The lock lives on one pooled connection held
// for the duration; the work itself uses other connections.
import { pool } from "../db/pool";

const LOCK_SQL = "SELECT pg_advisory_lock(hashtext('relayscope-rollups'))";
const UNLOCK_SQL = "SELECT pg_advisory_unlock(hashtext('relayscope-rollups'))";

export async function exclusively<T>(fn: () => Promise<T>): Promise<T> {
  const holder = await pool().connect();
  try {
    await holder.query(LOCK_SQL);
    try {
      return await fn();
    } finally {
      await holder.query(UNLOCK_SQL);
    }
  } finally {
    holder.release();
  }
}
