import type { Db, Tx } from "../db/open-database.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/**
 * Open tasks that could have a reminder in the window: anything with a deadline up to the longest "due soon"
 * horizon, anything not signed for, anything with a report due. One query; the pure planner decides.
 */
export function listReminderCandidates(db: Db, until: Date) {
  return db.task.findMany({
    where: {
      state: { in: ["assigned", "in_progress", "pending_review"] },
      leadUnitId: { not: null },
      OR: [{ deadline: { lte: until } }, { state: "assigned" }, { nextReportDue: { lte: until } }],
    },
    select: {
      id: true,
      title: true,
      state: true,
      deadline: true,
      assignedAt: true,
      nextReportDue: true,
      leadUnitId: true,
      leaderId: true,
    },
  });
}

export function findRemindersSince(db: Db, since: Date) {
  return db.reminder.findMany({
    where: { onDate: { gt: since } },
    select: { taskId: true, kind: true, onDate: true, recipient: true },
  });
}

export function listUnitContacts(db: Db, unitIds: number[]) {
  return db.unit.findMany({
    where: { id: { in: unitIds } },
    select: {
      id: true,
      name: true,
      emails: true,
      users: { where: { active: true, email: { not: null } }, select: { email: true } },
    },
  });
}

export function listUsersWithEmail(db: Db, where: Prisma.UserWhereInput) {
  return db.user.findMany({
    where: { ...where, active: true, email: { not: null } },
    select: { id: true, name: true, email: true },
  });
}

/** The fields a digest line shows, for tasks carried over from an undelivered digest. */
export function listTasksForDigest(db: Tx, ids: number[]) {
  return db.task.findMany({
    where: { id: { in: ids } },
    select: { id: true, title: true, deadline: true, leadUnit: { select: { name: true } } },
  });
}

/** A reminder of a digest that has not gone out: never sent yet, or waiting for its next attempt. */
export type UndeliveredReminder = {
  outboxId: number;
  recipient: string;
  taskId: number;
  kind: string;
  /** YYYY-MM-DD */
  onDate: string;
};

/** What the undelivered digests of these recipients hold, read only (the preview of a run). */
export function findUndeliveredDigestReminders(db: Tx, recipients: string[]) {
  return db.$queryRaw<UndeliveredReminder[]>`
    SELECT r.outbox_id AS "outboxId", r.recipient, r.task_id AS "taskId", r.kind,
           to_char(r.on_date, 'YYYY-MM-DD') AS "onDate"
    FROM reminders r JOIN email_outbox o ON o.id = r.outbox_id
    WHERE o.status = 'pending' AND o.kind = 'digest' AND r.recipient = ANY(${recipients}::text[])
    ORDER BY r.id`;
}

/**
 * Keeps undelivered digests from being claimed for a while (they are about to be merged): a sender would
 * otherwise take one up during the run, the run could not supersede it, and its person would get two emails
 * when the mail server is back. The hold lapses by itself if the run dies.
 */
export function holdUndeliveredDigests(db: Tx, until: Date) {
  return db.$executeRaw`
    UPDATE email_outbox SET next_attempt_at = ${until}
    WHERE status = 'pending' AND kind = 'digest' AND next_attempt_at < ${until}`;
}

/** Recipients with more than one undelivered digest (one was being sent when the next run came, say). */
export async function listRecipientsWithPiledUpDigests(db: Tx): Promise<string[]> {
  const rows = await db.$queryRaw<{ recipient: string }[]>`
    SELECT r.recipient
    FROM reminders r JOIN email_outbox o ON o.id = r.outbox_id
    WHERE o.status = 'pending' AND o.kind = 'digest'
    GROUP BY r.recipient
    HAVING count(DISTINCT o.id) > 1`;
  return rows.map((r) => r.recipient);
}

/**
 * Takes the undelivered digests of these recipients out of the queue (status superseded) and returns the
 * reminders they held, for the run's new digests to carry. Row locks order this against the sender's claim: a
 * row a sender claimed first is left to it (it may be on its way), and a row superseded first is never claimed.
 */
export async function supersedeUndeliveredDigests(tx: Tx, recipients: string[]) {
  const rows = await tx.$queryRaw<{ id: number }[]>`
    UPDATE email_outbox o SET status = 'superseded'
    WHERE o.status = 'pending' AND o.kind = 'digest'
      AND EXISTS (
        SELECT 1 FROM reminders r WHERE r.outbox_id = o.id AND r.recipient = ANY(${recipients}::text[]))
    RETURNING o.id`;
  if (rows.length === 0) return [];
  return tx.$queryRaw<UndeliveredReminder[]>`
    SELECT r.outbox_id AS "outboxId", r.recipient, r.task_id AS "taskId", r.kind,
           to_char(r.on_date, 'YYYY-MM-DD') AS "onDate"
    FROM reminders r
    WHERE r.outbox_id = ANY(${rows.map((r) => r.id)}::int[])
    ORDER BY r.id`;
}

/** Points superseded digests at the digest that carries their reminders, and moves the reminders there. */
export async function linkSupersededDigests(tx: Tx, links: { oldId: number; newId: number }[]) {
  if (links.length === 0) return;
  const olds = links.map((l) => l.oldId);
  const news = links.map((l) => l.newId);
  await tx.$executeRaw`
    UPDATE email_outbox o SET superseded_by_id = m.new_id
    FROM unnest(${olds}::int[], ${news}::int[]) AS m(old_id, new_id)
    WHERE o.id = m.old_id`;
  await tx.$executeRaw`
    UPDATE reminders r SET outbox_id = m.new_id
    FROM unnest(${olds}::int[], ${news}::int[]) AS m(old_id, new_id)
    WHERE r.outbox_id = m.old_id`;
}

export function createReminders(tx: Tx, data: Prisma.ReminderCreateManyInput[]) {
  return tx.reminder.createMany({ data });
}

/** Many reminder rows in one statement (unnest of arrays): a run can write a hundred thousand. */
export async function insertReminders(
  tx: Tx,
  rows: { taskId: number; kind: string; onDate: string; recipient: string; outboxId: number }[],
) {
  for (let i = 0; i < rows.length; i += 20_000) {
    const chunk = rows.slice(i, i + 20_000);
    await tx.$executeRaw`
      INSERT INTO reminders (task_id, kind, on_date, recipient, outbox_id)
      SELECT * FROM unnest(
        ${chunk.map((r) => r.taskId)}::int[], ${chunk.map((r) => r.kind)}::text[],
        ${chunk.map((r) => r.onDate)}::date[], ${chunk.map((r) => r.recipient)}::text[],
        ${chunk.map((r) => r.outboxId)}::int[])`;
  }
}

export function findSetting(db: Tx, key: string) {
  return db.setting.findUnique({ where: { key } });
}

export function saveSetting(db: Db, key: string, value: Prisma.InputJsonValue) {
  return db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}
