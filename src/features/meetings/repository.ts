import type { Db, Tx } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

export function findMeetingByHash(db: Tx, contentHash: string) {
  return db.meeting.findUnique({
    where: { contentHash },
    select: { id: true, title: true, createdAt: true },
  });
}

export function createMeeting(tx: Tx, data: Prisma.MeetingUncheckedCreateInput) {
  return tx.meeting.create({ data });
}

export function createDraftTasks(tx: Tx, data: Prisma.TaskCreateManyInput[]) {
  return tx.task.createManyAndReturn({ data, select: { id: true } });
}

export function createCoUnits(tx: Tx, data: Prisma.TaskCoUnitCreateManyInput[]) {
  return tx.taskCoUnit.createMany({ data, skipDuplicates: true });
}

export function createEvents(tx: Tx, data: Prisma.TaskEventCreateManyInput[]) {
  return tx.taskEvent.createMany({ data });
}

export function findMeeting(db: Db, id: number) {
  return db.meeting.findUnique({ where: { id } });
}

export function listMeetings(db: Db) {
  return db.meeting.findMany({
    orderBy: [{ heldOn: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    select: {
      id: true,
      title: true,
      kind: true,
      heldOn: true,
      chair: true,
      createdAt: true,
      _count: { select: { tasks: true } },
    },
  });
}

export function listMeetingTasks(db: Db, meetingId: number) {
  return db.task.findMany({
    where: { meetingId, state: { not: "cancelled" } },
    orderBy: [{ sourceStart: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    include: { coUnits: { select: { unitId: true } }, leadUnit: { select: { name: true } } },
  });
}

export function findDraft(tx: Tx, id: number) {
  return tx.task.findUnique({ where: { id }, include: { coUnits: { select: { unitId: true } } } });
}

export function updateDraft(tx: Tx, id: number, data: Prisma.TaskUncheckedUpdateInput) {
  return tx.task.update({ where: { id }, data });
}

export function replaceCoUnits(tx: Tx, taskId: number, unitIds: number[]) {
  return tx.taskCoUnit
    .deleteMany({ where: { taskId } })
    .then(() => tx.taskCoUnit.createMany({ data: unitIds.map((unitId) => ({ taskId, unitId })) }));
}

/** Removes a draft that was never handed out (it has no history anyone else has seen). */
export async function deleteDraft(tx: Tx, id: number) {
  await tx.taskEvent.deleteMany({ where: { taskId: id } });
  await tx.taskCoUnit.deleteMany({ where: { taskId: id } });
  await tx.task.delete({ where: { id } });
}

export function listActiveUnits(db: Tx) {
  return db.unit.findMany({
    where: { active: true },
    select: { id: true, name: true, shortName: true, aliases: true },
    orderBy: { id: "asc" },
  });
}

export function listLeaders(db: Db) {
  return db.user.findMany({ where: { role: "leader", active: true }, select: { id: true, name: true } });
}

export function findUnitByExactName(tx: Tx, name: string) {
  return tx.unit.findUnique({ where: { name } });
}

export function createUnit(tx: Tx, data: Prisma.UnitCreateInput) {
  return tx.unit.create({ data });
}

export function findTaskMeeting(db: Db, taskId: number) {
  return db.task.findUnique({ where: { id: taskId }, select: { meetingId: true, state: true } });
}

export function listRecentImports(db: Db, take: number) {
  return db.meeting.findMany({
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, title: true, heldOn: true, createdAt: true, _count: { select: { tasks: true } } },
  });
}
