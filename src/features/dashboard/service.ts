// 统计分析: the leaders' and the office's figures, each one a link to the ledger rows behind it.
//
// Definitions (口径), the same in every figure, table and chart, and printed under the page:
// - Counted (督办事项): tasks handed out and not cancelled: 待签收, 办理中, 待审核 and 已办结. Drafts (待交办) are
//   never counted, nor are cancelled tasks (已撤销: duplicates and withdrawn items are not anyone's record).
// - Open (未办结): 待签收, 办理中 or 待审核. Done (已办结): state done.
// - On time (按期办结): done and not late. doneOnTime is fixed at 审核通过 against the deadline in force then, so a
//   deadline moved by an approved extension is the one that counts; a task without a deadline cannot be late.
//   Late (逾期办结): done with doneOnTime false. On time + late = done.
// - On-time rate (按期办结率) = on time / done; no rate while nothing is done.
// - Overdue (已逾期) = open and red: past its deadline and not done. It is the red count, by definition.
// - Due within 7 days (7日内到期) = open, deadline from today to today + 7 inclusive.
// - Red/yellow/green: the ledger's lights (light.ts) over open tasks.
// - Period (from/to): the deadline (完成时限) range, as on the ledger's filter.
// - A unit's tasks: those it leads or co-operates on, as the ledger's unit filter reads. A unit is never both on
//   one task (every path that writes co-units drops the lead unit), so lead counts + co counts add up exactly.
// - Trend: Monday-to-Sunday weeks in Shanghai time; opened = handed out (assignedAt) that week, closed = approved
//   as done (doneAt) that week, among counted tasks that pass the other filters.
//
// Each figure is a ledger query string. Its count is taken with the ledger's own builders (ledgerQuerySchema →
// ledgerFilterOf → visibleLedgerWhere) over that very query, and its link opens the ledger with it.

import { versionedCache } from "../../db/data-version.ts";
import type { Db } from "../../db/open-database.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import {
  addDays,
  dayOfWeek,
  formatDate,
  fromDbDate,
  shanghaiStart,
  shanghaiToday,
  toDbDate,
} from "../../shared/calendar-date.ts";
import { loadWorkCalendar } from "../../work-calendar/service.ts";
import { describeLedgerQuery } from "../tasks/ledger-words.ts";
import { type Light, type LightClock, lightClock, lights } from "../tasks/light.ts";
import { ledgerFilterOf, ledgerQuerySchema } from "../tasks/schemas.ts";
import { type LedgerWhere, visibleLedgerWhere } from "../tasks/service.ts";
import { openStates, type TaskState } from "../tasks/states.ts";
import { compareUnitRank, hasFewClosed } from "./ranking.ts";
import {
  countByLeadUnit,
  countByMeeting,
  countByState,
  countEachCoUnit,
  countEachLeadUnit,
  countEachMeeting,
  countTasks,
  countTrackedByWeek,
  listAssignedInstants,
  listDoneInstants,
  listMeetingTitles,
  listUnitNames,
  type TallyRow,
  tallyTracked,
} from "./repository.ts";
import type { DashboardQuery } from "./schemas.ts";

/** A ledger query, as the strings of its URL. */
export type LedgerParams = Record<string, string | undefined>;

/** A number on the dashboard and the ledger page that lists the tasks behind it. */
export type Figure = { n: number; href: string };

export type Rate = { text: string; value: number | null; href: string; title: string };

export const trendWeeks = 12;
export const dueWithinDays = 7;

export function ledgerHref(params: LedgerParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.append(key, value);
  const text = search.toString();
  return text ? `/tasks?${text}` : "/tasks";
}

type Where = LedgerWhere;

/** The where the ledger page builds for these parameters. */
function ledgerWhere(actor: Actor, params: LedgerParams, clock: LightClock): Where {
  const parsed = ledgerQuerySchema.safeParse(Object.fromEntries(Object.entries(params).filter(([, v]) => v)));
  // The parameters are built here, never typed by a person: a failure is a bug, not a user's mistake.
  if (!parsed.success)
    throw new Error(`dashboard built a ledger query the ledger refuses: ${parsed.error.message}`);
  return visibleLedgerWhere(actor, ledgerFilterOf(parsed.data), clock);
}

/** Rows of a state × on-time groupBy, folded into the counted figures. */
type Split = { total: number; open: number; done: number; late: number };
type SplitRow = { state: string; doneOnTime: boolean | null; _count: { _all: number } };

