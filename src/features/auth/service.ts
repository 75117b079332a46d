import type { Db } from "../../db/open-database.ts";
import type { Actor, Role } from "../../shared/actor.ts";
import { InvalidInputError } from "../../shared/errors.ts";
import { revokeTokensOfUser } from "../tokens/service.ts";
import { decoyHash, hashPassword, verifyPassword } from "./passwords.ts";
import {
  deleteExpiredSessions,
  deleteUserSessions,
  findActiveActor,
  findUserById,
  findUserByUsername,
  hasActiveDemoUsers,
  updateUser,
} from "./repository.ts";

/**
 * Checks a username and password; returns the user id and whether they must choose a new password first (the
 * office reset it), or null for any failure (no hint which part was wrong).
 */
export async function authenticate(
  db: Db,
  username: string,
  password: string,
  now: Date,
): Promise<{ userId: number; mustChangePassword: boolean } | null> {
  const user = await findUserByUsername(db, username);
  if (!user?.active) {
    await verifyPassword(await decoyHash(), password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  await updateUser(db, user.id, { lastLoginAt: now });
  return { userId: user.id, mustChangePassword: user.mustChangePassword };
}

/** The acting user for a session, or null when the user is gone or disabled. */
export async function loadActor(db: Db, userId: number): Promise<Actor | null> {
  const row = await findActiveActor(db, userId);
  if (!row) return null;
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    role: row.role as Role,
    unitId: row.unitId,
    unitName: row.unit?.name ?? null,
    leaderUnitIds: row.leaderUnits.map((l) => l.unitId),
  };
}

/**
 * Changes the actor's own password, signs out their other sessions and revokes their API tokens; returns how
 * many tokens were revoked, for the page to say so.
 */
export async function changePassword(
  db: Db,
  actor: Actor,
  input: { current: string; password: string },
  sessionId: string,
  now: Date,
): Promise<{ revokedTokens: number }> {
  const user = await findUserById(db, actor.id);
  if (!user || !(await verifyPassword(user.passwordHash, input.current))) {
    throw new InvalidInputError("当前密码不正确", "current");
  }
  if (input.current === input.password) throw new InvalidInputError("新密码不能与当前密码相同", "password");
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await updateUser(tx, actor.id, { passwordHash, demo: false, mustChangePassword: false });
    await deleteUserSessions(tx, actor.id, sessionId);
    return { revokedTokens: await revokeTokensOfUser(tx, actor.id, now) };
  });
}

/** Sessions past their expiry, for the hourly clean-up job; how many were deleted. */
export async function removeExpiredSessions(db: Db, now: Date): Promise<number> {
  return (await deleteExpiredSessions(db, now)).count;
}

/** Whether any demo account can still log in (the layout then warns that this is a demo installation). */
export function hasDemoUsers(db: Db): Promise<boolean> {
  return hasActiveDemoUsers(db);
}
