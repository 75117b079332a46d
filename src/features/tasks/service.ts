// Task use cases. Each one reads the task inside its transaction, asks the transition table, changes the task
// only if its state is still the one decided on, and writes the event in the same transaction.

import { versionedCache } from "../../db/data-version.ts";
import { claimFormKey } from "../../db/form-submissions.ts";
import type { Db, Tx } from "../../db/open-database.ts";
import { type ReminderKind, reminderKindNames } from "../../reminders/plan.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import {
  formatDate,
  fromDbDate,
  fromDbDateOrNull,
  shanghaiToday,
  toDbDate,
} from "../../shared/calendar-date.ts";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "../../shared/errors.ts";
import { loadWorkCalendar } from "../../work-calendar/service.ts";
import { type Upload, withStoredFiles } from "../files/evidence.ts";
import { listTaskNotices, notifyEvent, transactionWithNotices } from "../notices/service.ts";
import { type LightClock, lightClock, lightOf } from "./light.ts";
import type { UnitQueue } from "./queues.ts";
import { nextReportDue, type ReportCycle } from "./report-cycles.ts";
import { checkReportQuality } from "./report-quality.ts";
import {
  countActiveUnits,
  countTasks,
  countTasksByState,
  createExtensionRequest,
  createProgressReport,
  createTask,
  createTaskEvent,
  decideExtensionIfPending,
  findAttachment,
  findExtension,
  findLatestUnitReport,
  findPendingExtension,
  findTaskDetail,
  findTaskParties,
  isLeader,
  lightWhere,
  listDoneTasks,
  listLeaders,
  listMeetingsForFilter,
  listMeetingTasks,
  listRecentMeetings,
  listTasks,
  listTasksWhere,
  listUnitNames,
  listUnitsForFilter,
  type TaskFilter,
  taskFilterWhere,
  updateTask,
  updateTaskIfState,
  visibleTo,
} from "./repository.ts";
import { explainingMoves, extensionDecidedError, extensionPendingError, taskMovedError } from "./stale.ts";
import { openStates, type TaskState, taskStates } from "./states.ts";
import {
  actionsFor,
  checkAction,
  checkLoadedTask,
  mayView,
  type TaskAction,
  taskActions,
} from "./transitions.ts";

type Parties = NonNullable<Awaited<ReturnType<typeof findTaskParties>>>;

/** Loads the task, checks the rule and returns it; the caller continues inside the same transaction. */
async function loadFor(tx: Tx, actor: Actor, taskId: number, action: TaskAction): Promise<Parties> {
  const found = await findTaskParties(tx, taskId);
  return explainingMoves(tx, taskId, () => checkLoadedTask(actor, found, action));
}

/** Applies a state change decided on `task.state`; a concurrent change makes it a conflict, not a double move. */
async function move(
  tx: Tx,
  task: Parties,
  action: TaskAction,
  data: Parameters<typeof updateTaskIfState>[3],
) {
  const to = taskActions[action].to as TaskState;
  if (!(await updateTaskIfState(tx, task.id, task.state, { ...data, state: to }))) {
    throw await taskMovedError(tx, task.id, "事项刚被其他人处理过，请刷新页面后再试");
  }
}

function event(
  tx: Tx,
  actor: Actor,
  task: Parties,
  action: string,
  extra: { toState?: TaskState; before?: object; after?: object; note?: string } = {},
) {
  return createTaskEvent(tx, {
    taskId: task.id,
    actorId: actor.id,
    action,
    fromState: extra.toState ? task.state : null,
    toState: extra.toState ?? null,
    before: extra.before,
    after: extra.after,
    note: extra.note ?? null,
  });
}

function requireText(value: string, field: string, what: string): string {
  const text = value.trim();
  if (!text) throw new InvalidInputError(`请填写${what}`, field);
  if (text.length > 5000) throw new InvalidInputError(`${what}不能超过 5000 字`, field);
  return text;
}

/** Why a draft may not be handed out yet, in the words of the refusal; none when it is ready. */
function assignBlockers(task: Parties): string[] {
  const missing: string[] = [];
  if (task.leadUnitId === null) missing.push("没有牵头单位");
  if (task.deadline === null && !task.ongoing) missing.push("没有完成时限，也未勾选“长期坚持”");
  return missing;
}

