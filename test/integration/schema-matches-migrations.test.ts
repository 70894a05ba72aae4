// AC2: the database the migrations build is exactly schema.prisma (tables, columns, types,
// nullability, enums, primary keys, unique constraints, indexes), partition children and
// library-owned tables aside.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { actualFromDatabase, diffSchemas, expectedFromSchema } from "../../scripts/db/schema-diff";
import { testDatabaseUrl, withClient } from "../support/db";

describe("migrated database = schema.prisma", () => {
  it("has no differences", async () => {
    const expected = await expectedFromSchema();
    const problems = await withClient(testDatabaseUrl(), async (c) => diffSchemas(expected, await actualFromDatabase(c)));
    assert.deepEqual(problems, []);
  });

  it("the comparison sees a drifted column, a missing table and an extra index", async () => {
    const expected = await expectedFromSchema();
    await withClient(testDatabaseUrl(), async (c) => {
      await c.query("BEGIN");
      try {
        await c.query(`ALTER TABLE "app" ALTER COLUMN "name" TYPE text`);
        await c.query(`ALTER TABLE "tenant" ALTER COLUMN "name" DROP NOT NULL`);
        await c.query(`DROP TABLE "rollup_watermark"`);
        await c.query(`CREATE INDEX "app_extra_idx" ON "app"("created_at")`);
        const problems = diffSchemas(expected, await actualFromDatabase(c));
        assert.ok(
          problems.some((p) => p.startsWith("column app.name is text, schema says character varying(100)")),
          problems.join("\n"),
        );
        assert.ok(
          problems.some((p) => p.startsWith("column tenant.name is nullable")),
          problems.join("\n"),
        );
        assert.ok(
          problems.some((p) => p.startsWith("missing table rollup_watermark")),
          problems.join("\n"),
        );
        assert.ok(
          problems.some((p) => p.startsWith("index app(created_at) is not in schema.prisma")),
          problems.join("\n"),
        );
      } finally {
        await c.query("ROLLBACK");
      }
    });
  });

  it("the minute, hour and day tables of each rollup family have the same columns in the same order", async () => {
    // Totals over a range stack a family's hour and day rows (totalsPerGranularity): SELECT * needs this.
    const families = await withClient(testDatabaseUrl(), async (c) => {
      const { rows } = await c.query<{ family: string; grain: string; columns: string }>(
        `SELECT substring(table_name from '^(.*)_rollup_') AS family, substring(table_name from '_rollup_(.*)$') AS grain,
           string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) AS columns
         FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name ~ '_rollup_(minute|hour|day)$'
         GROUP BY table_name ORDER BY 1, 2`,
      );
      return rows;
    });
    const byFamily = new Map<string, typeof families>();
    for (const r of families) byFamily.set(r.family, [...(byFamily.get(r.family) ?? []), r]);
    assert.deepEqual([...byFamily.keys()].sort(), ["call", "client", "client_series", "ice_error", "relay"]);
    for (const [family, grains] of byFamily) {
      // The series read their minutes from client_rollup_minute (SERIES_MINUTES).
      assert.deepEqual(grains.map((g) => g.grain).sort(), family === "client_series" ? ["day", "hour"] : ["day", "hour", "minute"], family);
      assert.equal(new Set(grains.map((g) => g.columns)).size, 1, `${family}: ${grains.map((g) => `${g.grain}: ${g.columns}`).join("\n")}`);
    }
  });

  it("ignores partition children", async () => {
    const expected = await expectedFromSchema();
    await withClient(testDatabaseUrl(), async (c) => {
      await c.query("BEGIN");
      try {
        await c.query(`SELECT relayscope_ensure_day_partitions('relay_event', '2031-01-01', '2031-01-03')`);
        const { rows } = await c.query(
          `SELECT count(*)::int AS n FROM pg_class WHERE relispartition AND relkind = 'r' AND relname LIKE 'relay_event_p2031%'`,
        );
        assert.equal(rows[0].n, 3);
        assert.deepEqual(diffSchemas(expected, await actualFromDatabase(c)), []);
      } finally {
        await c.query("ROLLBACK");
      }
    });
  });
});
