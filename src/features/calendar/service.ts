// The office's working-day calendar: each year's holidays and 调休 working days as the library has them, the
// office's own entries over them, and the State Council's notice pasted in for a year the library lacks.
import type { Db } from "../../db/open-database.ts";
import { libraryCovers, libraryDay } from "../../extract/calendar.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import {
  addDays,
  type CalendarDate,
  dayOfWeek,
  formatDate,
  fromDbDate,
  parseCalendarDate,
} from "../../shared/calendar-date.ts";
import { InvalidInputError } from "../../shared/errors.ts";
import { type NoticeReading, readHolidayNotice } from "../../work-calendar/notice.ts";
import { loadWorkCalendar } from "../../work-calendar/service.ts";
import {
  deleteHolidayOverride,
  listHolidayOverridesInYear,
  type OverrideRow,
  replaceHolidayOverrides,
  upsertHolidayOverride,
} from "./repository.ts";

/** Years the calendar can be set for; the notice for a year is published in the November before it. */
export const calendarYears = { first: 2000, last: 2100 } as const;

export const dayKinds = ["holiday", "makeup", "weekend", "workday"] as const;
export type DayKind = (typeof dayKinds)[number];
export const dayKindNames: Record<DayKind, string> = {
  holiday: "休息日（节假日）",
  makeup: "调休上班",
  weekend: "周末",
  workday: "工作日",
};

export const daySources = ["library", "override", "default"] as const;
export type DaySource = (typeof daySources)[number];
export const daySourceNames: Record<DaySource, string> = {
  library: "法定（库）",
  override: "本地调整",
  default: "",
};

export type CalendarDay = {
  date: CalendarDate;
  day: number;
  workday: boolean;
  kind: DayKind;
  /** The festival (春节) or the office's note. */
  name: string | null;
  source: DaySource;
};

export const dayModes = ["rest", "work", "default"] as const;
export type DayMode = (typeof dayModes)[number];
export const dayModeNames: Record<DayMode, string> = { rest: "休息日", work: "工作日", default: "恢复默认" };

