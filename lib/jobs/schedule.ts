// The one schedule table: every recurring job of the product, its cron and what it does.
// Later issues add rows here (rollups, join retry, alert evaluation, notifications, retention).

import { ensureUpcomingPartitions } from "../db/partitions";
import { env } from "../env";
import { JOIN_RETRY_WINDOW_MINUTES, joinPending } from "../join/join-connections";
import { log } from "../log";
import { refreshRollups } from "../rollups/refresh";

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
  {
    // Browser reports often arrive before the coturn agent has delivered the session's lines: relayed
    // connections that did not join at ingest are tried again every minute for 15 minutes.
    name: "join-retry",
    cron: "* * * * *",
    runAtStart: true,
    run: async () => {
      const result = await joinPending();
      if (result.joined > 0) log().info({ ...result, windowMinutes: JOIN_RETRY_WINDOW_MINUTES }, "joined late connections");
      return result;
    },
  },
  {
    // Minute, hour and day rollups of the minutes raw writes marked since the last run (lib/rollups).
    name: "rollups",
    cron: "* * * * *",
    runAtStart: true,
    run: async () => {
      const result = await refreshRollups();
      if (result.reopened > 0) log().info(result, "rollups re-opened buckets for late data");
      return result;
    },
  },
];