/**
 * 交办: hands out confirmed drafts, all or none. A draft needs a lead unit, and a deadline or 长期坚持 (a task
 * with neither would never turn red nor be chased); the refusal names every draft that blocks, by its number
 * on the review page, so the clerk fixes them all in one pass.
 */
export async function assignTasks(db: Db, actor: Actor, taskIds: number[], now: Date, formKey?: string) {
  if (taskIds.length === 0) throw new InvalidInputError("请至少选择一项要交办的事项", "taskIds");
  const today = toDbDate(shanghaiToday(now));
  return transactionWithNotices(db, async (tx) => {
    await claimFormKey(tx, formKey, actor.id);
    const blocked: { task: Parties; missing: string[] }[] = [];
    for (const id of taskIds) {
      const task = await loadFor(tx, actor, id, "assign");
      const missing = assignBlockers(task);
      if (missing.length > 0) {
        blocked.push({ task, missing });
        continue;
      }
      await move(tx, task, "assign", {
        assignedAt: now,
        nextReportDue: nextReportDue(task.reportCycle as ReportCycle, today),
      });
      const ev = await event(tx, actor, task, "assign", { toState: "assigned" });
      await notifyEvent(tx, actor, ev, "handout", now);
    }
    if (blocked.length > 0) throw new InvalidInputError(await blockedMessage(tx, blocked), "taskIds");
    return taskIds.length;
  });
}

async function blockedMessage(tx: Tx, blocked: { task: Parties; missing: string[] }[]): Promise<string> {
  const meetingIds = [...new Set(blocked.flatMap((b) => (b.task.meetingId ? [b.task.meetingId] : [])))];
  const numbers = new Map<number, number>();
  for (const meetingId of meetingIds) {
    for (const [i, t] of (await listMeetingTasks(tx, meetingId)).entries()) numbers.set(t.id, i + 1);
  }
  const lines = blocked.map(({ task, missing }) => {
    const number = numbers.get(task.id);
    return `${number ? `第 ${number} 项` : ""}“${task.title}”${missing.join("，")}`;
  });
  return `以下 ${blocked.length} 项还不能交办，请补全后再交办：${lines.join("；")}。本次未交办任何事项`;
}

/** 签收 by the lead unit. */
export async function signTask(db: Db, actor: Actor, taskId: number, now: Date, formKey?: string) {
  await db.$transaction(async (tx) => {
    await claimFormKey(tx, formKey, actor.id);
    const task = await loadFor(tx, actor, taskId, "sign");
    await move(tx, task, "sign", { signedAt: now });
    await event(tx, actor, task, "sign", { toState: "in_progress" });
  });
}

/** Where evidence files go, and the files of one submission. */
export type Evidence = { dataDir: string; files: Upload[] };

const noEvidence: Evidence = { dataDir: "", files: [] };

/**
 * 进展反馈 and 申请办结 alike: under the form key, the task is loaded for `action` and a report row is written
 * with its evidence files; `then` adds what the action changes, inside the same transaction.
 */
function reportWithEvidence<T>(
  db: Db,
  actor: Actor,
  taskId: number,
  report: { action: TaskAction; body: string; completion: boolean },
  evidence: Evidence,
  formKey: string | undefined,
  then: (tx: Tx, task: Parties, report: Awaited<ReturnType<typeof createProgressReport>>) => Promise<T>,
): Promise<T> {
  return withStoredFiles(evidence.dataDir, evidence.files, (files) =>
    transactionWithNotices(db, async (tx) => {
      await claimFormKey(tx, formKey, actor.id);
      const task = await loadFor(tx, actor, taskId, report.action);
      const previous = await findLatestUnitReport(tx, taskId, actor.unitId ?? null);
      const qualityFlags = checkReportQuality({
        body: report.body,
        completion: report.completion,
        attachmentCount: files.length,
        previousBody: previous?.body ?? null,
      });
      const row = await createProgressReport(tx, {
        taskId,
        authorId: actor.id,
        unitId: actor.unitId,
        body: report.body,
        completion: report.completion,
        qualityFlags,
        attachments: { create: files.map((f) => ({ ...f, taskId, uploadedById: actor.id })) },
      });
      return then(tx, task, row);
    }),
  );
}

