// A directive that asks again for an open task ("会议再次强调…", "继续抓好…", or the same subject and unit) is
// linked to it rather than becoming a second task. At import each draft is compared with the open tasks
// (src/extract/repeat-match.ts) and the likely ones are kept on the draft as candidates; on the review page (or
// through the API) the office links the draft to one of them or declines. Linking removes the draft and, in one
// transaction, gives the task a mention of the new meeting with its text, counts the repetition (第2次强调), puts
// an event in its history and tells its units. A repeated task is yellow at least while open (light.ts).
import { claimFormKey } from "../../db/form-submissions.ts";
import type { Db, Tx } from "../../db/open-database.ts";
import { findRepeats, type OpenTaskText, type RepeatProbe } from "../../extract/repeat-match.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { fromDbDateOrNull } from "../../shared/calendar-date.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../../shared/errors.ts";
import { notifyEvent, transactionWithNotices } from "../notices/service.ts";
import {
  countRepeat,
  createMention,
  createTaskEvent,
  deleteDraft,
  findMeetingRecord,
  findRepeatTarget,
  findTaskForEdit,
  listOpenTasksForRepeats,
  setLinkCandidates,
} from "./repository.ts";
import { openStates, type TaskState } from "./states.ts";

/** A candidate as kept on the draft (tasks.link_candidates) and shown: the task and why it was offered. */
export type LinkCandidate = { taskId: number; why: string };

/** How many open tasks a record is compared with: the units' newest, and as many of the newest overall. */
const openTasksCompared = 3000;

type OpenTaskRow = Awaited<ReturnType<typeof listOpenTasksForRepeats>>[number];

function openTaskText(t: OpenTaskRow): OpenTaskText {
  return {
    id: t.id,
    title: t.title,
    topic: t.topic,
    sourceText: t.sourceText,
    unitNames: [t.leadUnit?.name, ...t.coUnits.map((c) => c.unit.name)].filter((n) => n !== undefined),
    meetingTitle: t.meeting?.title ?? null,
    heldOn: fromDbDateOrNull(t.meeting?.heldOn ?? null),
  };
}

/**
 * The candidates for each of a record's directives, in order; called by the import inside its transaction. The
 * open tasks are read once for the whole record.
 */
export async function findLinkCandidates(
  tx: Tx,
  probes: (RepeatProbe & { unitIds: number[] })[],
): Promise<LinkCandidate[][]> {
  if (probes.length === 0) return [];
  const unitIds = [...new Set(probes.flatMap((p) => p.unitIds))];
  const open = (await listOpenTasksForRepeats(tx, unitIds, openTasksCompared)).map(openTaskText);
  return probes.map((p) => findRepeats(p, open).map((c) => ({ taskId: c.taskId, why: c.why })));
}

/** The stored JSON read back; anything malformed is dropped rather than shown. */
export function candidatesOf(stored: unknown): LinkCandidate[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter(
    (c): c is LinkCandidate =>
      typeof c === "object" && c !== null && Number.isInteger(c.taskId) && typeof c.why === "string",
  );
}

async function loadDraft(tx: Tx, actor: Actor, meetingId: number, draftId: number) {
  requireRole(actor, "office");
  const draft = await findTaskForEdit(tx, draftId);
  if (!draft || draft.meetingId !== meetingId) throw new NotFoundError("事项不存在");
  if (draft.state !== "draft") throw new ConflictError("该事项已交办，不能再关联到已有事项");
  return draft;
}

/**
 * Links a draft to the open task it repeats. Any open task may be chosen, not only an offered one: the office
 * knows repeats the matcher does not. Returns the task and how many times it has now been asked for.
 */
export async function linkDraft(
  db: Db,
  actor: Actor,
  meetingId: number,
  draftId: number,
  taskId: number,
  now: Date,
  formKey?: string,
) {
  return transactionWithNotices(db, async (tx) => {
    await claimFormKey(tx, formKey, actor.id);
    const draft = await loadDraft(tx, actor, meetingId, draftId);
    const target = await findRepeatTarget(tx, taskId);
    if (!target) throw new InvalidInputError("要关联的事项不存在", "taskId");
    if (!openStates.includes(target.state as TaskState))
      throw new InvalidInputError(`事项 #${taskId} 已办结或已撤销，不能关联；请作为新事项交办`, "taskId");
    const meeting = (await findMeetingRecord(tx, meetingId))!;
    try {
      await createMention(tx, {
        taskId,
        meetingId,
        sourceText: draft.sourceText ?? draft.title,
        sourceStart: draft.sourceStart,
        sourceEnd: draft.sourceEnd,
        linkedById: actor.id,
        createdAt: now,
      });
    } catch (error) {
      if ((error as { code?: string }).code === "P2002")
        throw new ConflictError(`本次会议已有一项关联到事项 #${taskId}，同一次会议只计一次`);
      throw error;
    }
    const { repeatCount } = await countRepeat(tx, taskId);
    try {
      await deleteDraft(tx, draftId);
    } catch (error) {
      // Another clerk linked, merged or deleted this draft while this ran: nothing of this link is kept.
      if ((error as { code?: string }).code === "P2025")
        throw new ConflictError("该事项刚被他人处理，请刷新页面后再核对");
      throw error;
    }
    const note = meeting.title;
    const event = await createTaskEvent(tx, {
      taskId,
      actorId: actor.id,
      action: "repeat",
      note,
      after: { meetingId, repeatCount, text: draft.sourceText ?? draft.title },
      createdAt: now,
    });
    await notifyEvent(tx, actor, event, "repeat", now);
    return { taskId, title: target.title, repeatCount };
  });
}

/** The office says the draft is not that task: the candidate is no longer offered. Saying it twice is the same. */
export async function declineLink(db: Db, actor: Actor, meetingId: number, draftId: number, taskId: number) {
  await db.$transaction(async (tx) => {
    const draft = await loadDraft(tx, actor, meetingId, draftId);
    const left = candidatesOf(draft.linkCandidates).filter((c) => c.taskId !== taskId);
    await setLinkCandidates(tx, draftId, left);
  });
}
