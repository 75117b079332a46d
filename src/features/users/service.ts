import { randomInt } from "node:crypto";
import type { Db, Tx } from "../../db/open-database.ts";
import { type Actor, type Role, requireRole } from "../../shared/actor.ts";
import { InvalidInputError, NotFoundError } from "../../shared/errors.ts";
import { hashPassword } from "../auth/passwords.ts";
import { revokeTokensOfUser } from "../tokens/service.ts";
import {
  countUnits,
  createUser,
  deleteSessionsOf,
  findUnitById,
  findUserById,
  findUserByUsername,
  listUsers,
  lockActiveOfficeIds,
  replaceLeaderUnits,
  updateUser,
} from "./repository.ts";
import type { AccountPatch, NewUser } from "./schemas.ts";

/** Only the office keeps accounts; routes ask before they read a form, so others get 403, not its errors. */
export function requireAccountKeeper(actor: Actor) {
  requireRole(actor, "office");
}

export async function listAccounts(db: Db, actor: Actor, q?: string) {
  requireAccountKeeper(actor);
  const users = await listUsers(db);
  if (!q) return users;
  const key = q.toLowerCase();
  return users.filter(
    (u) => u.username.includes(key) || u.name.includes(q) || (u.unit?.name.includes(q) ?? false),
  );
}

export async function getAccount(db: Db, actor: Actor, id: number) {
  requireAccountKeeper(actor);
  const user = await findUserById(db, id);
  if (!user) throw new NotFoundError("账号不存在");
  return user;
}

/**
 * The unit and 分管 units a role needs, checked: a unit account needs a unit in use (or the one it already has),
 * a leader's 分管 units must exist; other roles keep neither.
 */
async function roleUnits(
  tx: Tx,
  role: Role,
  unitId: number | null | undefined,
  leaderUnitIds: number[],
  currentUnitId: number | null = null,
) {
  if (role === "unit") {
    if (!unitId) throw new InvalidInputError("责任单位账号必须选择所属单位", "unitId");
    const unit = await findUnitById(tx, unitId);
    if (!unit || (!unit.active && unit.id !== currentUnitId)) {
      throw new InvalidInputError("所选单位不存在或已停用", "unitId");
    }
  }
  const leaderUnits = role === "leader" ? [...new Set(leaderUnitIds)] : [];
  if (leaderUnits.length > 0 && (await countUnits(tx, leaderUnits)) !== leaderUnits.length) {
    throw new InvalidInputError("所选分管单位不存在", "leaderUnitIds");
  }
  return { unitId: role === "unit" ? unitId! : null, leaderUnits };
}

/** Creates an account. `actor` is null only for the command line, which runs as the operator. */
export async function createAccount(db: Db, actor: Actor | null, input: NewUser) {
  if (actor) requireAccountKeeper(actor);
  if (await findUserByUsername(db, input.username)) {
    throw new InvalidInputError(`用户名“${input.username}”已被使用`, "username");
  }
  const { unitId, leaderUnits } = await roleUnits(db, input.role, input.unitId, input.leaderUnitIds);
  return createUser(db, {
    username: input.username,
    name: input.name,
    email: input.email ?? null,
    role: input.role,
    unitId,
    passwordHash: await hashPassword(input.password),
    leaderUnits: leaderUnits.length > 0 ? { create: leaderUnits.map((id) => ({ unitId: id })) } : undefined,
  });
}

/**
 * Refuses a change that would leave no active office account (no one could then keep the directory or the
 * accounts). Inside the change's transaction, with the office rows locked, so two such changes cannot both pass.
 */
async function keepAnOfficeAccount(tx: Tx, userId: number) {
  const office = await lockActiveOfficeIds(tx);
  if (office.length === 1 && office[0] === userId) {
    throw new InvalidInputError(
      "这是最后一个可用的督查室账号，不能停用或改为其他角色，请先为他人开通督查室账号",
    );
  }
}

/** Signs the user out everywhere and revokes their API tokens: after a disable or a password reset. */
async function endAccess(tx: Tx, userId: number, now: Date) {
  await deleteSessionsOf(tx, userId);
  await revokeTokensOfUser(tx, userId, now);
}

/**
 * Changes an account (absent fields stay). Changing the role drops what the old role needed (a unit, 分管 units);
 * `active: false` signs the user out everywhere and revokes their API tokens. Returns the updated account.
 */
export async function updateAccount(db: Db, actor: Actor, userId: number, patch: AccountPatch, now: Date) {
  requireAccountKeeper(actor);
  if (patch.active === false && userId === actor.id) throw new InvalidInputError("不能停用自己的账号");
  await db.$transaction(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw new NotFoundError("账号不存在");
    const role = patch.role ?? (user.role as Role);
    const leavesOffice =
      user.role === "office" && user.active && (role !== "office" || patch.active === false);
    if (leavesOffice) await keepAnOfficeAccount(tx, userId);
    const roleChanged =
      patch.role !== undefined || patch.unitId !== undefined || patch.leaderUnitIds !== undefined;
    const units = roleChanged
      ? await roleUnits(
          tx,
          role,
          patch.unitId !== undefined ? patch.unitId : user.unitId,
          patch.leaderUnitIds ?? user.leaderUnits.map((l) => l.unitId),
          user.unitId,
        )
      : null;
    await updateUser(tx, userId, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.email !== undefined ? { email: patch.email } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(units ? { role, unitId: units.unitId } : {}),
    });
    if (units) await replaceLeaderUnits(tx, userId, units.leaderUnits);
    if (patch.active === false && user.active) await endAccess(tx, userId, now);
  });
  return getAccount(db, actor, userId);
}

/**
 * Disables or re-enables an account; a disabled user is signed out everywhere at once and their API tokens are
 * revoked for good (re-enabling does not bring them back).
 */
export async function setAccountActive(db: Db, actor: Actor, userId: number, active: boolean, now: Date) {
  return updateAccount(db, actor, userId, { active }, now);
}

// No 0/O, 1/l/I: the clerk reads it out or writes it down for the person.
const passwordAlphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A one-time password: 12 characters in three groups, always with a letter and a digit (passwordRule). */
export function temporaryPassword(): string {
  for (;;) {
    const chars = Array.from({ length: 12 }, () => passwordAlphabet[randomInt(passwordAlphabet.length)]);
    const password = [0, 4, 8].map((i) => chars.slice(i, i + 4).join("")).join("-");
    if (/\d/.test(password) && /[A-Za-z]/.test(password)) return password;
  }
}

/**
 * Gives the account a new random password, returned for the office to hand over (it is shown once and stored
 * only hashed). The user is signed out everywhere, their API tokens are revoked, and at the next sign-in they
 * must choose their own password before anything else.
 */
export async function resetPassword(db: Db, actor: Actor, userId: number, now: Date) {
  requireAccountKeeper(actor);
  if (userId === actor.id) {
    throw new InvalidInputError("不能重置自己的密码，请在“我的账号”中修改");
  }
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw new NotFoundError("账号不存在");
    await updateUser(tx, userId, { passwordHash, mustChangePassword: true, demo: false });
    await endAccess(tx, userId, now);
    return user;
  });
  return { user, password };
}
