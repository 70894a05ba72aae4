// Bulk-load recipe: drop the loaded tables' indexes (and foreign keys) before COPY and build them
// again afterwards, which is one sort per index instead of a b-tree insert per row. The definitions
// are read back from the catalog (pg_get_indexdef / pg_get_constraintdef), so the rebuilt schema is
// exactly the migrated one. Foreign keys are always deferred: the tables load in parallel
// transactions, so a peer row cannot see its session's uncommitted row; re-adding the key validates
// every row at once.
import pg from "pg";

/** keep: indexes stay (only foreign keys go); secondary: non-unique indexes go too; all: every index and key. */
export type IndexPlan = "keep" | "secondary" | "all";
export const INDEX_PLANS: readonly IndexPlan[] = ["keep", "secondary", "all"];

type Restore = { table: string; name: string; sql: string; phase: 1 | 2 };
export type Deferred = { restores: Restore[] };

const INDEXES = `
  SELECT c.relname AS table_name, ic.relname AS index_name, pg_get_indexdef(i.indexrelid) AS def, i.indisunique AS is_unique
  FROM pg_index i
  JOIN pg_class c ON c.oid = i.indrelid
  JOIN pg_class ic ON ic.oid = i.indexrelid
  WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1::text[])
    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = c.oid)
  ORDER BY 1, 2`;

const CONSTRAINTS = `
  SELECT c.relname AS table_name, k.conname, k.contype, pg_get_constraintdef(k.oid) AS def
  FROM pg_constraint k
  JOIN pg_class c ON c.oid = k.conrelid
  WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1::text[])
    AND k.contype IN ('p', 'u', 'f') AND k.conparentid = 0
  ORDER BY 1, 2`;

/** Drops what the plan defers on `tables`; returns how to build it again. */
export async function deferIndexes(url: string, tables: readonly string[], plan: IndexPlan): Promise<Deferred> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = (id: string) => client.escapeIdentifier(id);
    const restores: Restore[] = [];
    const drops: string[] = [];
    const foreignKeyDrops: string[] = [];
    const constraints = await client.query<{ table_name: string; conname: string; contype: string; def: string }>(CONSTRAINTS, [tables]);
    for (const k of constraints.rows) {
      if (k.contype !== "f" && plan !== "all") continue;
      (k.contype === "f" ? foreignKeyDrops : drops).push(`ALTER TABLE ${q(k.table_name)} DROP CONSTRAINT ${q(k.conname)}`);
      restores.push({
        table: k.table_name,
        name: k.conname,
        sql: `ALTER TABLE ${q(k.table_name)} ADD CONSTRAINT ${q(k.conname)} ${k.def}`,
        phase: k.contype === "f" ? 2 : 1,
      });
    }
    if (plan !== "keep") {
      const indexes = await client.query<{ table_name: string; index_name: string; def: string; is_unique: boolean }>(INDEXES, [tables]);
      for (const i of indexes.rows) {
        if (i.is_unique && plan !== "all") continue;
        drops.push(`DROP INDEX ${q(i.index_name)}`);
        // A partitioned table's index reads back as `ON ONLY parent`, which builds an invalid index
        // with none on the partitions; without ONLY it is built on every partition and attached.
        restores.push({ table: i.table_name, name: i.index_name, sql: i.def.replace(/ ON ONLY /, " ON "), phase: 1 });
      }
    }
    await client.query("BEGIN");
    // Foreign keys first: a primary key cannot go while a key refers to it.
    for (const sql of [...foreignKeyDrops, ...drops]) await client.query(sql);
    await client.query("COMMIT");
    return { restores };
  } finally {
    await client.end();
  }
}

/** Builds everything deferIndexes dropped, `parallel` statements at a time; returns per-statement times. */
export async function restoreIndexes(url: string, deferred: Deferred, parallel: number): Promise<Array<{ name: string; ms: number }>> {
  const timings: Array<{ name: string; ms: number }> = [];
  for (const phase of [1, 2] as const) {
    const queue = deferred.restores.filter((r) => r.phase === phase);
    const worker = async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query("SET maintenance_work_mem = '256MB'");
        // Two builds at once already use both cores of a small box; let a lone build use workers.
        await client.query(`SET max_parallel_maintenance_workers = ${parallel > 1 ? 0 : 2}`);
        for (let r = queue.shift(); r; r = queue.shift()) {
          const t0 = performance.now();
          await client.query(r.sql);
          timings.push({ name: r.name, ms: performance.now() - t0 });
        }
      } finally {
        await client.end();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  }
  await assertIndexesValid(url, [...new Set(deferred.restores.map((r) => r.table))]);
  return timings;
}

/** An invalid index (one never built on some partition) would leave the bench timing scans, not the schema. */
async function assertIndexesValid(url: string, tables: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT i.indexrelid::regclass::text AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
       WHERE NOT i.indisvalid AND c.relnamespace = current_schema()::regnamespace
         AND (c.relname = ANY($1::text[]) OR i.indrelid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent::regclass::text = ANY($1::text[])))`,
      [tables],
    );
    if (rows.length > 0) throw new Error(`indexes left invalid after the load: ${rows.map((r) => r.name).join(", ")}`);
  } finally {
    await client.end();
  }
}
