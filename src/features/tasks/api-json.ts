// Task rows as the API shows them: calendar dates as YYYY-MM-DD, instants as ISO strings, codes with their
// Chinese names beside them.
import { isoDay, isoInstant } from "../../shared/api-fields.ts";
import type { getTaskPage, listVisibleTasks } from "./service.ts";
import { type TaskState, taskStateNames } from "./states.ts";
import { eventNames } from "./view-names.ts";

type ListRow = Awaited<ReturnType<typeof listVisibleTasks>>["rows"][number];
type Page = Awaited<ReturnType<typeof getTaskPage>>;

export function taskListJson(t: ListRow) {
  return {
    id: t.id,
    title: t.title,
    state: t.state as TaskState,
    stateName: taskStateNames[t.state as TaskState],
    light: t.light,
    deadline: isoDay(t.deadline),
    deadlineText: t.deadlineText,
    ongoing: t.ongoing,
    leadUnit: t.leadUnit,
    coUnits: t.coUnits.map((c) => c.unit),
    meeting: t.meeting ? { id: t.meeting.id, title: t.meeting.title } : null,
  };
}

export function taskDetailJson({ task, light, actions }: Page) {
  return {
    id: task.id,
    title: task.title,
    state: task.state as TaskState,
    stateName: taskStateNames[task.state as TaskState],
    light,
    deadline: isoDay(task.deadline),
    deadlineText: task.deadlineText,
    ongoing: task.ongoing,
    leadUnit: task.leadUnit,
    coUnits: task.coUnits.map((c) => c.unit),
    origin: task.origin,
    detail: task.detail,
    topic: task.topic,
    sourceText: task.sourceText,
    meeting: task.meeting
      ? {
          id: task.meeting.id,
          title: task.meeting.title,
          heldOn: isoDay(task.meeting.heldOn),
          chair: task.meeting.chair,
        }
      : null,
    leader: task.leader,
    reportCycle: task.reportCycle,
    nextReportDue: isoDay(task.nextReportDue),
    assignedAt: isoInstant(task.assignedAt),
    signedAt: isoInstant(task.signedAt),
    doneAt: isoInstant(task.doneAt),
    doneOnTime: task.doneOnTime,
    extensions: task.extensions.map((e) => ({
      id: e.id,
      originalDeadline: isoDay(e.originalDeadline),
      requestedDeadline: isoDay(e.requestedDeadline),
      reason: e.reason,
      status: e.status,
      requestedBy: e.requestedBy.name,
      decidedBy: e.decidedBy?.name ?? null,
      decisionNote: e.decisionNote,
      createdAt: e.createdAt.toISOString(),
      decidedAt: isoInstant(e.decidedAt),
    })),
    reports: task.reports.map((r) => ({
      id: r.id,
      body: r.body,
      completion: r.completion,
      author: r.author?.name ?? null,
      unit: r.unit?.name ?? null,
      createdAt: r.createdAt.toISOString(),
      attachments: r.attachments.map((a) => ({ ...a, url: `/api/files/${a.id}` })),
    })),
    events: task.events.map((e) => ({
      id: Number(e.id),
      action: e.action,
      actionName: eventNames[e.action] ?? e.action,
      fromState: e.fromState,
      toState: e.toState,
      note: e.note,
      actor: e.actor?.name ?? null,
      createdAt: e.createdAt.toISOString(),
    })),
    actions: actions as string[],
  };
}
