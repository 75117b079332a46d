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
