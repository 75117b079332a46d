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

// Compared as the enum: casting each row's state to text cost the scan of 100,000 tasks twice its time. The states
// are this code's own constants, written into the SQL as literals (an array parameter cast to the enum's array
// type is not understood by every driver).
const stateIn = (states: readonly string[]) => {
  if (!states.every((state) => /^[a-z_]+$/.test(state))) throw new Error(`not a task state: ${states}`);
  return Prisma.raw(`t.state IN (${states.map((state) => `'${state}'`).join(", ")})`);
};
/** Counted (handed out, not cancelled): the open states (未办结) and done, from the one list of states. */
const counted = stateIn([...openStates, "done"]);

/** The dates tallyTracked classifies against: the light rules' (light.ts) and the end of "due soon". */
export type TallyClock = { today: string; warnUntil: string; signedBy: Date; dueUntil: string };

// A counted task's class as bits: what tallyTracked counts it as.
const classBits = { done: 1, late: 2, open: 4, red: 8, yellow: 16, due: 32 } as const;

/**
 * The unfiltered dashboard's counts: each counted task (handed out, not cancelled) is classed once by one CASE,
 * whose branches are lightWhere's rules (tasks/repository.ts) written in SQL (the dashboard's tests hold the two
 * together), and counted per class by lead unit, by meeting and by co-operating unit, three small GROUP BYs that
 * run side by side on their own connections. Cheaper than counting with a FILTER per figure over grouping sets.
 */
export async function tallyTracked(db: Db, clock: TallyClock): Promise<TallyRow[]> {
  const today = Prisma.sql`${clock.today}::date`;
  const { done, late, open, red, yellow, due } = classBits;
  // The bits are constants of this file, written into the SQL as numbers (bound parameters would be text).
  const bit = (n: number) => Prisma.raw(String(n));
  const cls = Prisma.sql`CASE WHEN t.state = 'done' THEN CASE WHEN t.done_on_time = false THEN ${bit(done + late)} ELSE ${bit(done)} END
    ELSE ${bit(open)}
      + CASE WHEN t.deadline < ${today} THEN ${bit(red)}
          WHEN t.deadline <= ${clock.warnUntil}::date OR t.next_report_due < ${today} OR t.repeat_count >= 2
            OR (t.state = 'assigned' AND t.assigned_at < ${clock.signedBy.toISOString()}::timestamptz) THEN ${bit(yellow)}
          ELSE 0 END
      + CASE WHEN t.deadline >= ${today} AND t.deadline <= ${clock.dueUntil}::date THEN ${bit(due)} ELSE 0 END
    END`;
  type Counted = { key: number | null; cls: number; n: number };
  const [byLead, byMeeting, byCoUnit] = await Promise.all([
    db.$queryRaw<Counted[]>`
      SELECT t.lead_unit_id AS key, ${cls} AS cls, count(*)::int AS n FROM tasks t WHERE ${counted} GROUP BY 1, 2`,
    db.$queryRaw<Counted[]>`
      SELECT t.meeting_id AS key, ${cls} AS cls, count(*)::int AS n FROM tasks t WHERE ${counted} GROUP BY 1, 2`,
    db.$queryRaw<Counted[]>`
      SELECT c.unit_id AS key, ${cls} AS cls, count(*)::int AS n
      FROM task_co_units c JOIN tasks t ON t.id = c.task_id WHERE ${counted} GROUP BY 1, 2`,
  ]);
  const all = emptyTally("all", null, null);
  const rows = new Map<string, TallyRow>();
  const add = (row: TallyRow, { cls, n }: Counted) => {
    row.total += n;
    if (cls & open) row.open += n;
    if (cls & done) row.done += n;
    if (cls & late) row.late += n;
    if (cls & red) row.red += n;
    if (cls & yellow) row.yellow += n;
    if (cls & due) row.due += n;
  };
  const group = (level: TallyRow["level"], counted: Counted[]) => {
    for (const c of counted) {
      const id = `${level}:${c.key}`;
      let row = rows.get(id);
      if (!row) {
        row = level === "meeting" ? emptyTally(level, null, c.key) : emptyTally(level, c.key, null);
        rows.set(id, row);
      }
      add(row, c);
      if (level === "lead") add(all, c);
    }
  };
  group("lead", byLead);
  group("meeting", byMeeting);
  group("co", byCoUnit);
  return [all, ...rows.values()];
}

