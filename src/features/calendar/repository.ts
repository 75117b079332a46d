// The office's entries in holiday_overrides. Each write moves the data version (a trigger on the table), so the
// calendar cached by src/work-calendar/service.ts is rebuilt on the next load.
import type { Db, Tx } from "../../db/open-database.ts";
import type { NamedPeriod } from "../../extract/named-periods.ts";
import { type CalendarDate, toDbDate } from "../../shared/calendar-date.ts";

export type OverrideRow = { date: CalendarDate; workday: boolean; name: string | null };

function inYear(year: number) {
  return { gte: toDbDate(`${year}-01-01`), lte: toDbDate(`${year}-12-31`) };
}

export function listHolidayOverridesInYear(db: Db, year: number) {
  return db.holidayOverride.findMany({ where: { date: inYear(year) }, orderBy: { date: "asc" } });
}

export function upsertHolidayOverride(db: Tx, row: OverrideRow) {
  const data = { workday: row.workday, name: row.name };
  return db.holidayOverride.upsert({
    where: { date: toDbDate(row.date) },
    create: { date: toDbDate(row.date), ...data },
    update: data,
  });
}

export function deleteHolidayOverride(db: Tx, date: CalendarDate) {
  return db.holidayOverride.deleteMany({ where: { date: toDbDate(date) } });
}

/** The year's entries replaced by `rows` (which may reach into the next or previous year, as 元旦 can). */
export function replaceHolidayOverrides(db: Db, year: number, rows: OverrideRow[]) {
  return db.$transaction(async (tx) => {
    await tx.holidayOverride.deleteMany({
      where: { OR: [{ date: inYear(year) }, { date: { in: rows.map((r) => toDbDate(r.date)) } }] },
    });
    await tx.holidayOverride.createMany({
      data: rows.map((r) => ({ date: toDbDate(r.date), workday: r.workday, name: r.name })),
    });
  });
}

/** The office's start of an annual period in one year; `null` goes back to the period's usual day. */
export function setNamedPeriodStart(db: Tx, periodName: string, year: number, startsOn: CalendarDate | null) {
  const key = { periodName_year: { periodName, year } };
  if (startsOn === null) return db.namedPeriodStart.deleteMany({ where: { periodName, year } });
  return db.namedPeriodStart.upsert({
    where: key,
    create: { periodName, year, startsOn: toDbDate(startsOn) },
    update: { startsOn: toDbDate(startsOn) },
  });
}

/** A period's usual rule as the office sets it, over the built-in default of the same name. */
export function saveNamedPeriod(db: Tx, period: NamedPeriod) {
  const data = {
    aliases: period.aliases,
    kind: period.kind,
    month: period.month ?? null,
    day: period.day ?? null,
    offsetDays: period.offsetDays ?? null,
  };
  return db.namedPeriod.upsert({
    where: { name: period.name },
    create: { name: period.name, ...data },
    update: data,
  });
}
