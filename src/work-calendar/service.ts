// The working-day calendar and named periods as the office has set them: the library's official calendar plus
// the override table, and the default periods (主汛期 → 6月1日 …) unless the office changed them.
import { readDataVersion, versionedCache } from "../db/data-version.ts";
import type { Db } from "../db/open-database.ts";
import { createWorkCalendar, type WorkCalendar } from "../extract/calendar.ts";
import type { NamedPeriod } from "../extract/named-periods.ts";
import { defaultNamedPeriods } from "../extract/named-periods.ts";
import { fromDbDate } from "../shared/calendar-date.ts";
import { listHolidayOverrides, listNamedPeriods } from "./repository.ts";

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
