import type { Db, Tx } from "../db/open-database.ts";
import type { Prisma } from "../generated/prisma/client.ts";

export type ClaimedEmail = {
  id: number;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
  message_id: string;
};

/**
 * Claims one due row: pending and its time has come, or claimed by a sender that stopped renewing (it died).
 * SKIP LOCKED lets several senders take different rows at once. The expiry is on the database's clock, which
 * every instance shares; the app's clock (simulated in tests) only decides when a row is due. The first claim
 * fixes the row's Message-ID.
 */
export async function claimNextEmail(
  db: Db,
  input: { now: Date; token: string; claimMs: number; messageIdHost: string },
): Promise<ClaimedEmail | null> {
  const rows = await db.$queryRaw<ClaimedEmail[]>`
    UPDATE email_outbox
    SET status = 'sending',
        claim_token = ${input.token},
        locked_until = clock_timestamp() + ${Math.ceil(input.claimMs)}::int * interval '1 millisecond',
        attempts = attempts + 1,
        message_id = COALESCE(
          message_id,
          '<outbox-' || id || '.' || left(md5(dedupe_key), 12) || '@' || ${input.messageIdHost} || '>')
    WHERE id = (
      SELECT id FROM email_outbox
      WHERE (status = 'pending' AND next_attempt_at <= ${input.now})
         OR (status = 'sending' AND locked_until < clock_timestamp())
      ORDER BY id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, to_addresses, cc_addresses, subject, text_body, html_body, attempts, message_id`;
  return rows[0] ?? null;
}

/** Extends a claim that is still this sender's; false when it is not (taken over after it lapsed). */
export async function renewClaim(db: Db, id: number, token: string, claimMs: number): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE email_outbox
    SET locked_until = clock_timestamp() + ${Math.ceil(claimMs)}::int * interval '1 millisecond'
    WHERE id = ${id} AND claim_token = ${token} AND status = 'sending'`;
  return count === 1;
}

/**
 * Records how an attempt went, only while the row is still this sender's claim: a sender whose claim lapsed and
 * was taken over must not overwrite what the new holder did (mark a delivered row for retry, say).
 */
export async function markEmail(
  db: Db,
  id: number,
  token: string,
  data: Pick<Prisma.OutboxEmailUpdateManyMutationInput, "status" | "sentAt" | "lastError" | "nextAttemptAt">,
): Promise<boolean> {
  const { count } = await db.outboxEmail.updateMany({
    where: { id, claimToken: token, status: "sending" },
    data: { ...data, lockedUntil: null, claimToken: null },
  });
  return count === 1;
}

export function createOutboxEmails(
  tx: Tx,
  data: Prisma.OutboxEmailCreateManyInput[],
  o: { skipDuplicates?: boolean } = {},
) {
  return tx.outboxEmail.createManyAndReturn({
    data,
    select: { id: true, dedupeKey: true },
    ...(o.skipDuplicates ? { skipDuplicates: true } : {}),
  });
}

/** The ids of the outbox rows with these dedupe keys. */
export function findOutboxIds(tx: Tx, dedupeKeys: string[]) {
  return tx.outboxEmail.findMany({
    where: { dedupeKey: { in: dedupeKeys } },
    select: { id: true, dedupeKey: true },
  });
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
      ccAddresses: true,
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

export function countOutbox(db: Db, where: Prisma.OutboxEmailWhereInput) {
  return db.outboxEmail.count({ where });
}

export function countOutboxByStatus(db: Db) {
  return db.outboxEmail.groupBy({ by: ["status"], _count: { _all: true } });
}

/** A row with neither To nor Cc: written failed because no one had an address, and no retry can send it. */
const unaddressed = {
  toAddresses: { isEmpty: true },
  ccAddresses: { isEmpty: true },
} satisfies Prisma.OutboxEmailWhereInput;

export async function retryFailedEmail(db: Db, id: number, now: Date) {
  const { count } = await db.outboxEmail.updateMany({
    where: { id, status: "failed", NOT: unaddressed },
    data: { status: "pending", nextAttemptAt: now, attempts: 0 },
  });
  return count === 1;
}

/** Whether this row exists and has no address at all. */
export async function isUnaddressedEmail(db: Db, id: number): Promise<boolean> {
  return (await db.outboxEmail.count({ where: { id, ...unaddressed } })) === 1;
}

/** Every failed row that has an address back in the queue; returns how many. */
export async function retryAllFailedEmails(db: Db, now: Date): Promise<number> {
  const { count } = await db.outboxEmail.updateMany({
    where: { status: "failed", NOT: unaddressed },
    data: { status: "pending", nextAttemptAt: now, attempts: 0 },
  });
  return count;
}

/** Failed rows no retry can send: they wait for an address someone has yet to enter. */
export function countUnaddressedFailed(db: Db): Promise<number> {
  return db.outboxEmail.count({ where: { status: "failed", ...unaddressed } });
}
