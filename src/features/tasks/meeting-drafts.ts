// What a change to a meeting means for its drafts: a corrected meeting date moves the deadlines the extractor
// worked out from it ("一个月内", "6月底前"), and deleting a wrongly imported record takes its drafts with it.
// The meetings feature calls these inside its own transaction.
import type { Db, Tx } from "../../db/open-database.ts";
import { findDeadline } from "../../extract/deadline.ts";
import type { Actor } from "../../shared/actor.ts";
import { type CalendarDate, fromDbDateOrNull, toDbDate } from "../../shared/calendar-date.ts";
import { ConflictError } from "../../shared/errors.ts";
import { recordDeadlineMoves } from "./deadline-moves.ts";
import { extractionContext } from "./drafts.ts";
import {
  countHandedOutTasks,
  countMeetingMentions,
  deleteMeetingDraftTasks,
  listDerivedDeadlineDrafts,
  updateTask,
} from "./repository.ts";

export type RedatedDraft = {
  taskId: number;
  title: string;
  deadlineText: string;
  from: CalendarDate | null;
  to: CalendarDate | null;
};

/**
 * The drafts whose deadline a meeting on `heldOn` would put elsewhere: the same phrase is read again from the
 * draft's text with the new date. A draft whose phrase is no longer found the same way is left alone.
 */
export async function draftsToRedate(db: Tx, meetingId: number, heldOn: CalendarDate | null) {
  const drafts = await listDerivedDeadlineDrafts(db, meetingId);
  if (drafts.length === 0) return [];
  const ctx = await extractionContext(db, heldOn);
  const moved: RedatedDraft[] = [];
  for (const draft of drafts) {
    const found = findDeadline(draft.sourceText ?? draft.deadlineText!, ctx);
    if (!found || found.text !== draft.deadlineText) continue;
    const from = fromDbDateOrNull(draft.deadline);
    if (found.date !== from)
      moved.push({ taskId: draft.id, title: draft.title, deadlineText: found.text, from, to: found.date });
  }
  return moved;
}

/** Moves the drafts' deadlines, each with an event saying from what to what and why. */
export async function redateDrafts(tx: Tx, actor: Actor, moved: RedatedDraft[], now: Date) {
  for (const m of moved) {
    await updateTask(tx, m.taskId, {
      deadline: m.to ? toDbDate(m.to) : null,
      deadlineNeedsConfirmation: m.to === null,
    });
  }
  await recordDeadlineMoves(tx, actor, moved, "会议日期更正", now);
}

/**
 * Whether the meeting's record may still be deleted: none of its tasks was ever handed out, and none of its
 * directives was linked to an open task (that task's history names the meeting).
 */
export async function mayDeleteMeeting(db: Db | Tx, meetingId: number): Promise<boolean> {
  return (await deleteRefusal(db, meetingId)) === null;
}

async function deleteRefusal(db: Db | Tx, meetingId: number): Promise<string | null> {
  if ((await countHandedOutTasks(db, meetingId)) > 0)
    return "这份纪要已有事项交办，不能删除；如需停办，请在事项页面撤销";
  if ((await countMeetingMentions(db, meetingId)) > 0) return "这份纪要已有事项关联到已交办的事项，不能删除";
  return null;
}

export async function deleteMeetingDrafts(tx: Tx, meetingId: number) {
  const refusal = await deleteRefusal(tx, meetingId);
  if (refusal) throw new ConflictError(refusal);
  await deleteMeetingDraftTasks(tx, meetingId);
}
