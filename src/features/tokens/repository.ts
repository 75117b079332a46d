import type { Db, Tx } from "../../db/open-database.ts";

export function createApiToken(db: Db, data: { userId: number; name: string; tokenHash: string }) {
  return db.apiToken.create({ data });
}

export function listApiTokens(db: Db, userId: number) {
  return db.apiToken.findMany({
    where: { userId },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { id: "desc" }],
  });
}

export function findApiTokenByHash(db: Db, tokenHash: string) {
  return db.apiToken.findUnique({
    where: { tokenHash },
    select: { id: true, userId: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Revokes one of the user's own tokens; false when there is no such live token of theirs. */
export async function revokeApiToken(db: Db, id: number, userId: number, now: Date) {
  const { count } = await db.apiToken.updateMany({
    where: { id, userId, revokedAt: null },
    data: { revokedAt: now },
  });
  return count === 1;
}

export async function revokeAllApiTokens(db: Tx, userId: number, now: Date) {
  const { count } = await db.apiToken.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: now },
  });
  return count;
}

/** Records use only when the last record is older than `staleBefore`, so busy tokens do not write per request. */
export function touchApiToken(db: Db, id: number, now: Date, staleBefore: Date) {
  return db.apiToken.updateMany({
    where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
    data: { lastUsedAt: now },
  });
}
