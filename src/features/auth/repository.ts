import type { Db, Tx } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

export function findUserByUsername(db: Db, username: string) {
  return db.user.findUnique({ where: { username } });
}

export function findActiveActor(db: Db, id: number) {
  return db.user.findFirst({
    where: { id, active: true },
    select: {
      id: true,
      username: true,
      name: true,
      role: true,
      unitId: true,
      unit: { select: { name: true } },
      leaderUnits: { select: { unitId: true } },
    },
  });
}

export function findUserById(db: Db, id: number) {
  return db.user.findUnique({ where: { id } });
}

export function updateUser(db: Tx, id: number, data: Prisma.UserUpdateInput) {
  return db.user.update({ where: { id }, data });
}

export function hasActiveDemoUsers(db: Db) {
  return db.user.count({ where: { demo: true, active: true }, take: 1 }).then((n) => n > 0);
}

export function findSession(db: Db, id: string, now: Date) {
  return db.session.findFirst({ where: { id, expiresAt: { gt: now } } });
}

export function saveSession(
  db: Db,
  id: string,
  data: Prisma.InputJsonValue,
  userId: number | null,
  expiresAt: Date,
) {
  return db.session.upsert({
    where: { id },
    create: { id, data, userId, expiresAt },
    update: { data, userId, expiresAt },
  });
}

export function deleteSession(db: Db, id: string) {
  return db.session.deleteMany({ where: { id } });
}

export function deleteUserSessions(db: Tx, userId: number, exceptId?: string) {
  return db.session.deleteMany({ where: { userId, ...(exceptId ? { id: { not: exceptId } } : {}) } });
}

export function deleteExpiredSessions(db: Db, now: Date) {
  return db.session.deleteMany({ where: { expiresAt: { lte: now } } });
}