/** 进展反馈 by the lead unit or a co-unit, with evidence files. */
export async function reportProgress(
  db: Db,
  actor: Actor,
  taskId: number,
  input: { body: string },
  now: Date,
  evidence: Evidence = noEvidence,
  formKey?: string,
) {
  const body = requireText(input.body, "body", "进展情况");
  return reportWithEvidence(
    db,
    actor,
    taskId,
    { action: "report", body, completion: false },
    evidence,
    formKey,
    async (tx, task, report) => {
      const due = nextReportDue(task.reportCycle as ReportCycle, toDbDate(shanghaiToday(now)));
      await updateTask(tx, taskId, { nextReportDue: due });
      const ev = await event(tx, actor, task, "report", { after: { reportId: report.id } });
      await notifyEvent(tx, actor, ev, "co_report", now);
      return report;
    },
  );
}

/** 申请办结: the lead unit's summary and evidence; the office then reviews. */
export async function requestCompletion(
  db: Db,
  actor: Actor,
  taskId: number,
  input: { summary: string },
  now: Date,
  evidence: Evidence = noEvidence,
  formKey?: string,
) {
  const body = requireText(input.summary, "summary", "办结情况说明");
  await reportWithEvidence(
    db,
    actor,
    taskId,
    { action: "request_completion", body, completion: true },
    evidence,
    formKey,
    async (tx, task, report) => {
      await move(tx, task, "request_completion", { requestedAt: now });
      const ev = await event(tx, actor, task, "request_completion", {
        toState: "pending_review",
        after: { reportId: report.id },
      });
      await notifyEvent(tx, actor, ev, "completion_requested", now);
    },
  );
}

/** 审核通过: done, and whether it was on time is kept for the statistics. */
export async function approveCompletion(
  db: Db,
  actor: Actor,
  taskId: number,
  now: Date,
  note?: string,
  formKey?: string,
) {
  await db.$transaction(async (tx) => {
    await claimFormKey(tx, formKey, actor.id);
    const task = await loadFor(tx, actor, taskId, "approve");
    const onTime = task.deadline === null ? null : toDbDate(shanghaiToday(now)) <= task.deadline;
    await move(tx, task, "approve", { doneAt: now, doneOnTime: onTime });
    await event(tx, actor, task, "approve", { toState: "done", note: note?.trim() || undefined });
  });
}

/** 退回 with a reason the unit will read. */
export async function returnTask(
  db: Db,
  actor: Actor,
  taskId: number,
  reason: string,
  now: Date = new Date(),
  formKey?: string,
) {
  const note = requireText(reason, "reason", "退回理由");
  await transactionWithNotices(db, async (tx) => {
    await claimFormKey(tx, formKey, actor.id);
    const task = await loadFor(tx, actor, taskId, "return");
    await move(tx, task, "return", { requestedAt: null });
    const ev = await event(tx, actor, task, "return", { toState: "in_progress", note });
    await notifyEvent(tx, actor, ev, "returned", now);
  });
}

/** 申请延期: one pending request at a time, to a later date than the current deadline. */
export async function requestExtension(
  db: Db,
  actor: Actor,
  taskId: number,
  input: { requestedDeadline: string; reason: string },
  now: Date,
  formKey?: string,
) {
  const reason = requireText(input.reason, "reason", "延期理由");
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(input.requestedDeadline) ||
    Number.isNaN(toDbDate(input.requestedDeadline).getTime())
  ) {
    throw new InvalidInputError("请选择申请延至的日期", "requestedDeadline");
  }
  const requested = toDbDate(input.requestedDeadline);
  return transactionWithNotices(db, async (tx) => {
    await claimFormKey(tx, formKey, actor.id);
    const task = await loadFor(tx, actor, taskId, "request_extension");
    if (requested <= toDbDate(shanghaiToday(now)))
      throw new InvalidInputError("申请延至的日期应晚于今天", "requestedDeadline");
    if (task.deadline && requested <= task.deadline) {
      throw new InvalidInputError(
        `申请延至的日期应晚于现在的完成时限（${formatDate(task.deadline)}）`,
        "requestedDeadline",
      );
    }
    if (await findPendingExtension(tx, taskId)) throw await extensionPendingError(tx, taskId);
    const request = await createExtensionRequest(tx, {
      taskId,
      requestedById: actor.id,
      originalDeadline: task.deadline,
      requestedDeadline: requested,
      reason,
    });
    const ev = await event(tx, actor, task, "request_extension", {
      after: { extensionId: request.id, requestedDeadline: input.requestedDeadline },
      note: reason,
    });
    await notifyEvent(tx, actor, ev, "extension_requested", now);
    return request;
  });
}

