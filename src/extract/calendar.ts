// The official working-day calendar: public holidays off, 调休 make-up days on. Backed by the holiday tables that
// ship with `chinese-days`, plus an override table the office edits for years the library does not know yet.
//
// We read the library's JSON tables rather than calling isWorkday(): its date helpers parse "YYYY-MM-DD" as UTC
// and read it back in local time, so outside UTC+ zones they answer for the day before.
import { createRequire } from "node:module";
import { addDays, dayOfWeek, parseCalendarDate } from "../shared/calendar-date.ts";

export type CalendarOverride = { date: string; workday: boolean };

export type WorkCalendar = {
  isWorkday(date: string): boolean;
  /** True when the official holiday arrangement for that year is known (library or override table). */
  covers(year: number): boolean;
  /** The date n working days after `date` (the start day itself is not counted). */
  addWorkdays(date: string, n: number): { date: string; warning?: string };
};

type HolidayTables = { holidays: Record<string, string>; workdays: Record<string, string> };

const tables = createRequire(import.meta.url)("chinese-days/dist/chinese-days.json") as HolidayTables;

// A year is covered when the library lists at least one public holiday in it; the State Council publishes each
// year's arrangement in the preceding November, so the newest year is the one most likely to be missing.
const libraryYears = new Set(Object.keys(tables.holidays).map((date) => Number(date.slice(0, 4))));

export type LibraryDay = { workday: boolean; name: string };

/** The library's own entry for a day, with its festival's Chinese name ("Spring Festival,春节,4" → 春节). */
export function libraryDay(date: string): LibraryDay | null {
  const workday = tables.workdays[date];
  const entry = workday ?? tables.holidays[date];
  if (!entry) return null;
  return { workday: workday !== undefined, name: entry.split(",")[1] ?? entry };
}

export function libraryCovers(year: number): boolean {
  return libraryYears.has(year);
}

function isWeekday(date: string): boolean {
  const day = dayOfWeek(date);
  return day >= 1 && day <= 5;
}

export function createWorkCalendar(overrides: CalendarOverride[]): WorkCalendar {
  const overrideByDate = new Map(overrides.map((o) => [o.date, o.workday]));
  const overrideYears = new Set(overrides.map((o) => Number(o.date.slice(0, 4))));

  const covers = (year: number) => libraryYears.has(year) || overrideYears.has(year);

  const isWorkday = (date: string): boolean => {
    const override = overrideByDate.get(date);
    if (override !== undefined) return override;
    if (tables.workdays[date]) return true;
    if (tables.holidays[date]) return false;
    return isWeekday(date);
  };

  const addWorkdays = (date: string, n: number): { date: string; warning?: string } => {
    const missing = new Set<number>();
    let current = date;
    let left = n;
    while (left > 0) {
      current = addDays(current, 1);
      const { year } = parseCalendarDate(current);
      if (!covers(year)) missing.add(year);
      if (isWorkday(current)) left--;
    }
    if (missing.size === 0) return { date: current };
    const years = [...missing].map((y) => `${y}年`).join("、");
    return {
      date: current,
      warning: `工作日历缺少${years}的节假日安排，已按周一至周五推算，请在日历设置中补充后核对`,
    };
  };

  return { isWorkday, covers, addWorkdays };
}
