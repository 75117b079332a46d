// The dashboard's reads. Every `where` here is built by the ledger's own builders (the tasks service's
// visibleLedgerWhere), so these functions only decide how rows are grouped; the exceptions are tallyTracked and
// countTrackedByWeek, the unfiltered dashboard's one pass, which restate those rules in SQL (and a test holds
// the two equal: tests/integration/dashboard-one-pass.test.ts).
import type { Db } from "../../db/open-database.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { openStates } from "../tasks/states.ts";

type Where = Prisma.TaskWhereInput;

/** Tasks by state and on-time flag: totals, open, done, on time and late in one query. */
export function countByState(db: Db, where: Where) {
  return db.task.groupBy({ by: ["state", "doneOnTime"], where, _count: { _all: true } });
}

export function countTasks(db: Db, where: Where) {
  return db.task.count({ where });
}

/** The same split as countByState, per lead unit. */
export function countByLeadUnit(db: Db, where: Where) {
  return db.task.groupBy({
    by: ["leadUnitId", "state", "doneOnTime"],
    where: { AND: [where, { leadUnitId: { not: null } }] },
    _count: { _all: true },
  });
}

export function countEachLeadUnit(db: Db, where: Where) {
  return db.task.groupBy({
    by: ["leadUnitId"],
    where: { AND: [where, { leadUnitId: { not: null } }] },
    _count: { _all: true },
  });
}

/** Tasks matching `where`, counted for each co-operating unit. */
export function countEachCoUnit(db: Db, where: Where) {
  return db.taskCoUnit.groupBy({ by: ["unitId"], where: { task: where }, _count: { _all: true } });
}

export function countByMeeting(db: Db, where: Where) {
  return db.task.groupBy({ by: ["meetingId", "state", "doneOnTime"], where, _count: { _all: true } });
}

export function countEachMeeting(db: Db, where: Where) {
  return db.task.groupBy({ by: ["meetingId"], where, _count: { _all: true } });
}

/**
 * When the matching tasks were handed out. Prisma cannot group by week, so the service buckets these; `where`
 * is limited to the chart's weeks, so this reads a few weeks of tasks, not the whole table.
 */
export function listAssignedInstants(db: Db, where: Where) {
  return db.task.findMany({ where, select: { assignedAt: true } });
}

export function listDoneInstants(db: Db, where: Where) {
  return db.task.findMany({ where, select: { doneAt: true } });
}

/** Every unit, the inactive ones too: old tasks still name them. */
export function listUnitNames(db: Db) {
  return db.unit.findMany({ select: { id: true, name: true, active: true }, orderBy: { id: "asc" } });
}

export function listMeetingTitles(db: Db) {
  return db.meeting.findMany({
    select: { id: true, title: true, heldOn: true },
    orderBy: [{ heldOn: { sort: "desc", nulls: "last" } }, { id: "desc" }],
  });
}

/** One group's counts from tallyTracked: the whole table, a lead unit, a co-operating unit or a meeting. */
export type TallyRow = {
  level: "all" | "lead" | "co" | "meeting";
  /** The lead or co-operating unit (null on a "lead" row: tasks without a lead unit). */
  unitId: number | null;
  /** The meeting (null on a "meeting" row: tasks that came from no meeting). */
  meetingId: number | null;
  total: number;
  open: number;
  done: number;
  late: number;
  red: number;
  yellow: number;
  due: number;
};

const stateIn = (states: readonly string[]) => Prisma.sql`t.state::text = ANY(${[...states]}::text[])`;
/** Open (未办结) and counted (handed out, not cancelled), from the one list of states. */
const open = stateIn(openStates);
const counted = stateIn([...openStates, "done"]);

/** The dates tallyTracked classifies against: the light rules' (light.ts) and the end of "due soon". */
export type TallyClock = { today: string; warnUntil: string; signedBy: Date; dueUntil: string };

/**
 * The unfiltered dashboard's counts in one pass over the counted tasks (handed out, not cancelled), grouped
 * three ways at once, plus one pass over the co-unit rows. The FILTER conditions are lightWhere's rules
 * (tasks/repository.ts) written in SQL, and the dashboard's tests hold the two together.
 */
export function tallyTracked(db: Db, clock: TallyClock) {
  const today = Prisma.sql`${clock.today}::date`;
  const red = Prisma.sql`t.deadline < ${today}`;
  const counts = Prisma.sql`
    count(*)::int AS total,
    count(*) FILTER (WHERE ${open})::int AS open,
    count(*) FILTER (WHERE t.state = 'done')::int AS done,
    count(*) FILTER (WHERE t.state = 'done' AND t.done_on_time = false)::int AS late,
    count(*) FILTER (WHERE ${open} AND ${red})::int AS red,
    count(*) FILTER (WHERE ${open} AND (t.deadline IS NULL OR t.deadline >= ${today}) AND (
      t.deadline <= ${clock.warnUntil}::date OR t.next_report_due < ${today}
      OR (t.state = 'assigned' AND t.assigned_at < ${clock.signedBy.toISOString()}::timestamptz)))::int AS yellow,
    count(*) FILTER (WHERE ${open} AND t.deadline >= ${today} AND t.deadline <= ${clock.dueUntil}::date)::int AS due`;
  return db.$queryRaw<TallyRow[]>`
    SELECT CASE WHEN GROUPING(t.lead_unit_id) = 0 THEN 'lead' WHEN GROUPING(t.meeting_id) = 0 THEN 'meeting'
             ELSE 'all' END AS level,
           t.lead_unit_id AS "unitId", t.meeting_id AS "meetingId", ${counts}
    FROM tasks t WHERE ${counted}
    GROUP BY GROUPING SETS ((), (t.lead_unit_id), (t.meeting_id))
    UNION ALL
    SELECT 'co', c.unit_id, NULL, ${counts}
    FROM task_co_units c JOIN tasks t ON t.id = c.task_id WHERE ${counted}
    GROUP BY c.unit_id`;
}

/**
 * Counted tasks handed out (opened) and approved as done (closed) in each of `weeks` weeks from the instant
 * `start` (a Monday's first instant in Shanghai), counted by the database rather than sent over as instants.
 */
export function countTrackedByWeek(db: Db, start: Date, weeks: number) {
  const from = Prisma.sql`${start.toISOString()}::timestamptz`;
  const before = Prisma.sql`${new Date(start.getTime() + weeks * 7 * 86_400_000).toISOString()}::timestamptz`;
  const week = (column: Prisma.Sql) =>
    Prisma.sql`floor(extract(epoch FROM ${column} - ${from}) / 604800)::int`;
  return db.$queryRaw<{ kind: "opened" | "closed"; week: number; n: number }[]>`
    SELECT kind, week, count(*)::int AS n FROM (
      SELECT 'opened' AS kind, ${week(Prisma.sql`t.assigned_at`)} AS week FROM tasks t
      WHERE ${counted} AND t.assigned_at >= ${from} AND t.assigned_at < ${before}
      UNION ALL
      SELECT 'closed', ${week(Prisma.sql`t.done_at`)} FROM tasks t
      WHERE ${counted} AND t.done_at >= ${from} AND t.done_at < ${before}
    ) x GROUP BY kind, week`;
}
