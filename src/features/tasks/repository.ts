import type { Db, Tx } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../auth/permissions.ts";
import type { TaskState } from "./states.ts";

/**
 * The tasks an actor may see: the office and leaders see every task; a unit sees the tasks it leads or
 * co-operates on, once they have been handed out.
 */
export function visibleTo(actor: Actor): Prisma.TaskWhereInput {
  if (actor.role !== "unit") return {};
  const unitId = actor.unitId ?? -1;
  return { state: { not: "draft" }, OR: [{ leadUnitId: unitId }, { coUnits: { some: { unitId } } }] };
}

export function countTasksByState(db: Db, where: Prisma.TaskWhereInput) {
  return db.task.groupBy({ by: ["state"], where, _count: { _all: true } });
}

export function countTasks(db: Db, where: Prisma.TaskWhereInput) {
  return db.task.count({ where });
}

export function listRecentMeetings(db: Db, take: number) {
  return db.meeting.findMany({
    orderBy: [{ heldOn: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    take,
    select: { id: true, title: true, heldOn: true, chair: true, _count: { select: { tasks: true } } },
  });
}

/** What the rules need to decide on an action, read inside the action's transaction. */
export function findTaskParties(tx: Tx, id: number) {
  return tx.task.findUnique({
    where: { id },
    select: {
      id: true,
      state: true,
      leadUnitId: true,
      deadline: true,
      reportCycle: true,
      title: true,
      coUnits: { select: { unitId: true } },
    },
  });
}

/**
 * Moves a task on only if it is still in the state the decision was made on; returns false when another
 * request got there first.
 */
export async function updateTaskIfState(
  tx: Tx,
  id: number,
  state: TaskState,
  data: Prisma.TaskUpdateManyMutationInput,
) {
  const { count } = await tx.task.updateMany({ where: { id, state }, data });
  return count === 1;
}

export function updateTask(tx: Tx, id: number, data: Prisma.TaskUncheckedUpdateInput) {
  return tx.task.update({ where: { id }, data });
}

export function createTask(tx: Tx, data: Prisma.TaskUncheckedCreateInput) {
  return tx.task.create({ data });
}

export function createTaskEvent(tx: Tx, data: Prisma.TaskEventUncheckedCreateInput) {
  return tx.taskEvent.create({ data });
}

export function createProgressReport(tx: Tx, data: Prisma.ProgressReportUncheckedCreateInput) {
  return tx.progressReport.create({ data });
}

export function attachFilesToReport(
  tx: Tx,
  reportId: number,
  attachmentIds: number[],
  taskId: number,
  userId: number,
) {
  return tx.attachment.updateMany({
    where: { id: { in: attachmentIds }, taskId, uploadedById: userId, reportId: null },
    data: { reportId },
  });
}

export function createExtensionRequest(tx: Tx, data: Prisma.ExtensionRequestUncheckedCreateInput) {
  return tx.extensionRequest.create({ data });
}

export function findPendingExtension(tx: Tx, taskId: number) {
  return tx.extensionRequest.findFirst({ where: { taskId, status: "pending" } });
}

export function findExtension(tx: Tx, id: number) {
  return tx.extensionRequest.findUnique({ where: { id } });
}

export async function decideExtensionIfPending(
  tx: Tx,
  id: number,
  data: Prisma.ExtensionRequestUncheckedUpdateManyInput,
) {
  const { count } = await tx.extensionRequest.updateMany({ where: { id, status: "pending" }, data });
  return count === 1;
}
