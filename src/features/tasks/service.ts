import type { Db } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../auth/permissions.ts";
import { countTasks, countTasksByState, listRecentMeetings } from "./repository.ts";

export const taskStates = [
  "draft",
  "assigned",
  "in_progress",
  "pending_review",
  "done",
  "cancelled",
] as const;
export type TaskState = (typeof taskStates)[number];

export const taskStateNames: Record<TaskState, string> = {
  draft: "待交办",
  assigned: "待签收",
  in_progress: "办理中",
  pending_review: "待审核",
  done: "已办结",
  cancelled: "已撤销",
};

const openStates: TaskState[] = ["assigned", "in_progress", "pending_review"];

/**
 * The tasks an actor may see: the office and leaders see every task; a unit sees the tasks it leads or
 * co-operates on, once they have been handed out.
 */
export function visibleTasks(actor: Actor): Prisma.TaskWhereInput {
  if (actor.role !== "unit") return {};
  const unitId = actor.unitId ?? -1;
  return { state: { not: "draft" }, OR: [{ leadUnitId: unitId }, { coUnits: { some: { unitId } } }] };
}

/** Counts for the home page, within what the actor may see. `today` is Shanghai's calendar date. */
export async function summarizeTasks(db: Db, actor: Actor, today: Date) {
  const scope = visibleTasks(actor);
  const [byState, overdue, recentMeetings] = await Promise.all([
    countTasksByState(db, scope),
    countTasks(db, { AND: [scope, { state: { in: openStates }, deadline: { lt: today } }] }),
    actor.role === "unit" ? Promise.resolve([]) : listRecentMeetings(db, 5),
  ]);
  const counts = Object.fromEntries(taskStates.map((s) => [s, 0])) as Record<TaskState, number>;
  for (const row of byState) counts[row.state as TaskState] = row._count._all;
  return { counts, overdue, recentMeetings };
}