function emptyTally(level: TallyRow["level"], unitId: number | null, meetingId: number | null): TallyRow {
  return { level, unitId, meetingId, total: 0, open: 0, done: 0, late: 0, red: 0, yellow: 0, due: 0 };
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
  const inRange = (column: Prisma.Sql) => Prisma.sql`${column} >= ${from} AND ${column} < ${before}`;
  const assigned = Prisma.sql`t.assigned_at`;
  const doneAt = Prisma.sql`t.done_at`;
  // One scan for both: each task's opening week and closing week (null outside the chart), counted per week.
  return db.$queryRaw<{ kind: "opened" | "closed"; week: number; n: number }[]>`
    SELECT CASE WHEN GROUPING(opened) = 0 THEN 'opened' ELSE 'closed' END AS kind,
           coalesce(opened, closed) AS week, count(*)::int AS n
    FROM (
      SELECT CASE WHEN ${inRange(assigned)} THEN ${week(assigned)} END AS opened,
             CASE WHEN ${inRange(doneAt)} THEN ${week(doneAt)} END AS closed
      FROM tasks t WHERE ${counted} AND ((${inRange(assigned)}) OR (${inRange(doneAt)}))
    ) x
    GROUP BY GROUPING SETS ((opened), (closed))
    HAVING coalesce(opened, closed) IS NOT NULL`;
}

/** One unit's raw counts for the per-unit statistics (统计分析's 单位履职 table, the bulletin, a unit's home). */
export type UnitStatRow = {
  unitId: number;
  done: number;
  doneOnTime: number;
  signDue: number;
  signedOnTime: number;
  reportsDue: number;
  reportsOnTime: number;
  extensionsAsked: number;
  extensionsGranted: number;
  returns: number;
  flagged: number;
};

export type UnitStatClock = {
  today: string;
  /** Days of 交办 and the last day of their signing window, for the recent years (older tasks: `fallbackDays`). */
  signDays: string[];
  signCloses: string[];
  fallbackDays: number;
};

/**
 * The per-unit statistics, set-based: one GROUP BY over each source table (tasks, progress_reports,
 * extension_requests, task_events), run side by side, folded per unit here. Definitions in README (单位履职统计).
 */