/** The office approves (the deadline moves; the old one stays in the request and the history) or refuses. */
export async function decideExtension(
  db: Db,
  actor: Actor,
  taskId: number,
  extensionId: number,
  input: { approve: boolean; note?: string },
  now: Date,
  formKey?: string,
) {
  await transactionWithNotices(db, async (tx) => {
    await claimFormKey(tx, formKey, actor.id);
    const request = await findExtension(tx, extensionId);
    // The page names the task too: an extension of another task is not this page's to decide.
    if (!request || request.taskId !== taskId) throw new NotFoundError("延期申请不存在");
    const task = await loadFor(tx, actor, request.taskId, "decide_extension");
    const decided = await decideExtensionIfPending(tx, extensionId, {
      status: input.approve ? "approved" : "refused",
      decidedById: actor.id,
      decidedAt: now,
      decisionNote: input.note?.trim() || null,
    });
    if (!decided) throw await extensionDecidedError(tx, extensionId);
    if (input.approve) {
      await updateTask(tx, task.id, {
        deadline: request.requestedDeadline,
        deadlineDerivation: "manual",
        deadlineNeedsConfirmation: false,
      });
    }
    const ev = await event(tx, actor, task, input.approve ? "approve_extension" : "refuse_extension", {
      before: { deadline: fromDbDateOrNull(task.deadline) },
      after: input.approve ? { deadline: fromDbDate(request.requestedDeadline) } : undefined,
      note: input.note?.trim() || undefined,
    });
    await notifyEvent(tx, actor, ev, "extension_decided", now);
  });
}

/** 撤销 (duplicates, withdrawn items), with a reason. */
export async function cancelTask(
  db: Db,
  actor: Actor,
  taskId: number,
  reason: string,
  now: Date,
  formKey?: string,
) {
  const note = requireText(reason, "reason", "撤销理由");
  await db.$transaction(async (tx) => {
    await claimFormKey(tx, formKey, actor.id);
    const task = await loadFor(tx, actor, taskId, "cancel");
    await move(tx, task, "cancel", { cancelledAt: now });
    await event(tx, actor, task, "cancel", { toState: "cancelled", note });
  });
}

/** 批示: a leader's instruction on a task, kept in its history. */
export async function addInstruction(
  db: Db,
  actor: Actor,
  taskId: number,
  text: string,
  now: Date = new Date(),
  formKey?: string,
) {
  const note = requireText(text, "text", "批示内容");
  await transactionWithNotices(db, async (tx) => {
    await claimFormKey(tx, formKey, actor.id);
    const task = await loadFor(tx, actor, taskId, "instruct");
    const ev = await event(tx, actor, task, "instruct", { note });
    await notifyEvent(tx, actor, ev, "instruction", now);
  });
}

export type ManualTaskInput = {
  origin: "leader" | "superior";
  title: string;
  detail?: string;
  leadUnitId: number;
  coUnitIds: number[];
  leaderId?: number | null;
  deadline: string | null;
  ongoing: boolean;
  reportCycle: ReportCycle;
};

/** What the 新建事项 form offers: the units and the leaders in charge. */
export async function manualTaskOptions(db: Db, actor: Actor) {
  requireRole(actor, "office");
  const [units, leaders] = await Promise.all([listUnitsForFilter(db), listLeaders(db)]);
  return { units, leaders };
}

/**
 * The units and leader chosen for a task exist: every unit newly put on it is active (one already on it may have
 * been deactivated since), and the leader in charge is an active leader, who alone gets escalation mail.
 */
export async function checkTaskPeople(
  db: Tx,
  chosen: { unitIds: number[]; leaderId?: number | null },
  alreadyOnTask: number[] = [],
) {
  const added = [...new Set(chosen.unitIds)].filter((id) => !alreadyOnTask.includes(id));
  if (added.length > 0 && (await countActiveUnits(db, added)) !== added.length) {
    throw new InvalidInputError("所选单位不存在或已停用", "leadUnitId");
  }
  if (chosen.leaderId && !(await isLeader(db, chosen.leaderId))) {
    throw new InvalidInputError("所选分管领导不存在、已停用或不是领导账号", "leaderId");
  }
}

