// Partitions exist ahead of time (the maintenance job, run by pg-boss) and on demand for old data.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { ensurePartitions, ensurePartitionsCached, ensureUpcomingPartitions, PARTITIONED_TABLES } from "../../lib/db/partitions";
import { closePools } from "../../lib/db/pool";
import { runQuery } from "../../lib/db/run-query";
import { startJobs } from "../../lib/jobs/runner";
import type { ScheduledJob } from "../../lib/jobs/schedule";
import { testDatabaseUrl } from "../support/db";

const url = testDatabaseUrl();
after(() => closePools());

const INSERT_DELTA = `INSERT INTO relay_usage_delta (id, ts, tenant_id, server_id, session_id, leg, rx_packets, rx_bytes, tx_packets, tx_bytes)
  VALUES ($1, $2, $3, $3, $3, 'client', 1, 100, 1, 100) ON CONFLICT DO NOTHING RETURNING id`;

async function partitionCount(prefix: string): Promise<number> {
  const [r] = await runQuery<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class WHERE relispartition AND relkind = 'r' AND relname LIKE $1`,
    [`${prefix}_p%`],
  );
  return r.n;
}

describe("partitions", () => {
  it("covers yesterday through N days ahead for every raw table, idempotently", async () => {
    await ensureUpcomingPartitions(5);
    const again = await ensureUpcomingPartitions(5);
    assert.equal(again, 0);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10).replaceAll("-", "");
    for (const t of PARTITIONED_TABLES) {
      const [r] = await runQuery<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [`${t}_p${tomorrow}`]);
      assert.equal(r.t, `${t}_p${tomorrow}`);
    }
  });

  it("old data needs its partition; ensurePartitionsCached makes it; replays insert nothing", async () => {
    const ts = new Date("2024-02-29T12:34:56Z");
    const id = randomUUID();
    await assert.rejects(runQuery(INSERT_DELTA, [id, ts, randomUUID()]), /no partition of relation/);
    await ensurePartitionsCached("relay_usage_delta", ts, ts);
    const tenant = randomUUID();
    assert.equal((await runQuery(INSERT_DELTA, [id, ts, tenant])).length, 1);
    assert.equal((await runQuery(INSERT_DELTA, [id, ts, tenant])).length, 0, "ON CONFLICT on (id, ts) makes replays no-ops");
  });

  it("refuses tables that are not ours and absurd ranges", async () => {
    await assert.rejects(
      runQuery(`SELECT relayscope_ensure_day_partitions('tenant', '2026-01-01', '2026-01-02')`),
      /not a partitioned relayscope table/,
    );
    await assert.rejects(ensurePartitions("relay_event", new Date("2020-01-01"), new Date("2026-01-01")), /max 400/);
  });

  it("concurrent callers create each partition once", async () => {
    const from = new Date("2023-06-01T00:00:00Z");
    const to = new Date("2023-06-20T00:00:00Z");
    const results = await Promise.all([1, 2, 3].map(() => ensurePartitions("metric_sample", from, to)));
    assert.equal(
      results.reduce((a, b) => a + b, 0),
      20,
    );
  });
});

describe("job runner", () => {
  it("runs the partition-maintenance job at start through pg-boss", async () => {
    await runQuery(
      `DROP TABLE IF EXISTS client_report_p${new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "")}`,
    );
    const before = await partitionCount("client_report");
    const jobs = await startJobs(url);
    try {
      const deadline = Date.now() + 30_000;
      let state: string | undefined;
      while (Date.now() < deadline) {
        const rows = await runQuery<{ state: string }>(
          `SELECT state FROM pgboss.job WHERE name = 'partition-maintenance' ORDER BY created_on DESC LIMIT 1`,
        );
        state = rows[0]?.state;
        if (state === "completed" || state === "failed") break;
        await new Promise((r) => setTimeout(r, 250));
      }
      assert.equal(state, "completed");
      assert.ok((await partitionCount("client_report")) > before);
      const schedules = await runQuery<{ name: string; cron: string }>(`SELECT name, cron FROM pgboss.schedule ORDER BY name`);
      assert.deepEqual(schedules, [
        { name: "join-retry", cron: "* * * * *" },
        { name: "partition-maintenance", cron: "17 * * * *" },
        { name: "rollups", cron: "* * * * *" },
      ]);
    } finally {
      await jobs.stop();
    }
  });

  it("a failing job is recorded as failed and retried, not lost", async () => {
    let calls = 0;
    const failing: ScheduledJob = {
      name: "test-failing-job",
      cron: "0 0 1 1 *",
      runAtStart: true,
      run: async () => {
        calls++;
        throw new Error("boom");
      },
    };
    const jobs = await startJobs(url, [failing]);
    try {
      const deadline = Date.now() + 20_000;
      let row: { state: string; retry_count: number } | undefined;
      while (Date.now() < deadline) {
        [row] = await runQuery<{ state: string; retry_count: number }>(
          `SELECT state, retry_count FROM pgboss.job WHERE name = 'test-failing-job' ORDER BY created_on DESC LIMIT 1`,
        );
        if (calls >= 1 && row && row.state === "retry") break;
        await new Promise((r) => setTimeout(r, 250));
      }
      assert.ok(calls >= 1);
      assert.equal(row?.state, "retry");
    } finally {
      await jobs.stop();
      await runQuery(`DELETE FROM pgboss.schedule WHERE name = 'test-failing-job'`);
    }
  });
});
