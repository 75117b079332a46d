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

export function createOutboxEmails(tx: Tx, data: Prisma.OutboxEmailCreateManyInput[]) {
  return tx.outboxEmail.createManyAndReturn({ data, select: { id: true, dedupeKey: true } });
}

export function createReminders(tx: Tx, data: Prisma.ReminderCreateManyInput[]) {
  return tx.reminder.createMany({ data });
}

export function findTaskForUrge(db: Db, id: number) {
  return db.task.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      state: true,
      deadline: true,
      leadUnitId: true,
      leaderId: true,
      coUnits: { select: { unitId: true } },
    },
  });
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