/** 领导交办 / 上级督办: a task without a meeting record, handed out at once. */
export async function createManualTask(
  db: Db,
  actor: Actor,
  input: ManualTaskInput,
  now: Date,
  formKey?: string,
) {
  checkAction(actor, { state: "draft", leadUnitId: null, coUnitIds: [] }, "assign");
  const title = requireText(input.title, "title", "事项名称");
  if (!input.deadline && !input.ongoing) {
    throw new InvalidInputError("请填写完成时限，或勾选“长期坚持”", "deadline");
  }
  await checkTaskPeople(db, { unitIds: [input.leadUnitId, ...input.coUnitIds], leaderId: input.leaderId });
  const today = toDbDate(shanghaiToday(now));
  return transactionWithNotices(db, async (tx) => {
    await claimFormKey(tx, formKey, actor.id);
    const task = await createTask(tx, {
      origin: input.origin,
      title,
      detail: input.detail?.trim() || null,
      leadUnitId: input.leadUnitId,
      leaderId: input.leaderId ?? null,
      deadline: input.deadline ? toDbDate(input.deadline) : null,
      deadlineDerivation: input.deadline ? "manual" : null,
      ongoing: input.ongoing,
      reportCycle: input.reportCycle,
      nextReportDue: nextReportDue(input.reportCycle, today),
      state: "assigned",
      assignedAt: now,
      coUnits: {
        create: [...new Set(input.coUnitIds)]
          .filter((id) => id !== input.leadUnitId)
          .map((unitId) => ({ unitId })),
      },
    });
    const ev = await createTaskEvent(tx, {
      taskId: task.id,
      actorId: actor.id,
      action: "create",
      toState: "assigned",
    });
    await notifyEvent(tx, actor, ev, "handout", now);
    return task;
  });
}

/** Counts for the home page, within what the actor may see. */
export async function summarizeTasks(db: Db, actor: Actor, now: Date) {
  const scope = visibleTo(actor);
  const [byState, overdue, recentMeetings] = await Promise.all([
    countTasksByState(db, scope),
    countTasks(db, {
      AND: [scope, { state: { in: openStates }, deadline: { lt: toDbDate(shanghaiToday(now)) } }],
    }),
    actor.role === "unit" ? Promise.resolve([]) : listRecentMeetings(db, 5),
  ]);
  const counts = Object.fromEntries(taskStates.map((s) => [s, 0])) as Record<TaskState, number>;
  for (const row of byState) counts[row.state as TaskState] = row._count._all;
  return { counts, overdue, recentMeetings };
}

const notYours = () => new ForbiddenError("这不是本单位的督办事项，无法查看");

/** Everything the task page shows, if the actor may see the task. */
export async function getTaskPage(db: Db, actor: Actor, taskId: number, now: Date) {
  const task = await findTaskDetail(db, taskId);
  if (!task) throw new NotFoundError("督办事项不存在");
  const parties = {
    state: task.state,
    leadUnitId: task.leadUnitId,
    coUnitIds: task.coUnits.map((c) => c.unit.id),
  };
  if (!mayView(actor, parties)) throw notYours();
  const clock = lightClock(now, await loadWorkCalendar(db));
  const reminders = await describeReminders(db, task.reminders);
  const notices = await listTaskNotices(db, taskId);
  return { task, reminders, notices, light: lightOf(task, clock), actions: actionsFor(actor, parties) };
}

/** An evidence file, for someone who may see its task. */
export async function openAttachment(db: Db, actor: Actor, attachmentId: number) {
  const file = await findAttachment(db, attachmentId);
  if (!file) throw new NotFoundError("附件不存在");
  const parties = {
    state: file.task.state,
    leadUnitId: file.task.leadUnitId,
    coUnitIds: file.task.coUnits.map((c) => c.unitId),
  };
  if (!mayView(actor, parties)) throw notYours();
  return file;
}

/**
 * The tasks a ledger filter selects among those the actor may see, as a query: the ledger, its workbook, the API,
 * the dashboard's figures and the bulletin all count through this, so their numbers agree.
 */
export function visibleLedgerWhere(actor: Actor, filter: TaskFilter, clock: LightClock) {
  return { AND: [visibleTo(actor), taskFilterWhere(filter, clock)] };
}

