import type { Db } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

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
