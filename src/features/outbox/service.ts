import type { Db } from "../../db/open-database.ts";
import {
  countOutboxByStatus,
  listOutbox,
  retryAllFailedEmails,
  retryFailedEmail,
} from "../../email/repository.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { ConflictError } from "../../shared/errors.ts";

export const outboxStatuses = ["pending", "sending", "sent", "failed", "superseded"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];
export const outboxStatusNames: Record<OutboxStatus, string> = {
  pending: "待发送",
  sending: "发送中",
  sent: "已发送",
  failed: "发送失败",
  superseded: "已并入新提醒",
};

/** The office's view of outgoing mail, failed first by default. */
export async function listOutgoingMail(db: Db, actor: Actor, status: OutboxStatus | null) {
  requireRole(actor, "office");
  const [rows, counts] = await Promise.all([
    listOutbox(db, status ? { status } : {}, 200),
    countOutboxByStatus(db),
  ]);
  const byStatus = Object.fromEntries(outboxStatuses.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  for (const c of counts) byStatus[c.status as OutboxStatus] = c._count._all;
  return { rows, byStatus };
}

/** Puts a failed email back in the queue (after the address was corrected, say). */
export async function retryMail(db: Db, actor: Actor, id: number, now: Date) {
  requireRole(actor, "office");
  if (!(await retryFailedEmail(db, id, now))) throw new ConflictError("这封邮件不是“发送失败”状态，无需重发");
}

/** Puts every failed email back in the queue at once (after the mail server's problem was fixed); how many. */
export async function retryAllFailedMail(db: Db, actor: Actor, now: Date): Promise<number> {
  requireRole(actor, "office");
  return retryAllFailedEmails(db, now);
}
