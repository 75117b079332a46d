// 督查通报: a printed page for one period. The figures and the units' ranking are the dashboard's (getDashboard
// with the period as its 完成时限 range, over all units), so a bulletin never disagrees with the screen; this
// file only adds the list of overdue tasks by unit and the words around them.
import { versionedCache } from "../../db/data-version.ts";
import type { Db } from "../../db/open-database.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import {
  type CalendarDate,
  endOfMonth,
  formatDate,
  fromDbDateOrNull,
  shanghaiToday,
} from "../../shared/calendar-date.ts";
import { loadWorkCalendar } from "../../work-calendar/service.ts";
import { rankingRule, sameRank } from "../dashboard/ranking.ts";
import { getDashboard } from "../dashboard/service.ts";
import { getUnitStatsAsOf, type UnitStats } from "../dashboard/unit-stats.ts";
import { lightClock } from "../tasks/light.ts";
import { ledgerFilterOf, ledgerQuerySchema } from "../tasks/schemas.ts";
import { ledgerAudience, visibleLedgerWhere } from "../tasks/service.ts";
import { type TaskState, taskStateNames } from "../tasks/states.ts";
import { listOverdueTasks, oldestOverdueDeadline } from "./repository.ts";
import type { BulletinQuery } from "./schemas.ts";

export const issuingOffice = "区政府督查室";

/**
 * The period asked for, or by default the current month in Shanghai, started early enough to reach back
 * to the oldest task still overdue (its 完成时限), so the default bulletin lists every task overdue today.
 */
export function bulletinPeriod(
  query: BulletinQuery,
  now: Date,
  oldestOverdue: CalendarDate | null = null,
): { from: string; to: string } {
  const today = shanghaiToday(now);
  const [y, m] = today.split("-").map(Number) as [number, number];
  const monthStart = `${today.slice(0, 8)}01`;
  const monthEnd = endOfMonth(y, m);
  const start = query.to && query.to < monthStart ? query.to : monthStart;
  const from = query.from ?? (oldestOverdue && oldestOverdue < start ? oldestOverdue : start);
  const to = query.to ?? (query.from && query.from > monthEnd ? query.from : monthEnd);
  return { from, to };
}

export function periodWords(from: string, to: string): string {
  return from === to ? formatDate(from) : `${formatDate(from)}至${formatDate(to)}`;
}

type OverdueItem = {
  id: number;
  title: string;
  deadline: Date;
  daysOverdue: number;
  stateName: string;
  /** The unit only co-operates (协办) on this task. */
  co: boolean;
};

export async function getBulletin(db: Db, actor: Actor, query: BulletinQuery, now: Date) {
  requireRole(actor, "office", "leader");
  const clock = lightClock(now, await loadWorkCalendar(db));
  const overdueWhere = (range: { from?: string; to?: string }) =>
    visibleLedgerWhere(
      actor,
      ledgerFilterOf(ledgerQuerySchema.parse({ stage: "tracked", light: "red", ...range })),
      clock,
    );
  const oldest = query.from ? null : await oldestOverdueDeadline(db, overdueWhere({}));
  const { from, to } = bulletinPeriod(query, now, fromDbDateOrNull(oldest));
  // All units, whoever prints it: a bulletin goes to the whole district, not to one leader's units.
  const dashboard = await getDashboard(db, actor, { scope: "all", from, to }, now);

  const tasks = await listOverdueTasks(db, overdueWhere({ from, to }));

  // Grouped as the ranking counts 逾期: under the lead unit and under each co-operating unit, so each group's
  // size is that unit's 逾期 in the table above it.
  const byUnit = new Map<number, OverdueItem[]>();
  for (const task of tasks) {
    if (!task.deadline) continue; // red implies a deadline; this only tells the compiler.
    const item = {
      id: task.id,
      title: task.title,
      deadline: task.deadline,
      daysOverdue: Math.round((clock.today.getTime() - task.deadline.getTime()) / 86_400_000),
      stateName: taskStateNames[task.state as TaskState] ?? task.state,
    };
    const units = [
      ...(task.leadUnitId === null ? [] : [{ id: task.leadUnitId, co: false }]),
      ...task.coUnits.map((c) => ({ id: c.unitId, co: true })),
    ];
    for (const unit of units) {
      const list = byUnit.get(unit.id) ?? [];
      list.push({ ...item, co: unit.co });
      byUnit.set(unit.id, list);
    }
  }
  const ranked = dashboard.units;
  const overdueGroups = ranked
    .filter((row) => byUnit.has(row.unit.id))
    .map((row) => ({ unit: row.unit, items: byUnit.get(row.unit.id)! }))
    .sort((a, b) => b.items.length - a.items.length || a.unit.name.localeCompare(b.unit.name, "zh-CN"));

  // Standard competition ranking: units level on rate and overdue share a place.
  let place = 0;
  const units = ranked.map((row, i) => {
    const prev = ranked[i - 1];
    if (!prev || !sameRank(prev, row)) place = i + 1;
    return {
      rank: place,
      name: row.unit.name,
      total: row.total.n,
      done: row.done.n,
      rate: row.rate.text,
      fewClosed: row.fewClosed,
      overdue: row.overdue.n,
    };
  });

  const s = dashboard.summary;
  return {
    issue: query.issue ?? null,
    from,
    to,
    period: periodWords(from, to),
    issuedOn: formatDate(clock.today),
    office: issuingOffice,
    summary: {
      total: s.total.n,
      open: s.open.n,
      done: s.done.n,
      ontime: s.ontime.n,
      late: s.late.n,
      rate: s.rate.text,
      overdue: s.overdue.n,
      due: s.due.n,
    },
    units,
    rankingRule,
    overdueGroups,
    overdueUnitCount: overdueGroups.length,
  };
}

export type Bulletin = Awaited<ReturnType<typeof getBulletin>> & { unitStats: UnitStats };

// A bulletin is the dashboard's figures over every task plus the overdue list: on 100,000 tasks a quarter to half
// a second of database time. The PDF is asked for right after the page, with the same query, so it prints from
// what the page computed. Kept until the next write moves the data version; keyed by everything that shapes it:
// who may see which tasks (the overdue list is the ledger's), the query and the day the lights are for.
const bulletins = versionedCache<Bulletin>(20);

/** getBulletin as of `version`, the data version the request read (src/http/data-version.ts). */
export function getBulletinAsOf(db: Db, actor: Actor, query: BulletinQuery, now: Date, version: string) {
  // Checked before the cache (ledgerAudience refuses a unit): a kept bulletin is served to anyone with the key.
  requireRole(actor, "office", "leader");
  const key = JSON.stringify([ledgerAudience(actor), query, shanghaiToday(now)]);
  // The units' 履职 figures are over every unit and all time, not the period: a bulletin names every unit's record.
  return bulletins.get(db, version, key, async () => {
    const [bulletin, unitStats] = await Promise.all([
      getBulletin(db, actor, query, now),
      getUnitStatsAsOf(db, actor, now, version, null),
    ]);
    return { ...bulletin, unitStats };
  });
}

/** The query string of a bulletin, for its links (PDF, the period form). */
export function bulletinSearch(bulletin: Pick<Bulletin, "from" | "to" | "issue">): string {
  const search = new URLSearchParams({ from: bulletin.from, to: bulletin.to });
  if (bulletin.issue) search.set("issue", String(bulletin.issue));
  return search.toString();
}