/**
 * A unit's queue as a filter: 待签收 is the lead unit's (a co-unit cannot sign), the others the ledger's. The
 * home page counts with it and the inbox lists with it, so the two cannot disagree.
 */
export function unitQueueFilter(actor: Actor, queue: UnitQueue): TaskFilter {
  return queue === "to-sign" ? { state: "assigned", leadUnitId: actor.unitId ?? -1 } : { queue };
}

/** What visibleLedgerWhere returns, for the features that pass it on to their own queries. */
export type LedgerWhere = ReturnType<typeof visibleLedgerWhere>;

export const ledgerPageSize = 50;

/**
 * Who may open the ledger, and which tasks it shows them, as a key: the ledger route keeps rendered pages under it
 * (with the query, the day and the data version), so everyone with the same key must be shown the same page.
 */
export function ledgerAudience(actor: Actor): string {
  requireRole(actor, "office", "leader");
  return JSON.stringify(visibleTo(actor));
}

// A ledger page is a few queries over every visible task; leaders open the same pages all morning. Kept under the
// data version (nothing written since, so never stale) and keyed by everything that shapes it: who may see which
// tasks (the role and a leader's units), the filter, the page and the day the lights are for.
const ledgers = versionedCache<Awaited<ReturnType<typeof listLedger>>>(200);

/** listLedger as of `version`, the data version the request read (src/http/data-version.ts). */
export function listLedgerAsOf(
  db: Db,
  actor: Actor,
  filter: TaskFilter,
  page: number,
  now: Date,
  version: string,
) {
  // Checked before the cache: a kept page is served to anyone with the same key.
  const key = JSON.stringify([ledgerAudience(actor), filter, page, shanghaiToday(now)]);
  return ledgers.get(db, version, key, () => listLedger(db, actor, filter, page, now));
}

/** 督办台账: every task the office or a leader may see, filtered and paged, each with its light. */
export async function listLedger(db: Db, actor: Actor, filter: TaskFilter, page: number, now: Date) {
  requireRole(actor, "office", "leader");
  const clock = lightClock(now, await loadWorkCalendar(db));
  const where = visibleLedgerWhere(actor, filter, clock);
  const [{ rows, total }, meetings, units] = await Promise.all([
    listTasks(db, where, page, ledgerPageSize),
    listMeetingsForFilter(db),
    listUnitsForFilter(db),
  ]);
  return {
    rows: rows.map((t) => ({ ...t, light: lightOf(t, clock) })),
    total,
    pages: Math.max(1, Math.ceil(total / ledgerPageSize)),
    meetings,
    units,
  };
}

/** How many finished tasks the inbox shows under 已办结; the rest are found with its search box. */
export const inboxDoneShown = 5;
/** How many finished tasks a search of them lists. */
export const doneSearchShown = 50;

/**
 * A unit's inbox: what to sign for, what waits for the lead unit's signature, what came back, what is late,
 * what is in hand, what the office is checking, and the latest finished tasks. Each task is listed once, in the
 * first of these sections it belongs to (a returned task that is also late is listed as returned).
 */
export async function listInbox(db: Db, actor: Actor, now: Date) {
  requireRole(actor, "unit");
  const clock = lightClock(now, await loadWorkCalendar(db));
  const scope = visibleTo(actor);
  const lead = { leadUnitId: actor.unitId ?? -1 };
  const [toSign, awaitingLead, returned, overdue, inProgress, pendingReview, done] = await Promise.all([
    listTasksWhere(db, visibleLedgerWhere(actor, unitQueueFilter(actor, "to-sign"), clock)),
    listTasksWhere(db, { AND: [scope, { NOT: lead }, { state: "assigned" }] }),
    listTasksWhere(db, visibleLedgerWhere(actor, unitQueueFilter(actor, "returned"), clock)),
    listTasksWhere(db, { AND: [scope, { state: "in_progress" }, lightWhere("red", clock)] }),
    listTasksWhere(db, { AND: [scope, { state: "in_progress" }] }),
    listTasksWhere(db, { AND: [scope, { state: "pending_review" }] }),
    listDoneTasks(db, scope, inboxDoneShown),
  ]);
  const listed = new Set<number>();
  const once = (rows: typeof toSign) =>
    rows
      .filter((t) => !listed.has(t.id) && listed.add(t.id))
      .map((t) => ({ ...t, light: lightOf(t, clock) }));
  return {
    unitId: actor.unitId,
    toSign: once(toSign),
    awaitingLead: once(awaitingLead),
    returned: once(returned),
    overdue: once(overdue),
    inProgress: once(inProgress),
    pendingReview: once(pendingReview),
    done: done.rows.map((t) => ({ ...t, light: null })),
    doneTotal: done.total,
  };
}

