import type { Db, Tx } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

export function findMeetingByHash(db: Tx, contentHash: string) {
  return db.meeting.findUnique({
    where: { contentHash },
    select: { id: true, title: true, createdAt: true },
  });
}

export function createMeeting(tx: Tx, data: Prisma.MeetingUncheckedCreateInput) {
  return tx.meeting.create({ data });
}

export function listMeetings(db: Db) {
  return db.meeting.findMany({
    orderBy: [{ heldOn: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    select: {
      id: true,
      title: true,
      kind: true,
      heldOn: true,
      chair: true,
      createdAt: true,
      _count: { select: { tasks: true } },
    },
  });
}

export function listRecentImports(db: Db, take: number) {
  return db.meeting.findMany({
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, title: true, heldOn: true, createdAt: true, _count: { select: { tasks: true } } },
  });
}

export function findMeeting(db: Tx, id: number) {
  return db.meeting.findUnique({
    where: { id },
    select: { id: true, title: true, kind: true, heldOn: true, chair: true },
  });
}

export function updateMeeting(tx: Tx, id: number, data: Prisma.MeetingUncheckedUpdateInput) {
  return tx.meeting.update({ where: { id }, data });
}

export function deleteMeetingRow(tx: Tx, id: number) {
  return tx.meeting.delete({ where: { id } });
}
