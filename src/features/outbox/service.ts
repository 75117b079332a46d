// The office's view of outgoing mail (src/email/outbox.ts holds the rows and the sender).
import type { Db } from "../../db/open-database.ts";
import {
  countOutboxRows,
  listOutboxRows,
  type OutboxStatus,
  retryAllFailed,
  retryFailed,
} from "../../email/outbox.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { ConflictError, InvalidInputError } from "../../shared/errors.ts";

export { type OutboxStatus, outboxStatuses } from "../../email/outbox.ts";

export const outboxStatusNames: Record<OutboxStatus, string> = {
  pending: "待发送",
  sending: "发送中",
  sent: "已发送",
  failed: "发送失败",
  superseded: "已并入新提醒",
};

/** Outgoing mail, latest first, with the count of each status. */
export async function listOutgoingMail(db: Db, actor: Actor, status: OutboxStatus | null) {
  requireRole(actor, "office");
  return listOutboxRows(db, status, 200);
}

/** How many emails failed for good: what /outbox?status=failed lists, for the office's home page. */
export async function countFailedMail(db: Db, actor: Actor): Promise<number> {
  requireRole(actor, "office");
  return countOutboxRows(db, "failed");
}

/**
 * Puts a failed email back in the queue (after the mail server's refusal was dealt with, say). One written with no
 * address (no one to send it to) is refused and left as it is: a retry goes to the row's own addresses, so it
 * could only fail again, and in the transport's English.
 */
export async function retryMail(db: Db, actor: Actor, id: number, now: Date) {
  requireRole(actor, "office");
  const outcome = await retryFailed(db, id, now);
  if (outcome === "no_address") throw new InvalidInputError(noAddressRetry);
  if (outcome === "not_failed") throw new ConflictError("这封邮件不是“发送失败”状态，无需重发");
}

export const noAddressRetry =
  "这封邮件没有收件地址，重发也无法送达，已保持“发送失败”。请先在单位管理中填写联系邮箱或在账号管理中补充邮箱，此后的通知将发往这些地址。";

/**
 * Puts every failed email that has an address back in the queue at once (after the mail server's problem was
 * fixed); how many, and how many were left for want of an address.
 */
export async function retryAllFailedMail(db: Db, actor: Actor, now: Date) {
  requireRole(actor, "office");
  return retryAllFailed(db, now);
}
