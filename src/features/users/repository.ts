import type { Db, Tx } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

export function listUsers(db: Db) {
  return db.user.findMany({
    orderBy: [{ role: "asc" }, { id: "asc" }],
    include: {
      unit: { select: { name: true } },
      leaderUnits: { include: { unit: { select: { name: true } } } },
    },
  });
}

export function findUserByUsername(db: Tx, username: string) {
  return db.user.findUnique({ where: { username } });
}

export function createUser(db: Tx, data: Prisma.UserUncheckedCreateInput) {
  return db.user.create({ data });
}

export function deleteSessionsOf(db: Tx, userId: number) {
  return db.session.deleteMany({ where: { userId } });
}

/**
 * The active office accounts, locked until the transaction ends: two clerks disabling (or demoting) each other
 * at once then queue here, and the second sees the first's change and is refused if it would leave none.
 */
export async function lockActiveOfficeIds(tx: Tx): Promise<number[]> {
  const rows = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM users WHERE role = 'office' AND active FOR UPDATE`;
  return rows.map((r) => r.id);
}

export function countUnits(db: Tx, ids: number[]) {
  return db.unit.count({ where: { id: { in: ids } } });
}

export function findUnitById(db: Tx, id: number) {
  return db.unit.findUnique({ where: { id } });
}

export function findUserById(db: Tx, id: number) {
  return db.user.findUnique({
    where: { id },
    include: { unit: { select: { name: true } }, leaderUnits: { select: { unitId: true } } },
  });
}

export function updateUser(tx: Tx, id: number, data: Prisma.UserUncheckedUpdateInput) {
  return tx.user.update({ where: { id }, data });
}

export async function replaceLeaderUnits(tx: Tx, userId: number, unitIds: number[]) {
  await tx.leaderUnit.deleteMany({ where: { userId } });
  if (unitIds.length > 0)
    await tx.leaderUnit.createMany({ data: unitIds.map((unitId) => ({ userId, unitId })) });
}
