// The dashboard's and the workbook's reads. Every `where` here is built by the ledger's own builders
// (taskFilterWhere, lightWhere) in the service, so these functions only decide how rows are grouped or paged.
import type { Db } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { ledgerOrder } from "../tasks/repository.ts";

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
 * The workbook's rows in the ledger's order, as ids only: sorting every matching task by deadline is one query
 * (tens of milliseconds for 100,000 tasks, a few hundred kilobytes of ids), where paging by deadline would sort
 * what remains once per page. The rows are then read a page of ids at a time.
 */
export async function listLedgerIds(db: Db, where: Where): Promise<number[]> {
  const rows = await db.task.findMany({ where, orderBy: ledgerOrder, select: { id: true } });
  return rows.map((r) => r.id);
}

/**
 * These tasks, if they still match `where` (one may have changed since the ids were listed). Names come from lists
 * the caller holds, co-units and reports from the two functions below: three flat queries a page instead of one
 * per relation. In no particular order: the caller puts them back in the order of `ids`.
 */
export function listLedgerRows(db: Db, where: Where, ids: number[]) {
  return db.task.findMany({
    where: { AND: [where, { id: { in: ids } }] },
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
