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

export function findUserByUsername(db: Db, username: string) {
  return db.user.findUnique({ where: { username } });
}

export function createUser(db: Db, data: Prisma.UserUncheckedCreateInput) {
  return db.user.create({ data });
}

export function setUserActive(db: Tx, id: number, active: boolean) {
  return db.user.update({ where: { id }, data: { active } });
}

export function deleteSessionsOf(db: Tx, userId: number) {
  return db.session.deleteMany({ where: { userId } });
}

export function countActiveOffice(db: Db) {
  return db.user.count({ where: { role: "office", active: true } });
}

export function countUnits(db: Db, ids: number[]) {
  return db.unit.count({ where: { id: { in: ids } } });
}

export function findUnitById(db: Db, id: number) {
  return db.unit.findUnique({ where: { id } });
}

export function findUserById(db: Db, id: number) {
  return db.user.findUnique({ where: { id } });
}
