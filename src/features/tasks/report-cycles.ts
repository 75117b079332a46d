// How often a unit reports progress on a task, and when the next report is due.
import { addDays, addMonths, fromDbDate, toDbDate } from "../../shared/calendar-date.ts";

export const reportCycles = ["none", "weekly", "semimonthly", "monthly"] as const;
export type ReportCycle = (typeof reportCycles)[number];

export const reportCycleNames: Record<ReportCycle, string> = {
  none: "不定期",
  weekly: "每周",
  semimonthly: "每半月",
  monthly: "每月",
};

/** The day the next progress report is due after `from` (a @db.Date day), or null when the task has no cycle. */
export function nextReportDue(cycle: ReportCycle, from: Date): Date | null {
  const day = fromDbDate(from);
  switch (cycle) {
    case "none":
      return null;
    case "weekly":
      return toDbDate(addDays(day, 7));
    case "semimonthly":
      return toDbDate(addDays(day, 15));
    case "monthly":
      // The same day next month; the 31st becomes the month's last day.
      return toDbDate(addMonths(day, 1));
  }
}
