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
import { ConflictError } from "../../shared/errors.ts";

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

/** Puts a failed email back in the queue (after the address was corrected, say). */
export async function retryMail(db: Db, actor: Actor, id: number, now: Date) {
  requireRole(actor, "office");
  if (!(await retryFailed(db, id, now))) throw new ConflictError("这封邮件不是“发送失败”状态，无需重发");
}

/** Puts every failed email back in the queue at once (after the mail server's problem was fixed); how many. */
export async function retryAllFailedMail(db: Db, actor: Actor, now: Date): Promise<number> {
  requireRole(actor, "office");
  return retryAllFailed(db, now);
}
