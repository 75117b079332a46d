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
