// Calendar dates for tasks. A @db.Date value is a Date at UTC midnight; "today" is Shanghai's calendar day.
import { shanghaiDate } from "../../shared/locale.ts";

export const reportCycles = ["none", "weekly", "semimonthly", "monthly"] as const;
export type ReportCycle = (typeof reportCycles)[number];

export const reportCycleNames: Record<ReportCycle, string> = {
  none: "不定期",
  weekly: "每周",
  semimonthly: "每半月",
  monthly: "每月",
};

export function dateOnly(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

export function shanghaiToday(now: Date): Date {
  return dateOnly(shanghaiDate(now));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/** The day the next progress report is due after `from`, or null when the task has no cycle. */
export function nextReportDue(cycle: ReportCycle, from: Date): Date | null {
  switch (cycle) {
    case "none":
      return null;
    case "weekly":
      return addDays(from, 7);
    case "semimonthly":
      return addDays(from, 15);
    case "monthly": {
      const next = new Date(from);
      const day = next.getUTCDate();
      next.setUTCDate(1);
      next.setUTCMonth(next.getUTCMonth() + 1);
      const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
      next.setUTCDate(Math.min(day, lastDay));
      return next;
    }
  }
}
