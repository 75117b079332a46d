// The dashboard's and the workbook's reads. Every `where` here is built by the ledger's own builders
// (taskFilterWhere, lightWhere) in the service, so these functions only decide how rows are grouped or paged.
import type { Db } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

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

/**
 * One page of the workbook, by keyset on id: each page costs an index range scan however far in it is, where the
 * ledger's own order (by deadline, which has no index of its own) would sort every remaining task for every page.
 * Id order is also the order tasks were entered in (a meeting's directives in the order of the record), and the
 * sheet's autofilter sorts by 完成时限 in one click. Names come from lists the caller holds, co-units and reports
 * from the two functions below: three flat queries a page instead of one per relation.
 */
export function listLedgerPage(db: Db, where: Where, afterId: number, take: number) {
  return db.task.findMany({
    where: { AND: [where, { id: { gt: afterId } }] },
    orderBy: { id: "asc" },
    take,
    select: {
      id: true,
      title: true,
      state: true,
      origin: true,
      meetingId: true,
      leadUnitId: true,
      deadline: true,
      ongoing: true,
      nextReportDue: true,
      assignedAt: true,
    },
  });
}

export function listCoUnitsOf(db: Db, taskIds: number[]) {
  return db.taskCoUnit.findMany({
    where: { taskId: { in: taskIds } },
    select: { taskId: true, unitId: true },
    orderBy: [{ taskId: "asc" }, { unitId: "asc" }],
  });
}

/** The latest progress report of each task. */
export function listLatestReportsOf(db: Db, taskIds: number[]) {
  return db.progressReport.findMany({
    where: { taskId: { in: taskIds } },
    orderBy: [{ taskId: "asc" }, { createdAt: "desc" }, { id: "desc" }],
    distinct: ["taskId"],
    select: { taskId: true, body: true, createdAt: true },
  });
}
