import type { Tx } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

export function countUsers(db: Tx) {
  return db.user.count();
}

export function findUsernames(db: Tx, usernames: string[]) {
  return db.user.findMany({ where: { username: { in: usernames } }, select: { username: true } });
}

/** The unit if it is already in the directory (an office may have added it by hand), else a new one. */
export function upsertUnit(db: Tx, data: Prisma.UnitCreateInput) {
  return db.unit.upsert({ where: { name: data.name }, update: {}, create: data });
}

export function createUser(db: Tx, data: Prisma.UserUncheckedCreateInput) {
  return db.user.create({ data });
}

export function upsertMeeting(db: Tx, data: Prisma.MeetingUncheckedCreateInput) {
  return db.meeting.upsert({ where: { contentHash: data.contentHash }, update: {}, create: data });
}