function isWeekend(date: CalendarDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

function describeDay(date: CalendarDate, override: { workday: boolean; name: string | null } | undefined) {
  const day = parseCalendarDate(date).day;
  const weekend = isWeekend(date);
  const entry = override ?? libraryDay(date);
  if (!entry) {
    const kind: DayKind = weekend ? "weekend" : "workday";
    return { date, day, workday: !weekend, kind, name: null, source: "default" } satisfies CalendarDay;
  }
  const kind: DayKind = !entry.workday ? "holiday" : weekend ? "makeup" : "workday";
  const source: DaySource = override ? "override" : "library";
  return { date, day, workday: entry.workday, kind, name: entry.name, source } satisfies CalendarDay;
}

export function requireYear(year: number, field = "year"): void {
  if (!Number.isInteger(year) || year < calendarYears.first || year > calendarYears.last) {
    throw new InvalidInputError(`年份应在 ${calendarYears.first} 年至 ${calendarYears.last} 年之间`, field);
  }
}

async function daysOfYear(db: Db, year: number) {
  const overrides = await listHolidayOverridesInYear(db, year);
  const byDate = new Map(overrides.map((o) => [fromDbDate(o.date), o]));
  const days: CalendarDay[] = [];
  for (let date = `${year}-01-01`; date.startsWith(String(year)); date = addDays(date, 1)) {
    days.push(describeDay(date, byDate.get(date)));
  }
  return { days, covered: libraryCovers(year) || overrides.length > 0, overrides: overrides.length };
}

/** The year's days that differ from a plain week, or that the office set. */
function notableDays(days: CalendarDay[]): CalendarDay[] {
  return days.filter((d) => d.kind === "holiday" || d.kind === "makeup" || d.source === "override");
}

export type CalendarMonth = { month: number; weeks: (CalendarDay | null)[][] };

/** Monday-first weeks, as a printed wall calendar in China has them. */
function monthsOf(days: CalendarDay[]): CalendarMonth[] {
  const months: CalendarMonth[] = [];
  for (let month = 1; month <= 12; month++) {
    const inMonth = days.filter((d) => parseCalendarDate(d.date).month === month);
    const lead = (dayOfWeek(inMonth[0]!.date) + 6) % 7;
    const cells: (CalendarDay | null)[] = [...Array(lead).fill(null), ...inMonth];
    while (cells.length % 7 !== 0) cells.push(null);
    const weeks: (CalendarDay | null)[][] = [];
    for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
    months.push({ month, weeks });
  }
  return months;
}

/** The calendar page's year: the month grid and the list of holidays and 调休 days. */
export async function calendarYearView(db: Db, actor: Actor, year: number) {
  requireRole(actor, "office");
  requireYear(year);
  const { days, covered, overrides } = await daysOfYear(db, year);
  return {
    year,
    covered,
    libraryCovers: libraryCovers(year),
    overrides,
    months: monthsOf(days),
    notable: notableDays(days),
  };
}

/** The same year for the API: whether it is covered and its notable days. */
export async function calendarYearDays(db: Db, actor: Actor, year: number) {
  requireRole(actor, "office");
  requireYear(year);
  const { days, covered } = await daysOfYear(db, year);
  return { year, covered, libraryCovers: libraryCovers(year), days: notableDays(days) };
}

export type DayEdit = { date: CalendarDate; mode: DayMode; note: string };

/** One day set to rest or work by the office, or given back to the library's (or the weekday's) rule. */
export async function setCalendarDay(db: Db, actor: Actor, edit: DayEdit): Promise<string> {
  requireRole(actor, "office");
  requireYear(parseCalendarDate(edit.date).year, "date");
  if (edit.mode === "default") {
    await deleteHolidayOverride(db, edit.date);
    return `${formatDate(edit.date)}已恢复默认`;
  }
  await upsertHolidayOverride(db, {
    date: edit.date,
    workday: edit.mode === "work",
    name: edit.note || null,
  });
  return `${formatDate(edit.date)}已设为${dayModeNames[edit.mode]}`;
}

/** What the pasted notice says, for the preview; nothing is written. */
export function previewNotice(actor: Actor, text: string, year?: number): NoticeReading {
  requireRole(actor, "office");
  if (year !== undefined) requireYear(year);
  const reading = readHolidayNotice(text, year);
  const found = reading.year;
  if (found !== null && (found < calendarYears.first || found > calendarYears.last)) {
    reading.problems.push(
      `通知的年份${found}年不在 ${calendarYears.first} 年至 ${calendarYears.last} 年之间`,
    );
  }
  return reading;
}

/**
 * The notice's days become the year's entries, replacing what the office had set for that year, in one
 * transaction: saving the same notice twice leaves the same rows. A notice with anything unread is refused.
 */
export async function saveNotice(db: Db, actor: Actor, text: string, year?: number): Promise<NoticeReading> {
  const reading = previewNotice(actor, text, year);
  if (reading.problems.length > 0) {
    throw new InvalidInputError(
      `通知中有未能识别的内容，请修改后再保存：${reading.problems.join("；")}`,
      "text",
    );
  }
  if (reading.days.length === 0 || reading.year === null) {
    throw new InvalidInputError("没有从通知中读到任何假日", "text");
  }
  await replaceHolidayOverrides(
    db,
    reading.year,
    reading.days.map((d) => ({ date: d.date, workday: d.workday, name: d.name })),
  );
  return reading;
}

/** "已保存2027年的节假日安排：假日27天，调休上班6天" */
export function noticeSummary(reading: NoticeReading): string {
  const holidays = reading.days.filter((d) => !d.workday).length;
  return `假日${holidays}天，调休上班${reading.days.length - holidays}天`;
}

/** The API's replacement of a year's entries by a list of days, every one inside that year. */
export async function replaceCalendarYear(
  db: Db,
  actor: Actor,
  year: number,
  days: { date: CalendarDate; workday: boolean; name?: string | null }[],
): Promise<void> {
  requireRole(actor, "office");
  requireYear(year);
  const seen = new Set<string>();
  const rows: OverrideRow[] = [];
  for (const day of days) {
    if (parseCalendarDate(day.date).year !== year) {
      throw new InvalidInputError(`${formatDate(day.date)}不在${year}年内`, "days");
    }
    if (seen.has(day.date)) throw new InvalidInputError(`${formatDate(day.date)}重复出现`, "days");
    seen.add(day.date);
    rows.push({ date: day.date, workday: day.workday, name: day.name || null });
  }
  await replaceHolidayOverrides(db, year, rows);
}

/**
 * Years whose working days are being counted now without their holidays: this year, and from November (when the
 * State Council publishes it) the next one, since deadlines and signing windows then reach into it.
 */
export async function missingCalendarYears(db: Db, today: CalendarDate, version?: string) {
  const calendar = await loadWorkCalendar(db, version);
  const { year, month } = parseCalendarDate(today);
  const years = month >= 11 ? [year, year + 1] : [year];
  return years.filter((y) => !calendar.covers(y));
}
