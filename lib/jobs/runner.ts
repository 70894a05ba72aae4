// Background jobs on pg-boss 10 (the last major that runs on Node 20): its queues and cron live in
// Postgres (schema `pgboss`), so any number of app instances share one schedule and each job runs
// once per tick, whichever instance picks it up.
import PgBoss from "pg-boss";
import { log } from "../log";
import { jobRuns } from "../metrics/registry";
import { SCHEDULE, type ScheduledJob } from "./schedule";

export type JobRunner = { boss: PgBoss; stop: () => Promise<void> };

async function runJob(job: ScheduledJob): Promise<void> {
  const end = jobRuns.startTimer({ job: job.name });
  try {
    const result = await job.run();
    end({ outcome: "ok" });
    log().debug({ job: job.name, ...result }, "job done");
  } catch (err) {
    end({ outcome: "error" });
    log().error({ job: job.name, err }, "job failed");
    throw err; // pg-boss records the failure and retries per queue policy
  }
}

export async function startJobs(databaseUrl: string, schedule: readonly ScheduledJob[] = SCHEDULE): Promise<JobRunner> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: "pgboss", application_name: "relayscope-jobs", max: 4 });
  boss.on("error", (err) => log().error({ err }, "job runner error"));
  await boss.start();
  for (const job of schedule) {
    const queue = { name: job.name, policy: "singleton" as const, retryLimit: 3, retryDelay: 30, retryBackoff: true };
    // createQueue only inserts a missing queue; updateQueue carries changed retry settings to old ones.
    await boss.createQueue(job.name, queue);
    await boss.updateQueue(job.name, queue);
    await boss.work(job.name, async () => runJob(job));
    await boss.schedule(job.name, job.cron);
    if (job.runAtStart) await boss.send(job.name, {}, { singletonKey: `${job.name}-start` });
  }
  return {
    boss,
    stop: () => boss.stop({ graceful: true, timeout: 10_000, wait: true }),
  };
}
