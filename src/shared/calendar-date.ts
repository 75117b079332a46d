// Calendar dates: the one type for a day (a deadline, a meeting day, "today"), written "YYYY-MM-DD". A deadline is
// a day in Asia/Shanghai, not an instant, so all arithmetic goes through UTC, where no time zone can shift it.
// Storage is Prisma's @db.Date, which reads back as a Date at UTC midnight: toDbDate / fromDbDate convert at
// the repository's edge.
import { z } from "zod";

/** "2021-06-01". Made by the functions here or checked by `isCalendarDate` / `calendarDateSchema`. */
export type CalendarDate = string;

export type DateParts = { year: number; month: number; day: number };

const MS_PER_DAY = 86_400_000;

/** Years a meeting or a deadline can fall in; "0年", "20266年" or a typo in a record is not a date to keep. */
export const plausibleYears = { first: 1990, last: 2100 } as const;

/** zod's ISO date check (a real day of the Gregorian calendar), in the plausible years. */
export const calendarDateSchema = z.iso.date().refine((v) => {
  const year = Number(v.slice(0, 4));
  return year >= plausibleYears.first && year <= plausibleYears.last;
});

export function isCalendarDate(value: string): value is CalendarDate {
  return calendarDateSchema.safeParse(value).success;
}

export function parseCalendarDate(value: CalendarDate): DateParts {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`not a YYYY-MM-DD date: ${value}`);
  return {
    year: Number(value.slice(0, 4)),
    month: Number(value.slice(5, 7)),
    day: Number(value.slice(8, 10)),
  };
}

export function calendarDate(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Month 12 + 1 rolls into January of the next year; month 0 into December of the year before. */
export function endOfMonth(year: number, month: number): CalendarDate {
  const first = new Date(Date.UTC(year, month - 1, 1));
  return calendarDate(first.getUTCFullYear(), first.getUTCMonth() + 1, lastDayOfMonth(year, month));
}

/** The @db.Date value for a day: UTC midnight. */
export function toDbDate(day: CalendarDate): Date {
  const { year, month, day: d } = parseCalendarDate(day);
  return new Date(Date.UTC(year, month - 1, d));
}

/** The day a @db.Date value holds. */
export function fromDbDate(date: Date): CalendarDate {
  return calendarDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Like fromDbDate, for a nullable column. */
export function fromDbDateOrNull(date: Date | null | undefined): CalendarDate | null {
  return date ? fromDbDate(date) : null;
}

export function addDays(day: CalendarDate, days: number): CalendarDate {
  return fromDbDate(new Date(toDbDate(day).getTime() + days * MS_PER_DAY));
}

/** "一个月内" from 1月31日 ends on the last day of February, not in March. */
export function addMonths(day: CalendarDate, months: number): CalendarDate {
  const { year, month, day: d } = parseCalendarDate(day);
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const y = first.getUTCFullYear();
  const m = first.getUTCMonth() + 1;
  return calendarDate(y, m, Math.min(d, lastDayOfMonth(y, m)));
}

export function addYears(day: CalendarDate, years: number): CalendarDate {
  return addMonths(day, years * 12);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((toDbDate(to).getTime() - toDbDate(from).getTime()) / MS_PER_DAY);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(day: CalendarDate): number {
  return toDbDate(day).getUTCDay();
}

const shanghaiDay = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Shanghai's calendar day at an instant: "today" for every rule of the app. */
export function shanghaiToday(instant: Date): CalendarDate {
  return shanghaiDay.format(instant);
}

/** The first instant of a day in Shanghai (for comparing timestamps with a calendar day). */
export function shanghaiStart(day: CalendarDate): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** A day as users read it: "2021年6月1日" (a @db.Date value is accepted too); "" for none. */
export function formatDate(day: CalendarDate | Date | null | undefined): string {
  if (!day) return "";
  const { year, month, day: d } = parseCalendarDate(typeof day === "string" ? day : fromDbDate(day));
  return `${year}年${month}月${d}日`;
}
