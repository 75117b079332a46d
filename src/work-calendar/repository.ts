import type { Db } from "../db/open-database.ts";

export function listHolidayOverrides(db: Db) {
  return db.holidayOverride.findMany({ orderBy: { date: "asc" } });
}

export function listNamedPeriods(db: Db) {
  return db.namedPeriod.findMany({ orderBy: { id: "asc" } });
}

export function listNamedPeriodStarts(db: Db) {
  return db.namedPeriodStart.findMany({ orderBy: [{ periodName: "asc" }, { year: "asc" }] });
}
