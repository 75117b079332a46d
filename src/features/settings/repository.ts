import type { Db, Tx } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

export function findSetting(db: Tx, key: string) {
  return db.setting.findUnique({ where: { key } });
}

export function saveSetting(db: Db, key: string, value: Prisma.InputJsonValue) {
  return db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}
