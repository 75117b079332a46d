// 单位履职统计: per unit 按时办结率, 反馈及时率, 签收及时率, extensions asked and granted, returns and flagged reports.
// Counted set-based (tallyUnitStats) and kept under the data version like the dashboard. Definitions: README.
import { versionedCache } from "../../db/data-version.ts";
import type { Db } from "../../db/open-database.ts";
import type { Actor } from "../../shared/actor.ts";
import { addDays, shanghaiToday } from "../../shared/calendar-date.ts";
import { loadWorkCalendar } from "../../work-calendar/service.ts";
import { signWithinWorkdays } from "../tasks/light.ts";
import { listUnitNames, tallyUnitStats, type UnitStatRow } from "./repository.ts";

/** How far back the signing windows are worked out on the work calendar; older tasks get `fallbackDays`. */
const signCalendarDays = 3 * 366;
/** Two working days are at most four calendar days but for the long holidays; close enough for old tasks. */
const fallbackDays = 4;

export type StatRate = { text: string; n: number; of: number };

/** "12/15，80%", or "—" when there is nothing to count. */
export function statRate(n: number, of: number): StatRate {
  if (of === 0) return { text: "—", n, of };
  return { text: `${n}/${of}，${Math.round((n / of) * 1000) / 10}%`, n, of };
}

export type UnitStats = {
  unit: { id: number; name: string };
  onTime: StatRate;
  reports: StatRate;
  signed: StatRate;
  extensionsAsked: number;
  extensionsGranted: number;
  returns: number;
  flagged: number;
}[];

async function computeUnitStats(db: Db, now: Date): Promise<UnitStats> {
  const today = shanghaiToday(now);
  const calendar = await loadWorkCalendar(db);
  const signDays: string[] = [];
  const signCloses: string[] = [];
  for (let i = signCalendarDays; i >= 0; i--) {
    const day = addDays(today, -i);
    signDays.push(day);
    signCloses.push(calendar.addWorkdays(day, signWithinWorkdays).date);
  }
  const [rows, units] = await Promise.all([
    tallyUnitStats(db, { today, signDays, signCloses, fallbackDays }),
    listUnitNames(db),
  ]);
  const byUnit = new Map<number, UnitStatRow>(rows.map((r) => [r.unitId, r]));
  return units
    .filter((u) => u.active || byUnit.has(u.id))
    .map((u) => {
      const r = byUnit.get(u.id);
      return {
        unit: { id: u.id, name: u.name },
        onTime: statRate(r?.doneOnTime ?? 0, r?.done ?? 0),
        reports: statRate(r?.reportsOnTime ?? 0, r?.reportsDue ?? 0),
        signed: statRate(r?.signedOnTime ?? 0, r?.signDue ?? 0),
        extensionsAsked: r?.extensionsAsked ?? 0,
        extensionsGranted: r?.extensionsGranted ?? 0,
        returns: r?.returns ?? 0,
        flagged: r?.flagged ?? 0,
      };
    });
}

// One value per day for every viewer; each viewer's scope is cut from it, so the counts run once per write.
const stats = versionedCache<UnitStats>(10);

/** The units `actor` may see the statistics of: a unit its own only; leaders and the office every unit. */
function allowedUnits(actor: Actor): number[] | null {
  if (actor.role === "unit") return actor.unitId ? [actor.unitId] : [];
  return null;
}

/** What a page shows unless it narrows further: a unit its own, a leader in charge of units those (分管), else all. */
export function defaultUnitStatsScope(actor: Actor): number[] | null {
  if (actor.role === "leader" && actor.leaderUnitIds.length > 0) return actor.leaderUnitIds;
  return allowedUnits(actor);
}

/** The statistics of the units in `scope` that `actor` may see, as of `version` (the request's data version). */
export async function getUnitStatsAsOf(
  db: Db,
  actor: Actor,
  now: Date,
  version: string,
  scope: number[] | null = defaultUnitStatsScope(actor),
): Promise<UnitStats> {
  const all = await stats.get(db, version, JSON.stringify(["unit-stats", shanghaiToday(now)]), () =>
    computeUnitStats(db, now),
  );
  const mine = allowedUnits(actor);
  const allowed = mine === null ? scope : (scope ?? mine).filter((id) => mine.includes(id));
  return allowed === null ? all : all.filter((row) => allowed.includes(row.unit.id));
}
