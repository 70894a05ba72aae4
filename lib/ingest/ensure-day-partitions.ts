// Day partitions for the rows an ingest is about to write, created before its transaction: in their
// own short statements (not holding the parent's lock for the whole batch), and so that a rolled-back
// batch cannot leave ensurePartitionsCached believing in a partition that was never committed.
import { ensurePartitionsCached, type PartitionedTable } from "../db/partitions";

const DAY_MS = 86_400_000;

/** One call per run of consecutive days present in `times` (epoch ms). */
export async function ensureDayPartitions(tables: readonly PartitionedTable[], times: readonly number[]): Promise<void> {
  const days = [...new Set(times.map((t) => Math.floor(t / DAY_MS)))].sort((a, b) => a - b);
  let i = 0;
  while (i < days.length) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
    const from = new Date(days[i] * DAY_MS);
    const to = new Date(days[j] * DAY_MS);
    for (const table of tables) await ensurePartitionsCached(table, from, to);
    i = j + 1;
  }
}
