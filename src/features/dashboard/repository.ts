// The dashboard's reads. Every `where` here is built by the ledger's own builders (the tasks service's
// visibleLedgerWhere), so these functions only decide how rows are grouped.
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
