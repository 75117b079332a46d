// The scheduled jobs. Started only from server.ts; every job is safe to run on several instances at once.

import type { FastifyBaseLogger } from "fastify";
import cron from "node-cron";
import type { Db } from "../db/open-database.ts";
import { deleteExpiredSessions } from "../features/auth/repository.ts";

export type JobContext = { db: Db; log: FastifyBaseLogger; now: Date };

export type Job = {
  name: string;
  /** A cron expression in Asia/Shanghai time. */
  schedule: string;
  run: (ctx: JobContext) => Promise<Record<string, unknown>>;
};

export const jobs: Job[] = [
  {
    name: "expired-sessions",
    schedule: "17 * * * *",
    run: async ({ db, now }) => ({ deleted: (await deleteExpiredSessions(db, now)).count }),
  },
];

/** Schedules every job; returns a function that stops them and waits for running ones. */
export function startJobs(db: Db, log: FastifyBaseLogger): () => Promise<void> {
  const tasks = jobs.map((job) =>
    cron.schedule(
      job.schedule,
      async () => {
        try {
          const result = await job.run({ db, log, now: new Date() });
          log.info({ job: job.name, ...result }, "job finished");
        } catch (err) {
          log.error({ job: job.name, err }, "job failed");
        }
      },
      { name: job.name, timezone: "Asia/Shanghai", noOverlap: true },
    ),
  );
  return async () => {
    await Promise.all(tasks.map((t) => t.stop()));
    while (tasks.some((t) => t.isBusy())) await new Promise((r) => setTimeout(r, 50));
  };
}
