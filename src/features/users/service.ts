import type { Db } from "../../db/open-database.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { InvalidInputError, NotFoundError } from "../../shared/errors.ts";
import { hashPassword } from "../auth/passwords.ts";
import { revokeTokensOfUser } from "../tokens/service.ts";
import {
  countActiveOffice,
  countUnits,
  createUser,
  deleteSessionsOf,
  findUnitById,
  findUserById,
  findUserByUsername,
  listUsers,
  setUserActive,
} from "./repository.ts";
import type { NewUser } from "./schemas.ts";

export async function listAccounts(db: Db, actor: Actor) {
  requireRole(actor, "office");
  return listUsers(db);
}

/** Creates an account. `actor` is null only for the command line, which runs as the operator. */
export async function createAccount(db: Db, actor: Actor | null, input: NewUser) {
  if (actor) requireRole(actor, "office");
  if (await findUserByUsername(db, input.username)) {
    throw new InvalidInputError(`用户名“${input.username}”已被使用`, "username");
  }
  if (input.role === "unit") {
    if (!input.unitId) throw new InvalidInputError("责任单位账号必须选择所属单位", "unitId");
    if (!(await findUnitById(db, input.unitId))) throw new InvalidInputError("所选单位不存在", "unitId");
  }
  if (input.role === "leader" && input.leaderUnitIds.length > 0) {
    const units = [...new Set(input.leaderUnitIds)];
    if ((await countUnits(db, units)) !== units.length) {
      throw new InvalidInputError("所选分管单位不存在");
    }
  }
  return createUser(db, {
    username: input.username,
    name: input.name,
    email: input.email ?? null,
    role: input.role,
    unitId: input.role === "unit" ? input.unitId : null,
    passwordHash: await hashPassword(input.password),
    leaderUnits:
      input.role === "leader" && input.leaderUnitIds.length > 0
        ? { create: [...new Set(input.leaderUnitIds)].map((unitId) => ({ unitId })) }
        : undefined,
  });
}

/**
 * Disables or re-enables an account; a disabled user is signed out everywhere at once and their API tokens are
 * revoked for good (re-enabling does not bring them back).
 */
export async function setAccountActive(db: Db, actor: Actor, userId: number, active: boolean, now: Date) {
  requireRole(actor, "office");
  const user = await findUserById(db, userId);
  if (!user) throw new NotFoundError("账号不存在");
  if (!active && user.id === actor.id) throw new InvalidInputError("不能停用自己的账号");
  if (!active && user.role === "office" && (await countActiveOffice(db)) <= 1) {
    throw new InvalidInputError("至少要保留一个可用的督查室账号");
  }
  await db.$transaction(async (tx) => {
    await setUserActive(tx, userId, active);
    if (active) return;
    await deleteSessionsOf(tx, userId);
    await revokeTokensOfUser(tx, userId, now);
  });
}
