// The working-day calendar and named periods as the office has set them: the library's official calendar plus
// the override table, and the default periods (主汛期 → 6月1日 …) unless the office changed them.
import { readDataVersion, versionedCache } from "../db/data-version.ts";
import type { Db } from "../db/open-database.ts";
import { createWorkCalendar, type WorkCalendar } from "../extract/calendar.ts";
import type { NamedPeriod } from "../extract/named-periods.ts";
import { defaultNamedPeriods } from "../extract/named-periods.ts";
import { fromDbDate } from "../shared/calendar-date.ts";
import { listHolidayOverrides, listNamedPeriodStarts, listNamedPeriods } from "./repository.ts";

// Every list page and job needs the calendar, and the override table changes a few times a year: keep the built
// calendar under the data version, which every write to holiday_overrides moves (src/db/data-version.ts), so an
// edit is seen on the next load without anyone having to forget the cache.
const calendars = versionedCache<WorkCalendar>(4);

/** `version` is the data version the request already read, to spare reading it again. */
export async function loadWorkCalendar(db: Db, version?: string): Promise<WorkCalendar> {
  return calendars.get(db, version ?? (await readDataVersion(db)), "calendar", async () => {
    const overrides = await listHolidayOverrides(db);
    return createWorkCalendar(overrides.map((o) => ({ date: fromDbDate(o.date), workday: o.workday })));
  });
}

/** The office's named periods, with the defaults for any it has not set, and each one's starts set per year. */
export async function loadNamedPeriods(db: Db): Promise<NamedPeriod[]> {
  const [rows, startRows] = await Promise.all([listNamedPeriods(db), listNamedPeriodStarts(db)]);
  const stored: NamedPeriod[] = rows.map((p) => ({
    name: p.name,
    aliases: p.aliases,
    kind: p.kind,
    month: p.month,
    day: p.day,
    offsetDays: p.offsetDays,
  }));
  const names = new Set(stored.map((p) => p.name));
  const periods = [...stored, ...defaultNamedPeriods.filter((p) => !names.has(p.name))];
  const starts = new Map<string, Record<number, string>>();
  for (const row of startRows) {
    const byYear = starts.get(row.periodName) ?? {};
    byYear[row.year] = fromDbDate(row.startsOn);
    starts.set(row.periodName, byYear);
  }
  return periods.map((p) => (starts.has(p.name) ? { ...p, starts: starts.get(p.name) } : p));
}
