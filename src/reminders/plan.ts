// Who must hear what today: a pure function of the date, the calendar, the settings and the open tasks.
// It covers every trigger day since the last run (`since`, exclusive) up to today, so a weekend, a holiday or a
// day the app was down loses nothing; each reminder carries its own trigger day, which with the task and kind
// makes it unique, so covering a day twice never sends twice.
import type { WorkCalendar } from "../extract/calendar.ts";
import { addDays } from "../shared/calendar-date.ts";
import type { ReminderSettings } from "./settings.ts";

export const reminderKinds = [
  "due_soon",
  "due_today",
  "overdue",
  "escalation",
  "not_signed",
  "report_due",
  "urge",
] as const;
export type ReminderKind = (typeof reminderKinds)[number];

export const reminderKindNames: Record<ReminderKind, string> = {
  due_soon: "即将到期",
  due_today: "今天到期",
  overdue: "已逾期",
  escalation: "逾期较久（报分管领导和督查室）",
  not_signed: "交办后未签收",
  report_due: "应报送进展",
  urge: "督查室催办",
};

export type Recipient =
  | { kind: "unit"; unitId: number }
  | { kind: "leader"; userId: number }
  | { kind: "office" };

export function recipientKey(r: Recipient): string {
  return r.kind === "unit" ? `unit:${r.unitId}` : r.kind === "leader" ? `leader:${r.userId}` : "office";
}

/** The inverse of recipientKey; null for anything it does not write. */
export function parseRecipientKey(key: string): Recipient | null {
  if (key === "office") return { kind: "office" };
  const match = /^(unit|leader):(\d+)$/.exec(key);
  if (!match) return null;
  return match[1] === "unit"
    ? { kind: "unit", unitId: Number(match[2]) }
    : { kind: "leader", userId: Number(match[2]) };
}

export type PlanTask = {
  id: number;
  state: string;
  /** Dates are YYYY-MM-DD (Shanghai calendar days). */
  deadline: string | null;
  assignedOn: string | null;
  nextReportDue: string | null;
  leadUnitId: number | null;
  leaderId: number | null;
};

export type PlannedReminder = {
  taskId: number;
  kind: ReminderKind;
  /** The day the rule fired on; may be before today when the run covers days it did not run. */
  onDate: string;
  recipients: Recipient[];
  /** For overdue and escalation: days past the deadline on onDate. */
  daysOverdue?: number;
  /** For due soon: days left on onDate, counted as the settings say. */
  daysLeft?: number;
};

export type PlanInput = {
  today: string;
  /** The last day already covered (exclusive start of the window); at most a few weeks back. */
  since: string;
  calendar: WorkCalendar;
  settings: ReminderSettings;
  tasks: PlanTask[];
};

/** Days from a to b (b later), in calendar days or in working days after a up to and including b. */
export function daysBetween(a: string, b: string, calendar: WorkCalendar, workdays: boolean): number {
  if (!workdays) return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (calendar.isWorkday(d)) n++;
  return n;
}

function windowDays(since: string, today: string): string[] {
  const days: string[] = [];
  for (let d = addDays(since, 1); d <= today; d = addDays(d, 1)) days.push(d);
  return days;
}

export function planReminders({ today, since, calendar, settings, tasks }: PlanInput): PlannedReminder[] {
  const days = windowDays(since, today);
  const plans: PlannedReminder[] = [];
  const every = settings.overdueEveryDays;
  const countWork = settings.countWorkdays;

  for (const task of tasks) {
    if (!["assigned", "in_progress", "pending_review"].includes(task.state)) continue;
    const unit: Recipient[] = task.leadUnitId === null ? [] : [{ kind: "unit", unitId: task.leadUnitId }];
    if (unit.length === 0) continue;
    const escalateTo: Recipient[] = [
      ...(task.leaderId === null ? [] : [{ kind: "leader", userId: task.leaderId } as Recipient]),
      { kind: "office" },
    ];
    const add = (
      kind: ReminderKind,
      onDate: string,
      recipients: Recipient[],
      extra: Partial<PlannedReminder> = {},
    ) => plans.push({ taskId: task.id, kind, onDate, recipients, ...extra });

    // Once the unit has asked to close the task, only the office's review is outstanding: no nagging.
    const waitingForOffice = task.state === "pending_review";

    if (task.deadline && !waitingForOffice) {
      const deadline = task.deadline;
      // Due today is said on the day itself only; a deadline on a day off was covered by "due soon".
      if (deadline === today) add("due_today", today, unit);
      for (const day of days) {
        if (day < deadline) {
          const left = daysBetween(day, deadline, calendar, countWork);
          // With working-day counting, only working days carry the reminder (a Saturday is not "3 days left").
          const countsToday = !countWork || calendar.isWorkday(day);
          if (countsToday && settings.dueSoonDays.includes(left) && deadline !== today) {
            add("due_soon", day, unit, { daysLeft: left });
          }
        } else if (day > deadline) {
          const late = daysBetween(deadline, day, calendar, countWork);
          const onCadence = late >= 1 && (late - 1) % every === 0 && (!countWork || calendar.isWorkday(day));
          if (!onCadence) continue;
          add("overdue", day, unit, { daysOverdue: late });
          if (late > settings.escalateAfterDays) add("escalation", day, escalateTo, { daysOverdue: late });
        }
      }
    }

    if (task.state === "assigned" && task.assignedOn) {
      // Late to sign from the first day after the signing window; then on the overdue cadence.
      const windowClosed = calendar.addWorkdays(task.assignedOn, settings.signWithinWorkdays).date;
      for (const day of days) {
        const late = Math.round((Date.parse(day) - Date.parse(windowClosed)) / 86_400_000);
        if (late >= 1 && (late - 1) % every === 0) add("not_signed", day, unit);
      }
    }

    if (task.state === "in_progress" && task.nextReportDue) {
      for (const day of days) {
        const late = Math.round((Date.parse(day) - Date.parse(task.nextReportDue)) / 86_400_000);
        if (late >= 0 && late % every === 0) add("report_due", day, unit);
      }
    }
  }
  return plans;
}

/** One digest per recipient: the reminders each person hears about in this run. */
export function groupByRecipient(
  plans: PlannedReminder[],
): Map<string, { recipient: Recipient; items: PlannedReminder[] }> {
  const digests = new Map<string, { recipient: Recipient; items: PlannedReminder[] }>();
  for (const plan of plans) {
    for (const recipient of plan.recipients) {
      const key = recipientKey(recipient);
      const digest = digests.get(key) ?? { recipient, items: [] };
      digest.items.push(plan);
      digests.set(key, digest);
    }
  }
  return digests;
}
