import type { Db, Tx } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

export function listUnits(db: Tx, where: Prisma.UnitWhereInput = {}) {
  return db.unit.findMany({ where, orderBy: [{ kind: "asc" }, { id: "asc" }] });
}

export function findUnitByName(db: Db, name: string) {
  return db.unit.findFirst({ where: { OR: [{ name }, { shortName: name }, { aliases: { has: name } }] } });
}

export function findUnitByExactName(tx: Tx, name: string) {
  return tx.unit.findUnique({ where: { name } });
}

export function createUnit(tx: Tx, data: Prisma.UnitCreateInput) {
  return tx.unit.create({ data });
}

export function findUnitById(db: Tx, id: number) {
  return db.unit.findUnique({ where: { id }, include: { mergedInto: { select: { id: true, name: true } } } });
}

/**
 * Every unit's names, for the uniqueness check. Inside a write, after `lockUnits`, so two clerks adding the same
 * unit under two spellings at once cannot both pass it.
 */
export function listUnitNames(db: Tx) {
  return db.unit.findMany({
    select: { id: true, name: true, shortName: true, aliases: true, mergedIntoId: true },
    orderBy: { id: "asc" },
  });
}

/** Directory writes queue behind each other (they are rare); readers are not held up. */
export async function lockUnits(tx: Tx) {
  await tx.$executeRaw`LOCK TABLE units IN SHARE ROW EXCLUSIVE MODE`;
}

export function updateUnit(tx: Tx, id: number, data: Prisma.UnitUpdateInput) {
  return tx.unit.update({ where: { id }, data });
}

// Open means still someone's work: handed out and not done or cancelled (tasks/states.ts openStates).
const openTask = {
  state: { in: ["assigned", "in_progress", "pending_review"] },
} satisfies Prisma.TaskWhereInput;

/** How many open tasks each of these units leads or co-operates on. */
export async function countOpenTasksOf(db: Db, unitIds: number[]) {
  const counts = new Map<number, number>();
  for (const id of unitIds) {
    counts.set(id, await db.task.count({ where: { ...openTask, unitIds: { has: id } } }));
  }
  return counts;
}

/** A unit's tasks of every state, for the unit page and the merge form. */
export function countTasksOf(db: Db, unitId: number) {
  return db.task.count({ where: { unitIds: { has: unitId } } });
}

export function countUsersOf(db: Db, unitId: number) {
  return db.user.count({ where: { unitId } });
}

/** Moves the merged unit's accounts, leaders' 分管 rows and the unit named on its reports to the target. */
export async function moveUnitRows(tx: Tx, fromId: number, intoId: number) {
  const users = await tx.user.updateMany({ where: { unitId: fromId }, data: { unitId: intoId } });
  const leaders = await tx.leaderUnit.findMany({ where: { unitId: fromId }, select: { userId: true } });
  if (leaders.length > 0) {
    await tx.leaderUnit.createMany({
      data: leaders.map((l) => ({ userId: l.userId, unitId: intoId })),
      skipDuplicates: true,
    });
    await tx.leaderUnit.deleteMany({ where: { unitId: fromId } });
  }
  await tx.progressReport.updateMany({ where: { unitId: fromId }, data: { unitId: intoId } });
  return { users: users.count, leaders: leaders.length };
}
