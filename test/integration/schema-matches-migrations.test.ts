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
