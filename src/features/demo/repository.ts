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

export function findUserByUsername(db: Tx, username: string) {
  return db.user.findUnique({ where: { username } });
}

export function listMeetingDrafts(db: Tx, meetingId: number) {
  return db.task.findMany({
    where: { meetingId, state: "draft" },
    select: { id: true, leadUnitId: true, leadUnit: { select: { name: true } } },
  });
}

/** Back to the default notice choices for these accounts. */
export function resetNoticePrefs(db: Tx, usernames: string[]) {
  return db.user.updateMany({ where: { username: { in: usernames } }, data: { noticePrefs: {} } });
}