function addSplit(split: Split, row: SplitRow): void {
  const n = row._count._all;
  split.total += n;
  if (openStates.includes(row.state as TaskState)) split.open += n;
  if (row.state === "done") {
    split.done += n;
    if (row.doneOnTime === false) split.late += n;
  }
}

const emptySplit = (): Split => ({ total: 0, open: 0, done: 0, late: 0 });

function rateOf(ontime: number, done: number, href: string): Rate {
  if (done === 0) return { text: "—", value: null, href, title: "暂无办结事项" };
  const value = ontime / done;
  return {
    text: `${(Math.round(value * 1000) / 10).toFixed(1)}%`,
    value,
    href,
    title: `按期办结 ${ontime} 项 / 已办结 ${done} 项`,
  };
}

/** Figures for one group of tasks (everything, one unit, one meeting), linking with `params`. */
function groupFigures(split: Split, overdue: number, params: LedgerParams) {
  const link = (extra: LedgerParams) => ledgerHref({ ...params, ...extra });
  const ontime = split.done - split.late;
  return {
    total: { n: split.total, href: link({}) },
    open: { n: split.open, href: link({ stage: "open" }) },
    done: { n: split.done, href: link({ done: "all" }) },
    ontime: { n: ontime, href: link({ done: "ontime" }) },
    late: { n: split.late, href: link({ done: "late" }) },
    overdue: { n: overdue, href: link({ light: "red" }) },
    rate: rateOf(ontime, split.done, link({ done: "all" })),
  };
}

/** A @db.Date value plus `days`, through the one calendar-date module. */
function plusDays(date: Date, days: number): Date {
  return toDbDate(addDays(fromDbDate(date), days));
}

/** The Mondays of the last `count` weeks, this week's last (calendar dates at UTC midnight). */
function weekStarts(today: Date, count: number): Date[] {
  const monday = plusDays(today, -((dayOfWeek(fromDbDate(today)) + 6) % 7));
  return Array.from({ length: count }, (_, i) => plusDays(monday, (i - count + 1) * 7));
}

