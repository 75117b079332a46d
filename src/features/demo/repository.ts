import type { Db } from "../../db/open-database.ts";

export function countUsers(db: Db) {
  return db.user.count();
}

export function findUnitsByName(db: Db, names: string[]) {
  return db.unit.findMany({ where: { name: { in: names } }, select: { id: true, name: true } });
}
