// The SQL seam: exact bigints (byte counters) and bigint arrays (rollup histograms); transactions
// roll back whole on a throw.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { closePools } from "../../lib/db/pool";
import { inTransaction, runQuery } from "../../lib/db/run-query";
import { testDatabaseUrl, uid } from "../support/db";

testDatabaseUrl();
after(() => closePools());

describe("runQuery / inTransaction", () => {
  it("returns int8 as exact bigint and int8[] as bigint[]", async () => {
    const [row] = await runQuery<{ big: bigint; arr: (bigint | null)[] }>(
      `SELECT 9007199254740993::int8 AS big, ARRAY[1, 9007199254740993, NULL]::int8[] AS arr`,
    );
    assert.equal(row.big, 9007199254740993n);
    assert.deepEqual(row.arr, [1n, 9007199254740993n, null]);
  });

  it("rolls back everything when the callback throws", async () => {
    const slug = `tx-${uid()}`;
    await assert.rejects(
      inTransaction(async (c) => {
        await c.query(`INSERT INTO tenant (slug, name) VALUES ($1, 'x')`, [slug]);
        throw new Error("abort");
      }),
      /abort/,
    );
    assert.deepEqual(await runQuery(`SELECT 1 FROM tenant WHERE slug = $1`, [slug]), []);
  });
});