/** Which of the weeks (from `first`, 7 days each) an instant falls in; China keeps no summer time. */
function bucket(instants: (Date | null)[], first: Date, count: number): number[] {
  const start = shanghaiStart(fromDbDate(first)).getTime();
  const counts = new Array<number>(count).fill(0);
  for (const at of instants) {
    if (!at) continue;
    const i = Math.floor((at.getTime() - start) / (7 * 86_400_000));
    if (i >= 0 && i < count) counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** A group's counted split and its overdue (red) count. */
type Group = { split: Split; overdue: number };

/** The counts the dashboard shows, whichever way they were taken. */
type Counts = {
  totals: Split;
  lights: Record<Light, number>;
  due: number;
  units: Map<number, Group>;
  meetings: Map<number | null, Group>;
  /** Handed out and approved as done in each of the trend's weeks, oldest first. */
  opened: number[];
  closed: number[];
};

/** The Monday the trend's first week starts on (a @db.Date day). */
function trendStart(clock: LightClock): Date {
  return weekStarts(clock.today, trendWeeks)[0]!;
}

function groupOf<K>(groups: Map<K, Group>, key: K): Group {
  let group = groups.get(key);
  if (!group) {
    group = { split: emptySplit(), overdue: 0 };
    groups.set(key, group);
  }
  return group;
}

/**
 * Every count through the ledger's own filters, a grouped count each: what a filtered dashboard needs, as the
 * filters can be any the ledger takes.
 */
export async function countThroughLedger(
  db: Db,
  actor: Actor,
  base: LedgerParams,
  clock: LightClock,
): Promise<Counts> {
  const where = (extra: LedgerParams = {}) => ledgerWhere(actor, { ...base, ...extra }, clock);
  const firstWeek = trendStart(clock);
  const window = `${fromDbDate(firstWeek)}..${fromDbDate(plusDays(firstWeek, trendWeeks * 7 - 1))}`;
  const [
    opened,
    closed,
    split,
    lightCounts,
    due,
    leadSplit,
    leadRed,
    coTotal,
    coOpen,
    coDone,
    coLate,
    coRed,
    meetingSplit,
    meetingRed,
  ] = await Promise.all([
    listAssignedInstants(db, where({ opened: window })),
    listDoneInstants(db, where({ closed: window })),
    countByState(db, where()),
    Promise.all(lights.map((light) => countTasks(db, where({ light })))),
    countTasks(db, where({ due: String(dueWithinDays) })),
    countByLeadUnit(db, where()),
    countEachLeadUnit(db, where({ light: "red" })),
    countEachCoUnit(db, where()),
    countEachCoUnit(db, where({ stage: "open" })),
    countEachCoUnit(db, where({ done: "all" })),
    countEachCoUnit(db, where({ done: "late" })),
    countEachCoUnit(db, where({ light: "red" })),
    countByMeeting(db, where()),
    countEachMeeting(db, where({ light: "red" })),
  ]);
  const totals = emptySplit();
  for (const row of split) addSplit(totals, row);
  const units = new Map<number, Group>();
  for (const row of leadSplit) addSplit(groupOf(units, row.leadUnitId!).split, row);
  for (const row of leadRed) groupOf(units, row.leadUnitId!).overdue += row._count._all;
  const co: [typeof coTotal, keyof Split][] = [
    [coTotal, "total"],
    [coOpen, "open"],
    [coDone, "done"],
    [coLate, "late"],
  ];
  for (const [rows, key] of co)
    for (const row of rows) groupOf(units, row.unitId).split[key] += row._count._all;
  for (const row of coRed) groupOf(units, row.unitId).overdue += row._count._all;
  const meetings = new Map<number | null, Group>();
  for (const row of meetingSplit) addSplit(groupOf(meetings, row.meetingId).split, row);
  for (const row of meetingRed) groupOf(meetings, row.meetingId).overdue += row._count._all;
  return {
    totals,
    lights: Object.fromEntries(lights.map((light, i) => [light, lightCounts[i]!])) as Record<Light, number>,
    due,
    units,
    meetings,
    opened: bucket(
      opened.map((t) => t.assignedAt),
      firstWeek,
      trendWeeks,
    ),
    closed: bucket(
      closed.map((t) => t.doneAt),
      firstWeek,
      trendWeeks,
    ),
  };
}

/**
 * The same counts for the unfiltered dashboard in one pass over the tasks (tallyTracked): the page a whole
 * office and its leaders open, first thing after every write. Tests hold it equal to countThroughLedger.
 */
export async function countInOnePass(db: Db, clock: LightClock): Promise<Counts> {
  const start = shanghaiStart(fromDbDate(trendStart(clock)));
  const [rows, weeks] = await Promise.all([
    tallyTracked(db, {
      today: fromDbDate(clock.today),
      warnUntil: fromDbDate(clock.warnUntil),
      signedBy: clock.signedBy,
      dueUntil: fromDbDate(plusDays(clock.today, dueWithinDays)),
    }),
    countTrackedByWeek(db, start, trendWeeks),
  ]);
  const counts: Counts = {
    totals: emptySplit(),
    lights: { red: 0, yellow: 0, green: 0 },
    due: 0,
    units: new Map(),
    meetings: new Map(),
    opened: new Array<number>(trendWeeks).fill(0),
    closed: new Array<number>(trendWeeks).fill(0),
  };
  for (const week of weeks) counts[week.kind][week.week] = week.n;
  const fill = (group: Group, row: TallyRow) => {
    group.split.total += row.total;
    group.split.open += row.open;
    group.split.done += row.done;
    group.split.late += row.late;
    group.overdue += row.red;
  };
  for (const row of rows) {
    if (row.level === "all") {
      counts.totals = { total: row.total, open: row.open, done: row.done, late: row.late };
      counts.lights = { red: row.red, yellow: row.yellow, green: row.open - row.red - row.yellow };
      counts.due = row.due;
    } else if (row.level === "meeting") fill(groupOf(counts.meetings, row.meetingId), row);
    else if (row.unitId !== null) fill(groupOf(counts.units, row.unitId), row);
  }
  return counts;
}

export async function getDashboard(db: Db, actor: Actor, query: DashboardQuery, now: Date) {
  requireRole(actor, "office", "leader");
  const clock = lightClock(now, await loadWorkCalendar(db));

  // A leader in charge of some units sees them unless they widen to all; a chosen unit narrows either way.
  const mine = actor.role === "leader" ? actor.leaderUnitIds : [];
  const scope: "mine" | "all" = mine.length > 0 && query.scope !== "all" ? "mine" : "all";
  const scopeUnits = query.unitId ? [query.unitId] : scope === "mine" ? mine : null;
  const filterParams: LedgerParams = {
    meetingId: query.meetingId === undefined ? undefined : String(query.meetingId),
    unitId: scopeUnits?.join(","),
    state: query.state,
    from: query.from,
    to: query.to,
  };
  const base: LedgerParams = { ...filterParams, stage: "tracked" };

  const weeks = weekStarts(clock.today, trendWeeks);

  const unfiltered = Object.values(filterParams).every((value) => !value);
  const [counts, units, meetings] = await Promise.all([
    unfiltered ? countInOnePass(db, clock) : countThroughLedger(db, actor, base, clock),
    listUnitNames(db),
    listMeetingTitles(db),
  ]);

  const lightFigures = Object.fromEntries(
    lights.map((light) => [light, { n: counts.lights[light], href: ledgerHref({ ...base, light }) }]),
  ) as Record<Light, Figure>;
  const summary = {
    ...groupFigures(counts.totals, lightFigures.red.n, base),
    due: { n: counts.due, href: ledgerHref({ ...base, due: String(dueWithinDays) }) },
    lights: lightFigures,
  };

  // Units: lead and co counts added (never both on one task), kept to the scope when there is one.
  const byUnit = counts.units;
  if (scopeUnits) for (const id of scopeUnits) groupOf(byUnit, id);
  const unitRows = units
    .filter((u) => byUnit.has(u.id) && (!scopeUnits || scopeUnits.includes(u.id)))
    .filter((u) => scopeUnits || byUnit.get(u.id)!.split.total > 0)
    .map((u) => {
      const entry = byUnit.get(u.id)!;
      return {
        unit: u,
        ...groupFigures(entry.split, entry.overdue, { ...base, unitId: String(u.id) }),
      };
    })
    .map((row) => ({ ...row, fewClosed: hasFewClosed(row) }))
    .sort(compareUnitRank);

  // Meetings, most recent first; tasks without a meeting (领导交办, 上级督办) last.
  const byMeeting = counts.meetings;
  const meetingRows = [
    ...meetings.map((m) => ({ id: m.id as number | null, title: m.title, heldOn: m.heldOn })),
    { id: null, title: "领导交办、上级督办（无会议纪要）", heldOn: null },
  ]
    .filter((m) => byMeeting.has(m.id))
    .map((m) => {
      const entry = byMeeting.get(m.id)!;
      return {
        meeting: m,
        ...groupFigures(entry.split, entry.overdue, {
          ...base,
          meetingId: m.id === null ? "none" : String(m.id),
        }),
      };
    });

  const trend = weeks.map((monday, i) => {
    const range = `${fromDbDate(monday)}..${fromDbDate(plusDays(monday, 6))}`;
    return {
      monday,
      sunday: plusDays(monday, 6),
      opened: { n: counts.opened[i]!, href: ledgerHref({ ...base, opened: range }) },
      closed: { n: counts.closed[i]!, href: ledgerHref({ ...base, closed: range }) },
    };
  });

  const names = { meetings, units };
  const dashboardLink = (extra: Record<string, string | undefined>) => {
    const search = new URLSearchParams();
    const all = { ...query, unitId: undefined, ...extra } as Record<string, unknown>;
    for (const [key, value] of Object.entries(all))
      if (value !== undefined) search.append(key, String(value));
    const text = search.toString();
    return text ? `/dashboard?${text}` : "/dashboard";
  };

  return {
    today: clock.today,
    scope: {
      current: scope,
      /** Only a leader in charge of some units has two scopes to choose from. */
      choosable: mine.length > 0,
      mineNames: units.filter((u) => mine.includes(u.id)).map((u) => u.name),
      mineHref: dashboardLink({ scope: undefined }),
      allHref: dashboardLink({ scope: "all" }),
    },
    filterWords: describeLedgerQuery(
      ledgerQuerySchema.parse(Object.fromEntries(Object.entries(filterParams).filter(([, v]) => v))),
      names,
    ),
    summary,
    units: unitRows,
    meetings: meetingRows,
    trend,
    options: { meetings, units: units.filter((u) => u.active) },
    asOf: formatDate(clock.today),
  };
}

export type Dashboard = Awaited<ReturnType<typeof getDashboard>>;

/** Everything a dashboard depends on besides the data: the asker's role and units in charge, the filters, the day. */
export function dashboardKey(actor: Actor, query: DashboardQuery, now: Date): string {
  const units = actor.role === "leader" ? actor.leaderUnitIds : [];
  return JSON.stringify([actor.role, units, query, shanghaiToday(now)]);
}

// About 17 grouped counts over every task: on 100,000 tasks half a second of database time, which a busy morning
// of leaders opening the page would queue on. Kept until the next write moves the data version.
const dashboards = versionedCache<Dashboard>(50);

/** getDashboard's figures as of `version`, the data version the request read (src/http/data-version.ts). */
export function getDashboardAsOf(db: Db, actor: Actor, query: DashboardQuery, now: Date, version: string) {
  return dashboards.get(db, version, dashboardKey(actor, query, now), () =>
    getDashboard(db, actor, query, now),
  );
}