export async function tallyUnitStats(db: Db, clock: UnitStatClock): Promise<UnitStatRow[]> {
  const today = Prisma.sql`${clock.today}::date`;
  const assignedOn = Prisma.sql`(t.assigned_at AT TIME ZONE 'Asia/Shanghai')::date`;
  const closes = Prisma.sql`coalesce(c.closes_on, ${assignedOn} + ${clock.fallbackDays}::int)`;
  type N = Record<string, number | null> & { unitId: number };
  const [tasks, reports, extensions, returns] = await Promise.all([
    db.$queryRaw<N[]>`
      SELECT u.unit_id AS "unitId",
        count(*) FILTER (WHERE t.state = 'done')::int AS done,
        count(*) FILTER (WHERE t.state = 'done' AND t.done_on_time IS DISTINCT FROM false)::int AS "doneOnTime",
        count(*) FILTER (WHERE u.unit_id = t.lead_unit_id AND t.assigned_at IS NOT NULL
          AND (t.signed_at IS NOT NULL OR ${closes} < ${today}))::int AS "signDue",
        count(*) FILTER (WHERE u.unit_id = t.lead_unit_id AND t.signed_at IS NOT NULL
          AND (t.signed_at AT TIME ZONE 'Asia/Shanghai')::date <= ${closes})::int AS "signedOnTime",
        count(*) FILTER (WHERE u.unit_id = t.lead_unit_id AND t.state = 'in_progress'
          AND t.next_report_due < ${today})::int AS "reportsMissed"
      FROM tasks t CROSS JOIN LATERAL unnest(t.unit_ids) AS u(unit_id)
      LEFT JOIN unnest(${clock.signDays}::date[], ${clock.signCloses}::date[]) AS c(day, closes_on)
        ON c.day = ${assignedOn}
      WHERE ${counted} GROUP BY 1`,
    db.$queryRaw<N[]>`
      WITH r AS (
        SELECT p.unit_id, p.quality_flags, p.completion, t.report_cycle::text AS cycle,
          (p.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
          coalesce(lag((p.created_at AT TIME ZONE 'Asia/Shanghai')::date)
            OVER (PARTITION BY p.task_id, p.completion ORDER BY p.created_at, p.id), ${assignedOn}) AS since
        FROM progress_reports p JOIN tasks t ON t.id = p.task_id WHERE ${counted})
      SELECT unit_id AS "unitId",
        count(*) FILTER (WHERE NOT completion AND cycle <> 'none')::int AS "reportsDue",
        count(*) FILTER (WHERE NOT completion AND cycle <> 'none' AND day <= (since + CASE cycle
          WHEN 'weekly' THEN interval '7 days' WHEN 'semimonthly' THEN interval '15 days'
          ELSE interval '1 month' END)::date)::int AS "reportsOnTime",
        count(*) FILTER (WHERE cardinality(quality_flags) > 0)::int AS flagged
      FROM r WHERE unit_id IS NOT NULL GROUP BY 1`,
    db.$queryRaw<N[]>`
      SELECT u.unit_id AS "unitId", count(*)::int AS "extensionsAsked",
        count(*) FILTER (WHERE e.status = 'approved')::int AS "extensionsGranted"
      FROM extension_requests e JOIN users u ON u.id = e.requested_by_id
      WHERE u.unit_id IS NOT NULL GROUP BY 1`,
    db.$queryRaw<N[]>`
      SELECT t.lead_unit_id AS "unitId", count(*)::int AS returns
      FROM task_events e JOIN tasks t ON t.id = e.task_id
      WHERE e.action = 'return' AND t.lead_unit_id IS NOT NULL GROUP BY 1`,
  ]);
  const rows = new Map<number, UnitStatRow>();
  const rowOf = (unitId: number) => {
    let row = rows.get(unitId);
    if (!row) {
      row = {
        unitId,
        done: 0,
        doneOnTime: 0,
        signDue: 0,
        signedOnTime: 0,
        reportsDue: 0,
        reportsOnTime: 0,
        extensionsAsked: 0,
        extensionsGranted: 0,
        returns: 0,
        flagged: 0,
      };
      rows.set(unitId, row);
    }
    return row;
  };
  for (const r of tasks) {
    const row = rowOf(r.unitId);
    row.done += r.done ?? 0;
    row.doneOnTime += r.doneOnTime ?? 0;
    row.signDue += r.signDue ?? 0;
    row.signedOnTime += r.signedOnTime ?? 0;
    // A report due date passed with no report yet: due, and not met.
    row.reportsDue += r.reportsMissed ?? 0;
  }
  for (const r of reports) {
    const row = rowOf(r.unitId);
    row.reportsDue += r.reportsDue ?? 0;
    row.reportsOnTime += r.reportsOnTime ?? 0;
    row.flagged += r.flagged ?? 0;
  }
  for (const r of extensions) {
    const row = rowOf(r.unitId);
    row.extensionsAsked += r.extensionsAsked ?? 0;
    row.extensionsGranted += r.extensionsGranted ?? 0;
  }
  for (const r of returns) rowOf(r.unitId).returns += r.returns ?? 0;
  return [...rows.values()];
}
