// The bulletin's one read of its own: the overdue tasks themselves. Every `where` is built by the ledger's
// builders in the service; the figures come from the dashboard.
import type { Db } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

/** Most overdue first, as the bulletin lists them. */
export function listOverdueTasks(db: Db, where: Prisma.TaskWhereInput) {
  return db.task.findMany({
    where,
    select: {
      id: true,
      title: true,
      state: true,
      deadline: true,
      leadUnitId: true,
      coUnits: { select: { unitId: true } },
    },
    orderBy: [{ deadline: "asc" }, { id: "asc" }],
  });
}

/** The earliest 完成时限 among the tasks `where` finds (the overdue ones), or null when there are none. */
export async function oldestOverdueDeadline(db: Db, where: Prisma.TaskWhereInput): Promise<Date | null> {
  const task = await db.task.findFirst({ where, select: { deadline: true }, orderBy: { deadline: "asc" } });
  return task?.deadline ?? null;
}
