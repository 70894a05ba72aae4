// The one seam every raw SQL statement goes through (STYLE.md §1). A read replica, Citus or another
// store plugs in here. Statements are constants with $n parameters; nothing is built from strings.
import type pg from "pg";
import { pool } from "./pool";

export type Queryable = Pick<pg.Pool, "query"> | pg.PoolClient;

export async function runQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  params: readonly unknown[] = [],
  db: Queryable = pool(),
): Promise<R[]> {
  const res = await db.query<R>(sql, params as unknown[]);
  return res.rows;
}

/** Runs fn in one transaction on one connection; rolls back on any throw. */
export async function inTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
