// The working-day calendar and named periods as the office has set them: the library's official calendar plus
// the override table, and the default periods (主汛期 → 6月1日 …) unless the office changed them.
import type { Db } from "../db/open-database.ts";
import { createWorkCalendar, type WorkCalendar } from "../extract/calendar.ts";
import type { NamedPeriod } from "../extract/named-periods.ts";
import { defaultNamedPeriods } from "../extract/named-periods.ts";
import { listHolidayOverrides, listNamedPeriods } from "./repository.ts";

// The override table changes a few times a year, but every list page and job needs the calendar: keep the
// built calendar for a minute per database. Whatever edits the overrides calls forgetWorkCalendar.
const calendars = new WeakMap<Db, { calendar: Promise<WorkCalendar>; until: number }>();
const calendarTtlMs = 60_000;

export function loadWorkCalendar(db: Db): Promise<WorkCalendar> {
  const cached = calendars.get(db);
  if (cached && cached.until > Date.now()) return cached.calendar;
  const calendar = listHolidayOverrides(db).then((overrides) =>
    createWorkCalendar(
      overrides.map((o) => ({ date: o.date.toISOString().slice(0, 10), workday: o.workday })),
    ),
  );
  calendar.catch(() => calendars.delete(db));
  calendars.set(db, { calendar, until: Date.now() + calendarTtlMs });
  return calendar;
}

export function forgetWorkCalendar(db: Db): void {
  calendars.delete(db);
}

/** The office's named periods, with the defaults for any it has not set. */
export async function loadNamedPeriods(db: Db): Promise<NamedPeriod[]> {
  const stored: NamedPeriod[] = (await listNamedPeriods(db)).map((p) => ({
    name: p.name,
    aliases: p.aliases,
    kind: p.kind,
    month: p.month,
    day: p.day,
    offsetDays: p.offsetDays,
  }));
  const names = new Set(stored.map((p) => p.name));
  return [...stored, ...defaultNamedPeriods.filter((p) => !names.has(p.name))];
}
