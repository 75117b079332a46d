// 亮灯: red = past its deadline and not done; yellow = due within the warning window, a progress report overdue,
// not signed for within 2 working days of 交办, or asked for again by a later meeting (repeat-links.ts); green = every other open task. Done and cancelled tasks have
// no light. The same rules exist twice on purpose: as a function for one task on a page, and as a query filter
// for lists and counts (see lightWhere), and tests hold them together.
import type { WorkCalendar } from "../../extract/calendar.ts";
import { addDays, shanghaiStart, shanghaiToday, toDbDate } from "../../shared/calendar-date.ts";
import { openStates, type TaskState } from "./states.ts";

export const lights = ["red", "yellow", "green"] as const;
export type Light = (typeof lights)[number];
export const lightNames: Record<Light, string> = { red: "红灯", yellow: "黄灯", green: "绿灯" };

export const defaultWarningDays = 7;
export const signWithinWorkdays = 2;

/** The instants and dates the light rules compare against, computed once per request. */
export type LightClock = {
  today: Date;
  /** Deadlines on or before this date are yellow (when not already red). */
  warnUntil: Date;
  /** Tasks assigned before this instant and still not signed for are late to sign. */
  signedBy: Date;
};

export function lightClock(now: Date, calendar: WorkCalendar, warningDays = defaultWarningDays): LightClock {
  const today = shanghaiToday(now);
  // The last assignment day whose 2-working-day window has closed before today.
  let day = today;
  do {
    day = addDays(day, -1);
  } while (calendar.addWorkdays(day, signWithinWorkdays).date >= today);
  return {
    today: toDbDate(today),
    warnUntil: toDbDate(addDays(today, warningDays)),
    signedBy: shanghaiStart(addDays(day, 1)),
  };
}

type LightTask = {
  state: TaskState | string;
  deadline: Date | null;
  nextReportDue: Date | null;
  assignedAt: Date | null;
  /** How many meetings have asked for the task: from 2 on it is yellow at least. */
  repeatCount: number;
};

export function lightOf(task: LightTask, clock: LightClock): Light | null {
  if (!openStates.includes(task.state as TaskState)) return null;
  if (task.deadline && task.deadline < clock.today) return "red";
  if (task.deadline && task.deadline <= clock.warnUntil) return "yellow";
  if (task.nextReportDue && task.nextReportDue < clock.today) return "yellow";
  if (task.repeatCount >= 2) return "yellow";
  if (task.state === "assigned" && task.assignedAt && task.assignedAt < clock.signedBy) return "yellow";
  return "green";
}
