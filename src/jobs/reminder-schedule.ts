// When the reminder run happens: once per day after the office's time (08:30 by default), on working days if so
// set, claimed by a unique job-run row so that of several instances exactly one runs it. Checked every minute,
// which also catches up a run missed while the app was down as soon as it starts again.
import type { Db } from "../db/open-database.ts";
import { type NoticeDigestRun, sendNoticeDigests } from "../features/notices/service.ts";
import { type ReminderRun, runReminders } from "../reminders/job.ts";
import { loadReminderSettings } from "../reminders/settings.ts";
import { shanghaiToday } from "../shared/calendar-date.ts";
import { shanghaiTime } from "../shared/locale.ts";
import { loadWorkCalendar } from "../work-calendar/service.ts";
import { claimJobSlot, failJobRun, findLastFinishedRun, findRun, finishJobRun } from "./repository.ts";

export const reminderJob = "reminders";

/** Matches claimJobSlot's default: a run that started this long ago and never finished may be claimed again. */
const staleAfterMinutes = 15;

export type ScheduledOutcome =
  | { ran: true; run: ReminderRun; notices: NoticeDigestRun }
  | { ran: false; reason: "before-time" | "day-off" | "done" }
  /** Another process holds today's run: still running, or failed and claimable again from `retryAt`. */
  | { ran: false; reason: "claimed-elsewhere"; failed: string | null; retryAt: Date };

export async function runScheduledReminders(
  db: Db,
  options: { now: Date; publicUrl: string; force?: boolean },
): Promise<ScheduledOutcome> {
  const { now } = options;
  const today = shanghaiToday(now);
  if (!options.force) {
    const settings = await loadReminderSettings(db);
    if (shanghaiTime(now) < settings.runAt) return { ran: false, reason: "before-time" };
    if (settings.workdaysOnly && !(await loadWorkCalendar(db)).isWorkday(today))
      return { ran: false, reason: "day-off" };
  }
  if ((await findRun(db, reminderJob, today))?.finishedAt) return { ran: false, reason: "done" };
  const last = await findLastFinishedRun(db, reminderJob);
  const runId = await claimJobSlot(db, reminderJob, today, staleAfterMinutes);
  if (runId === null) {
    const held = await findRun(db, reminderJob, today);
    if (held?.finishedAt) return { ran: false, reason: "done" };
    const startedAt = held?.startedAt ?? now;
    return {
      ran: false,
      reason: "claimed-elsewhere",
      failed: held?.error ?? null,
      retryAt: new Date(startedAt.getTime() + staleAfterMinutes * 60_000),
    };
  }
  try {
    const run = await runReminders(db, { now, publicUrl: options.publicUrl, since: last?.slot ?? null });
    // The day's digest of workflow notices goes with the reminders, under the same once-a-day claim.
    const notices = await sendNoticeDigests(db, { now, publicUrl: options.publicUrl });
    await finishJobRun(db, runId, {
      since: run.since,
      reminders: run.reminders,
      carried: run.carried,
      merged: run.merged,
      digests: run.digests,
      noAddress: run.noAddress,
      noticeDigests: notices.digests,
      notices: notices.notices,
    });
    return { ran: true, run, notices };
  } catch (error) {
    await failJobRun(db, runId, (error as Error).message);
    throw error;
  }
}
