import type { Db } from "../db/open-database.ts";
import type { Prisma } from "../generated/prisma/client.ts";

export type ClaimedEmail = {
  id: number;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
};

/**
 * Claims up to `limit` rows that are due: pending ones whose time has come, and ones a sender claimed but never
 * finished (it died) once their lock ran out. SKIP LOCKED lets two senders take different rows at once.
 */
export function claimDueEmails(db: Db, now: Date, lockUntil: Date, limit: number) {
  return db.$queryRaw<ClaimedEmail[]>`
    UPDATE email_outbox SET status = 'sending', locked_until = ${lockUntil}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM email_outbox
      WHERE (status = 'pending' AND next_attempt_at <= ${now})
         OR (status = 'sending' AND locked_until < ${now})
      ORDER BY id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, to_addresses, cc_addresses, subject, text_body, html_body, attempts`;
}

export function markEmail(db: Db, id: number, data: Prisma.OutboxEmailUpdateInput) {
  return db.outboxEmail.update({ where: { id }, data: { ...data, lockedUntil: null } });
}

export function createOutboxEmail(db: Db | Prisma.TransactionClient, data: Prisma.OutboxEmailCreateInput) {
  return db.outboxEmail.create({ data });
}

export function listOutbox(db: Db, where: Prisma.OutboxEmailWhereInput, take: number) {
  return db.outboxEmail.findMany({
    where,
    orderBy: { id: "desc" },
    take,
    select: {
      id: true,
      kind: true,
      toAddresses: true,
      subject: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      lastError: true,
      sentAt: true,
      createdAt: true,
      _count: { select: { reminders: true } },
    },
  });
}

export function countOutboxByStatus(db: Db) {
  return db.outboxEmail.groupBy({ by: ["status"], _count: { _all: true } });
}

export async function retryFailedEmail(db: Db, id: number, now: Date) {
  const { count } = await db.outboxEmail.updateMany({
    where: { id, status: "failed" },
    data: { status: "pending", nextAttemptAt: now, attempts: 0 },
  });
  return count === 1;
}
