// The one schedule table: every recurring job of the product, its cron and what it does.
// Later issues add rows here (rollups, join retry, alert evaluation, notifications, retention).

import { ensureUpcomingPartitions } from "../db/partitions";
import { env } from "../env";
import { log } from "../log";

export type ScheduledJob = {
  name: string;
  /** Cron in UTC (pg-boss evaluates schedules in UTC by default). */
  cron: string;
  /** Also run once when the runner starts, so a fresh install does not wait for the first tick. */
  runAtStart: boolean;
  run: () => Promise<Record<string, unknown>>;
};

export const SCHEDULE: readonly ScheduledJob[] = [
  {
    name: "partition-maintenance",
    cron: "17 * * * *",
    runAtStart: true,
    run: async () => {
      const created = await ensureUpcomingPartitions(env().RELAYSCOPE_PARTITION_DAYS_AHEAD);
      if (created > 0) log().info({ created }, "created partitions ahead");
      return { created };
    },
  },
];