/** A unit's finished tasks whose title or text has `q`, the latest first: the inbox's 已办结 search. */
export async function searchDoneTasks(db: Db, actor: Actor, q: string | undefined) {
  requireRole(actor, "unit");
  const clock = lightClock(new Date(0), await loadWorkCalendar(db));
  const where = { AND: [visibleTo(actor), taskFilterWhere({ q }, clock)] };
  const { rows, total } = await listDoneTasks(db, where, doneSearchShown);
  return { rows: rows.map((t) => ({ ...t, light: null })), total };
}

/** What a batch 签收 did: the tasks signed, and those left with why (signed by a colleague meanwhile…). */
export type BatchSignResult = { signed: string[]; skipped: { title: string; reason: string }[] };

/**
 * 签收 of several tasks ticked in the inbox, each in its own transaction: every signature is its own
 * acknowledgement with nothing tying the tasks together, so a task a colleague signed a moment ago, or one the
 * office withdrew, is reported and the others are still signed, rather than one stale tick refusing them all.
 */
export async function signTasks(
  db: Db,
  actor: Actor,
  taskIds: number[],
  now: Date,
): Promise<BatchSignResult> {
  requireRole(actor, "unit");
  if (taskIds.length === 0) throw new InvalidInputError("请先勾选要签收的事项", "taskIds");
  const ids = [...new Set(taskIds)];
  const visible = new Map(
    (await listTasksWhere(db, { AND: [visibleTo(actor), { id: { in: ids } }] }, ids.length)).map((t) => [
      t.id,
      t,
    ]),
  );
  const result: BatchSignResult = { signed: [], skipped: [] };
  for (const id of ids) {
    const task = visible.get(id);
    if (!task) {
      result.skipped.push({ title: `#${id}`, reason: "不存在或不是本单位的事项" });
      continue;
    }
    // signTask decides; the words are the inbox's: a task already signed is news, not a failure.
    const alreadySigned = task.state !== "assigned" && task.leadUnit?.id === actor.unitId;
    if (alreadySigned && task.state !== "cancelled") {
      result.skipped.push({ title: task.title, reason: "已由本单位签收，无需重复签收" });
      continue;
    }
    try {
      await signTask(db, actor, id, now);
      result.signed.push(task.title);
    } catch (error) {
      if (!(error instanceof ConflictError || error instanceof ForbiddenError)) throw error;
      result.skipped.push({ title: task.title, reason: error.message });
    }
  }
  return result;
}

/** Reminder rows with who they went to in words ("区水务局", "督查室") and what they were about. */
async function describeReminders<R extends { recipient: string; kind: string }>(db: Db, reminders: R[]) {
  const unitIds = reminders.flatMap((r) =>
    r.recipient.startsWith("unit:") ? [Number(r.recipient.slice(5))] : [],
  );
  const names = new Map(
    (await listUnitNames(db, [...new Set(unitIds)])).map((u) => [`unit:${u.id}`, u.name]),
  );
  return reminders.map((r) => ({
    ...r,
    to: names.get(r.recipient) ?? (r.recipient === "office" ? "督查室" : "分管领导"),
    about: reminderKindNames[r.kind as ReminderKind] ?? r.kind,
  }));
}

/**
 * The tasks an actor may see, filtered and paged like the ledger, for the JSON API. Every role may list: the
 * office and leaders get the ledger's rows, a unit the handed-out tasks it leads or helps on (its inbox as one
 * list), because visibleTo decides the scope, not the role check the ledger page needs for its filter options.
 */
export async function listVisibleTasks(db: Db, actor: Actor, filter: TaskFilter, page: number, now: Date) {
  const clock = lightClock(now, await loadWorkCalendar(db));
  const where = visibleLedgerWhere(actor, filter, clock);
  const { rows, total } = await listTasks(db, where, page, ledgerPageSize);
  return {
    rows: rows.map((t) => ({ ...t, light: lightOf(t, clock) })),
    total,
    pages: Math.max(1, Math.ceil(total / ledgerPageSize)),
  };
}
