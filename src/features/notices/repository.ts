import type { Db, Tx } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

/** What a notice says about its task, read inside the event's transaction. */
export function findNoticeTask(tx: Tx, taskId: number) {
  return tx.task.findUnique({
    where: { id: taskId },
    select: {
      id: true,
      title: true,
      deadline: true,
      ongoing: true,
      repeatCount: true,
      leadUnitId: true,
      leadUnit: { select: { name: true } },
      coUnits: { select: { unitId: true } },
    },
  });
}

const recipientSelect = {
  id: true,
  name: true,
  email: true,
  unitId: true,
  noticePrefs: true,
  unit: { select: { name: true } },
} as const;

/** These units with their contact addresses and active accounts, in the order asked for. */
export async function listNoticeUnits(tx: Tx, unitIds: number[]) {
  const units = await tx.unit.findMany({
    where: { id: { in: unitIds } },
    select: {
      id: true,
      name: true,
      emails: true,
      users: { where: { active: true, role: "unit" }, select: recipientSelect, orderBy: { id: "asc" } },
    },
  });
  return unitIds.flatMap((id) => units.filter((u) => u.id === id));
}

/** The active office accounts. */
export function listOfficeAccounts(tx: Tx) {
  return tx.user.findMany({
    where: { active: true, role: "office" },
    select: recipientSelect,
    orderBy: { id: "asc" },
  });
}

export function findReportForNotice(tx: Tx, reportId: number) {
  return tx.progressReport.findUnique({ where: { id: reportId }, select: { body: true } });
}

/** The task's latest extension request: the one just asked for, or just decided (one is pending at a time). */
export function findLatestExtension(tx: Tx, taskId: number) {
  return tx.extensionRequest.findFirst({
    where: { taskId },
    orderBy: { id: "desc" },
    select: {
      status: true,
      originalDeadline: true,
      requestedDeadline: true,
      reason: true,
      decisionNote: true,
    },
  });
}

export function findUnitName(tx: Tx, unitId: number) {
  return tx.unit.findUnique({ where: { id: unitId }, select: { name: true } });
}

export function createNotices(tx: Tx, data: Prisma.NoticeCreateManyInput[]) {
  return tx.notice.createMany({ data });
}

/** Digest notices no digest has taken yet, with their task and person, oldest first. */
export function listWaitingDigestNotices(db: Tx) {
  return db.notice.findMany({
    // A person disabled since is not written to; their notices stay, untaken, for the task page's record.
    where: { digest: true, outboxId: null, user: { active: true } },
    orderBy: { id: "asc" },
    select: {
      id: true,
      kind: true,
      line: true,
      createdAt: true,
      task: { select: { id: true, title: true } },
      user: { select: { id: true, name: true, email: true, unit: { select: { name: true } } } },
    },
  });
}

/** Hands waiting notices to their digest; the count tells whether another run took some meanwhile. */
export async function takeNoticesForDigest(tx: Tx, ids: number[], outboxId: number): Promise<number> {
  const { count } = await tx.notice.updateMany({
    where: { id: { in: ids }, outboxId: null },
    data: { outboxId },
  });
  return count;
}

/** The task page's list: who was told of what, and how their email went. */
export function listNoticesOfTask(db: Db, taskId: number) {
  return db.notice.findMany({
    where: { taskId },
    orderBy: { id: "asc" },
    select: {
      kind: true,
      digest: true,
      createdAt: true,
      user: { select: { name: true, unit: { select: { name: true } } } },
      unit: { select: { name: true } },
      outbox: { select: { status: true, sentAt: true, lastError: true, toAddresses: true } },
    },
  });
}

export function findNoticePrefs(db: Db, userId: number) {
  return db.user.findUnique({ where: { id: userId }, select: { noticePrefs: true } });
}

export function updateNoticePrefs(db: Db, userId: number, prefs: Prisma.InputJsonObject) {
  return db.user.update({ where: { id: userId }, data: { noticePrefs: prefs }, select: { id: true } });
}

/** Deletes the notices of these tasks and the emails that carry only them (not yet sent: the demo seed's). */
export async function deleteNoticesOfTasks(tx: Tx, taskIds: number[]): Promise<number> {
  const notices = await tx.notice.findMany({
    where: { taskId: { in: taskIds } },
    select: { outboxId: true },
  });
  const outboxIds = [...new Set(notices.flatMap((n) => (n.outboxId === null ? [] : [n.outboxId])))];
  const { count } = await tx.notice.deleteMany({ where: { taskId: { in: taskIds } } });
  await tx.outboxEmail.deleteMany({
    where: {
      id: { in: outboxIds },
      kind: { in: ["notice", "notice_digest"] },
      status: { in: ["pending", "failed"] },
      notices: { none: {} },
    },
  });
  return count;
}
