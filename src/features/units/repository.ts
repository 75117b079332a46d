import type { Db } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

export function listUnits(db: Db, where: Prisma.UnitWhereInput = {}) {
  return db.unit.findMany({ where, orderBy: [{ kind: "asc" }, { id: "asc" }] });
}

export function findUnitByName(db: Db, name: string) {
  return db.unit.findFirst({ where: { OR: [{ name }, { shortName: name }, { aliases: { has: name } }] } });
}

export function createUnit(db: Db, data: Prisma.UnitCreateInput) {
  return db.unit.create({ data });
}
