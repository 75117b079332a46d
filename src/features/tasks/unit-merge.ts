// A duplicate unit merged into another (src/features/units/service.ts mergeUnits): its task rows move here,
// where every write to a task is, and each task's history says so.
import type { Tx } from "../../db/open-database.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { createTaskEventsBy, moveTasksToUnit } from "./repository.ts";

type NamedUnit = { id: number; name: string };

/** Inside the merge's transaction; returns how many tasks moved. */
export async function moveTasksBetweenUnits(tx: Tx, actor: Actor, from: NamedUnit, into: NamedUnit) {
  requireRole(actor, "office");
  const ids = await moveTasksToUnit(tx, from.id, into.id);
  await createTaskEventsBy(
    tx,
    actor.id,
    ids.map((taskId) => ({
      taskId,
      action: "edit",
      before: { unitId: from.id, unitName: from.name },
      after: { unitId: into.id, unitName: into.name },
      note: `单位合并：${from.name} → ${into.name}`,
    })),
  );
  return ids.length;
}
