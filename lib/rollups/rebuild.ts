// Recomputes every rollup over a range from raw rows, a day at a time: after a bulk load (the
// queries bench), a restore, or a change to what the rollups contain. Marks written meanwhile are
// left for the job.
import { exclusively } from "./exclusive";
import { DAY, split, type TimeRange, widen } from "./ranges";
import { recomputeCalls, recomputeClient, recomputeRelay } from "./recompute";

export function rebuildRollups(range: TimeRange): Promise<{ days: number }> {
  return exclusively(async () => {
    const days = widen([range], DAY).flatMap((r) => split(r, DAY));
    for (const day of days) {
      await recomputeRelay([day]);
      await recomputeClient([day]);
      await recomputeCalls([day]);
    }
    return { days: days.length };
  });
}
