// API tokens: each user makes their own for integrations. Only the sha256 of a token is stored, so a database
// copy gives no access; the token itself is shown once, when it is made.
import { createHash, randomBytes } from "node:crypto";
import type { Db, Tx } from "../../db/open-database.ts";
import type { Actor } from "../../shared/actor.ts";
import { InvalidInputError, NotFoundError } from "../../shared/errors.ts";
import {
  createApiToken,
  findApiTokenByHash,
  listApiTokens,
  revokeAllApiTokens,
  revokeApiToken,
  touchApiToken,
} from "./repository.ts";

const tokenPrefix = "duban_";
const maxLiveTokens = 20;
/** lastUsedAt is only as precise as this, which spares a write on every request. */
const touchEveryMs = 60_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function listTokens(db: Db, actor: Actor) {
  return listApiTokens(db, actor.id);
}

/** Makes a token for the actor; the returned `token` is the only time anyone sees it. */
export async function createToken(db: Db, actor: Actor, name: string) {
  const live = (await listApiTokens(db, actor.id)).filter((t) => !t.revokedAt).length;
  if (live >= maxLiveTokens) {
    throw new InvalidInputError(`有效令牌最多 ${maxLiveTokens} 个，请先吊销不再使用的令牌`, "name");
  }
  const token = tokenPrefix + randomBytes(32).toString("base64url");
  const row = await createApiToken(db, { userId: actor.id, name, tokenHash: hashToken(token) });
  return { token, id: row.id, name: row.name };
}

/** Revokes one of the actor's own tokens; someone else's reads as not found, so ids reveal nothing. */
export async function revokeToken(db: Db, actor: Actor, tokenId: number, now: Date) {
  if (!(await revokeApiToken(db, tokenId, actor.id, now))) throw new NotFoundError("令牌不存在或已吊销");
}

/**
 * A token outlives neither a password change nor a disabled account (re-enabling does not bring it back): whoever
 * took over the account may have made it. Returns how many live tokens were revoked.
 */
export function revokeTokensOfUser(db: Tx, userId: number, now: Date): Promise<number> {
  return revokeAllApiTokens(db, userId, now);
}

/**
 * The user behind a bearer token, or null for an unknown or revoked one; the caller loads the Actor the pages use
 * (null for a disabled user), so every service rule applies to the API unchanged.
 */
export async function tokenOwner(db: Db, token: string, now: Date): Promise<number | null> {
  if (!token.startsWith(tokenPrefix)) return null;
  const row = await findApiTokenByHash(db, hashToken(token));
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= touchEveryMs) {
    await touchApiToken(db, row.id, now, new Date(now.getTime() - touchEveryMs));
  }
  return row.userId;
}
