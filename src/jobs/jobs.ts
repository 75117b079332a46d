// The scheduled jobs. Started only from server.ts; every job is safe to run on several instances at once.
import type { FastifyBaseLogger } from "fastify";
import cron from "node-cron";
import type { Config } from "../config.ts";
import { sweepFormKeys } from "../db/form-submissions.ts";
import type { Db } from "../db/open-database.ts";
import type { Sender } from "../email/outbox.ts";
import { removeExpiredSessions } from "../features/auth/service.ts";
import { sweepOrphanFiles } from "../features/files/sweep.ts";
import { runScheduledReminders } from "./reminder-schedule.ts";

/** `sender` is null when SMTP_URL is unset: mail waits in the outbox. */
export type JobContext = { db: Db; log: FastifyBaseLogger; now: Date; config: Config; sender: Sender | null };

export type Job = {
  name: string;
  /** A cron expression in Asia/Shanghai time (node-cron; six fields when seconds are given). */
  schedule: string;
  run: (ctx: JobContext) => Promise<Record<string, unknown>>;
};

export const jobs: Job[] = [
  {
    name: "expired-sessions",
    schedule: "17 * * * *",
    run: async ({ db, now }) => ({ deleted: await removeExpiredSessions(db, now) }),
  },
  {
    // Checks every minute whether today's run is due; the run itself is claimed once across instances.
    name: "reminders",
    schedule: "* * * * *",
    run: async ({ db, now, config, sender }) => {
      const outcome = await runScheduledReminders(db, { now, publicUrl: config.publicUrl });
      if (!outcome.ran) return { skipped: outcome.reason };
      const sent = sender ? await sender.drain() : null;
      return {
        since: outcome.run.since,
        reminders: outcome.run.reminders,
        carried: outcome.run.carried,
        digests: outcome.run.digests,
        noticeDigests: outcome.notices.digests,
        ...sent,
      };
    },
  },
  {
    // Evidence files a crash left without their row, and uploads it left half-read (src/features/files/sweep.ts).
    name: "orphan-files",
    schedule: "41 3 * * *",
    run: async ({ db, now, config }) => sweepOrphanFiles(db, config.dataDir, now),
  },
  {
    // The keys of forms sent more than a week ago (src/db/form-submissions.ts); nobody resends a page that old.
    name: "form-keys",
    schedule: "23 4 * * *",
    run: async ({ db, now }) => ({ deleted: await sweepFormKeys(db, now) }),
  },
  {
    name: "outbox",
    schedule: "*/30 * * * * *",
    run: async ({ sender }) => (sender ? { ...(await sender.drain()) } : { skipped: "no SMTP_URL" }),
  },
];

/** Schedules every job; returns a function that stops them and waits for running ones. */
export function startJobs(deps: Omit<JobContext, "now">): () => Promise<void> {
  const tasks = jobs.map((job) =>
    cron.schedule(
      job.schedule,
      async () => {
        try {
          const result = await job.run({ ...deps, now: new Date() });
          // The every-minute checks are quiet unless they did something.
          const idle = result.sent === 0 && result.retried === 0 && result.failed === 0 && !result.lostClaims;
          if (!("skipped" in result) && !idle) {
            deps.log.info({ job: job.name, ...result }, "job finished");
          }
        } catch (err) {
          deps.log.error({ job: job.name, err }, "job failed");
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
