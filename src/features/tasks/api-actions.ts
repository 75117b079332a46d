// The task operations only an integration needs in this shape: a partial edit (the page always sends the whole
// form) and handing out a meeting's drafts without listing them. Both end in the page's own service functions,
// so every rule and the history are the same.
import type { Db } from "../../db/open-database.ts";
import type { Actor } from "../../shared/actor.ts";
import { type CalendarDate, fromDbDateOrNull } from "../../shared/calendar-date.ts";
import { InvalidInputError, NotFoundError } from "../../shared/errors.ts";
import { editTask, getReview } from "./drafts.ts";
import { candidatesOf } from "./repeat-links.ts";
import type { ReportCycle } from "./report-cycles.ts";
import { findTaskForEdit, listMeetingTasks } from "./repository.ts";
import type { DraftInput } from "./schemas.ts";
import { assignTasks } from "./service.ts";
import { checkAction, checkLoadedTask } from "./transitions.ts";

export type TaskPatch = {
  title?: string;
  leadUnitId?: number | null;
  coUnitIds?: number[];
  leaderId?: number | null;
  deadline?: CalendarDate | null;
  ongoing?: boolean;
  reportCycle?: ReportCycle;
  deadlineReason?: string;
};

/** PATCH: the fields given replace the task's, the others stay; then the edit is the page's edit. */
export async function patchTask(db: Db, actor: Actor, taskId: number, patch: TaskPatch, now: Date) {
  const task = checkLoadedTask(actor, await findTaskForEdit(db, taskId), "edit");
  const input: DraftInput = {
    title: patch.title ?? task.title,
    leadUnitId:
      patch.leadUnitId === undefined ? (task.leadUnitId ?? undefined) : (patch.leadUnitId ?? undefined),
    coUnitIds: patch.coUnitIds ?? task.coUnits.map((c) => c.unitId),
    leaderId: patch.leaderId === undefined ? (task.leaderId ?? undefined) : (patch.leaderId ?? undefined),
    deadline:
      patch.deadline === undefined
        ? (fromDbDateOrNull(task.deadline) ?? undefined)
        : (patch.deadline ?? undefined),
    confirmDeadline: false,
    ongoing: patch.ongoing ?? task.ongoing,
    reportCycle: patch.reportCycle ?? (task.reportCycle as ReportCycle),
    deadlineReason: patch.deadlineReason,
  };
  await editTask(db, actor, taskId, input, now);
}

/**
 * 交办 of a meeting's drafts: the ones named, or when none are named every draft that is ready (a lead unit and a
 * deadline or 长期坚持). All or none, as on the review page.
 */
export async function handOutMeeting(
  db: Db,
  actor: Actor,
  meetingId: number,
  draftIds: number[] | undefined,
  now: Date,
): Promise<number[]> {
  // Whether this person may hand out drafts at all, before anything about the meeting is read or told.
  checkAction(actor, { state: "draft", leadUnitId: null, coUnitIds: [] }, "assign");
  const tasks = await listMeetingTasks(db, meetingId);
  if (tasks.length === 0) throw new NotFoundError("会议不存在或没有事项");
  const drafts = tasks.filter((t) => t.state === "draft");
  let ids: number[];
  if (draftIds) {
    const ofMeeting = new Set(drafts.map((t) => t.id));
    const strangers = draftIds.filter((id) => !ofMeeting.has(id));
    if (strangers.length)
      throw new InvalidInputError(`事项 ${strangers.join("、")} 不是这次会议尚未交办的事项`, "draftIds");
    ids = [...new Set(draftIds)];
  } else {
    ids = drafts.filter((t) => t.leadUnitId !== null && (t.deadline !== null || t.ongoing)).map((t) => t.id);
    if (ids.length === 0)
      throw new InvalidInputError("这次会议没有可交办的事项（需有牵头单位和完成时限）", "draftIds");
  }
  await assignTasks(db, actor, ids, now);
  return ids;
}

/** A meeting's drafts with the open tasks each may repeat, and what was already linked: GET /api/meetings/{id}. */
export async function meetingDraftsForApi(db: Db, actor: Actor, meetingId: number) {
  const review = await getReview(db, actor, meetingId);
  const targets = new Map(review.repeatTargets.map((t) => [t.id, t]));
  return {
    id: review.meeting.id,
    title: review.meeting.title,
    kind: review.meeting.kind,
    heldOn: fromDbDateOrNull(review.meeting.heldOn),
    drafts: review.tasks
      .filter((t) => t.state === "draft")
      .map((t) => ({
        id: t.id,
        title: t.title,
        sourceText: t.sourceText,
        leadUnit: t.leadUnitId && t.leadUnit ? { id: t.leadUnitId, name: t.leadUnit.name } : null,
        deadline: fromDbDateOrNull(t.deadline),
        deadlineText: t.deadlineText,
        linkCandidates: candidatesOf(t.linkCandidates).flatMap((c) => {
          const target = targets.get(c.taskId);
          return target ? [{ taskId: c.taskId, title: target.title, why: c.why }] : [];
        }),
      })),
    linked: review.mentions.map((m) => ({
      taskId: m.task.id,
      title: m.task.title,
      repeatCount: m.task.repeatCount,
      sourceText: m.sourceText,
    })),
  };
}
