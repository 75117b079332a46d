// Draft tasks: found in a meeting record at import, then corrected, merged, split or added by the office on the
// review page before 交办. The record itself is the meetings feature's; a draft keeps its span of the text.

import { claimFormKey } from "../../db/form-submissions.ts";
import type { Db, Tx } from "../../db/open-database.ts";
import { analyseSpan } from "../../extract/analyse-span.ts";
import type { Directive, ExtractContext } from "../../extract/extract.ts";
import { createUnitSuggester } from "../../extract/suggest-units.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { formatDate, fromDbDate, fromDbDateOrNull, toDbDate } from "../../shared/calendar-date.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../../shared/errors.ts";
import { loadNamedPeriods, loadWorkCalendar } from "../../work-calendar/service.ts";
import { findOrCreateUnit, listUnitDuties } from "../units/service.ts";
import { candidatesOf, findLinkCandidates } from "./repeat-links.ts";
import { type ReportCycle, reportCycleNames } from "./report-cycles.ts";
import {
  createDraftTasks,
  createExtensionRequest,
  createTaskCoUnits,
  createTaskEvents,
  createTaskEventsBy,
  deleteDraft,
  findMeetingRecord,
  findTaskForEdit,
  findTaskMeeting,
  listLeaders,
  listMeetingMentions,
  listMeetingTasks,
  listPastHandOuts,
  listRepeatTargets,
  listUnitNames,
  listUnitsToMatch,
  listUserNames,
  replaceCoUnits,
  updateTask,
} from "./repository.ts";
import type { DraftInput } from "./schemas.ts";
import { checkTaskPeople } from "./service.ts";
import { explainingMoves } from "./stale.ts";
import { officeAdjustment, openStates } from "./states.ts";
import { checkLoadedTask } from "./transitions.ts";

/** What the extractor needs besides the text: the unit directory, the work calendar, the meeting's date. */
export async function extractionContext(db: Tx, meetingDate: string | null): Promise<ExtractContext> {
  const [units, calendar, namedPeriods] = await Promise.all([
    listUnitsToMatch(db),
    loadWorkCalendar(db as Db),
    loadNamedPeriods(db as Db),
  ]);
  return { meetingDate, units, calendar, namedPeriods };
}

/** A lead unit offered for a draft whose text names none, with why; the office picks it or another unit. */
export type UnitSuggestionRow = { unitId: number; unitName: string; reason: string };

/** How drafts are made from directives: the directory's ids by name, and the lead units to suggest. */
type DraftMaking = {
  unitIds: Map<string, number | undefined>;
  suggest: (d: Directive) => UnitSuggestionRow[];
};

/** How many past hand-outs the suggestions learn from: the office's recent years. */
const pastHandOutsRead = 5000;

async function draftMaking(db: Tx, ctx: ExtractContext): Promise<DraftMaking> {
  const [units, past] = await Promise.all([listUnitDuties(db), listPastHandOuts(db, pastHandOutsRead)]);
  const suggester = createUnitSuggester(
    units,
    past.map((t) => ({ text: [t.topic, t.title].filter(Boolean).join(" "), unitName: t.leadUnit!.name })),
  );
  const ids = new Map(units.map((u) => [u.name, u.id]));
  return {
    unitIds: new Map(ctx.units.map((u) => [u.name, u.id])),
    suggest: (d) =>
      suggester({ text: d.text, topic: d.topic }).map((s) => ({
        unitId: ids.get(s.unitName)!,
        unitName: s.unitName,
        reason: s.reason,
      })),
  };
}

/** What a schedule found in the text means for the task: 长期坚持 has no deadline, 每月报送 a report cycle. */
const cycleOfPeriod: Partial<Record<string, ReportCycle>> = { week: "weekly", month: "monthly" };

/** The draft's own 请核对 notes besides the extractor's: how its deadline and unit were reached. */
function draftChecks(d: Directive, suggested: UnitSuggestionRow[]): string[] {
  const checks = [...d.checks];
  if (d.deadline?.planned) checks.push("时限为计划、力争类表述，请核对是否作为硬性时限");
  if (d.deadline?.timeOfDay) checks.push(`原文写明时刻“${d.deadline.timeOfDay}”，截止日期按当天计`);
  if (d.schedule) checks.push(`${d.schedule.note}，请核对`);
  if (suggested.length > 0) checks.push("原文未写明责任单位，下列推荐单位仅供参考，请选定牵头单位");
  return checks;
}

function titleOf(d: Directive): string {
  const fromTopic = d.topic
    ?.replace(/^(关于|就|在)/, "")
    .replace(/(的?有关情况|的?情况|方面|问题)$/, "")
    .trim();
  if (fromTopic && fromTopic.length >= 4) return clip(fromTopic, 40);
  const body = d.text.replace(/^[^，,：:]{0,16}?(指出|强调|要求|议定|决定|同意|明确|提出|研究)[，,：:]?/, "");
  return clip(body.split(/[，。；,;]/)[0] ?? body, 40);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function draftFields(d: Directive, making: DraftMaking) {
  const { unitIds } = making;
  const matched = d.units.filter((u) => u.unitName && unitIds.get(u.unitName) !== undefined);
  const lead = matched.find((u) => u.role === "lead") ?? matched[0];
  const leadUnitId = lead ? (unitIds.get(lead.unitName!) ?? null) : null;
  const coUnitIds = [...new Set(matched.map((u) => unitIds.get(u.unitName!)!))].filter(
    (id) => id !== leadUnitId,
  );
  // Only for a draft that names no unit at all: a named unit outside the directory is offered to be added instead.
  const suggested = leadUnitId === null && d.units.length === 0 ? making.suggest(d) : [];
  const cycle =
    d.schedule?.kind === "cycle" && d.schedule.period ? cycleOfPeriod[d.schedule.period] : undefined;
  return {
    fields: {
      topic: d.topic,
      verb: d.verb || null,
      sourceText: d.text,
      sourceStart: d.start,
      sourceEnd: d.end,
      leadUnitId,
      unmatchedUnits: [...new Set(d.units.filter((u) => !u.unitName).map((u) => u.text))],
      vagueAddressees: d.unassigned,
      deadline: d.deadline?.date ? toDbDate(d.deadline.date) : null,
      deadlineText: d.deadline?.text ?? null,
      deadlineDerivation: d.deadline?.date ? d.deadline.derivation : null,
      deadlineNeedsConfirmation: d.deadline
        ? d.deadline.needsConfirmation || d.deadline.date === null
        : false,
      ...(d.schedule?.kind === "ongoing" ? { ongoing: true } : {}),
      ...(cycle ? { reportCycle: cycle } : {}),
      extractRule: d.rule,
      reviewChecks: draftChecks(d, suggested),
      unitSuggestions: suggested,
    },
    coUnitIds,
  };
}

async function insertDrafts(
  tx: Tx,
  actor: Actor,
  meetingId: number,
  directives: Directive[],
  making: DraftMaking,
  now: Date,
) {
  const prepared = directives.map((d) => ({ title: titleOf(d), ...draftFields(d, making) }));
  const candidates = await findLinkCandidates(
    tx,
    directives.map((d, i) => {
      const p = prepared[i]!;
      const unitIds = [p.fields.leadUnitId, ...p.coUnitIds].filter((id) => id !== null);
      const unitNames = d.units.flatMap((u) =>
        u.unitName && making.unitIds.has(u.unitName) ? [u.unitName] : [],
      );
      return { text: d.text, topic: d.topic, unitNames: [...new Set(unitNames)], unitIds };
    }),
  );
  const created = await createDraftTasks(
    tx,
    prepared.map((p, i) => ({
      ...p.fields,
      title: p.title,
      meetingId,
      origin: "meeting",
      state: "draft",
      linkCandidates: candidates[i] ?? [],
    })),
  );
  await createTaskCoUnits(
    tx,
    created.flatMap((t, i) => prepared[i]!.coUnitIds.map((unitId) => ({ taskId: t.id, unitId }))),
  );
  const imported = created.map((t) => ({ taskId: t.id, action: "import", toState: "draft" as const }));
  await createTaskEventsBy(tx, actor.id, imported, now);
  return created;
}

/**
 * The drafts of a meeting just imported, inside the import's transaction: the meeting row is written by the
 * meetings feature, which extracted `directives` with `ctx` from extractionContext.
 */
export async function createImportDrafts(
  tx: Tx,
  actor: Actor,
  meetingId: number,
  directives: Directive[],
  ctx: ExtractContext,
  now: Date,
) {
  requireRole(actor, "office");
  return insertDrafts(tx, actor, meetingId, directives, await draftMaking(tx, ctx), now);
}

/** The review page: the record with each task's span marked, and the tasks beside it. */
export async function getReview(db: Db, actor: Actor, meetingId: number) {
  requireRole(actor, "office");
  const meeting = await findMeetingRecord(db, meetingId);
  if (!meeting) throw new NotFoundError("会议不存在");
  const [tasks, units, leaders, mentions] = await Promise.all([
    listMeetingTasks(db, meetingId),
    listUnitsToMatch(db),
    listLeaders(db),
    listMeetingMentions(db, meetingId),
  ]);
  const offered = tasks.filter((t) => t.state === "draft").flatMap((t) => candidatesOf(t.linkCandidates));
  const targets = await listRepeatTargets(db, [...new Set(offered.map((c) => c.taskId))]);
  return {
    meeting,
    tasks,
    units,
    leaders,
    mentions,
    repeatTargets: targets.filter((t) => openStates.includes(t.state)),
    pieces: highlight(meeting.sourceText, tasks),
  };
}

/** The record cut into plain and marked pieces, one mark per task span (overlaps keep the earlier task). */
function highlight(
  text: string,
  tasks: { id: number; sourceStart: number | null; sourceEnd: number | null }[],
) {
  const spans = tasks
    .filter((t) => t.sourceStart !== null && t.sourceEnd !== null)
    .sort((a, b) => a.sourceStart! - b.sourceStart!);
  const pieces: { text: string; taskId: number | null; number: number | null }[] = [];
  let at = 0;
  for (const t of spans) {
    if (t.sourceStart! < at) continue;
    if (t.sourceStart! > at)
      pieces.push({ text: text.slice(at, t.sourceStart!), taskId: null, number: null });
    pieces.push({
      text: text.slice(t.sourceStart!, t.sourceEnd!),
      taskId: t.id,
      number: tasks.indexOf(t) + 1,
    });
    at = t.sourceEnd!;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), taskId: null, number: null });
  return pieces;
}

async function loadForEdit(tx: Tx, actor: Actor, taskId: number) {
  const found = await findTaskForEdit(tx, taskId);
  return explainingMoves(tx, taskId, () => checkLoadedTask(actor, found, "edit"));
}

async function loadMeetingDraft(tx: Tx, actor: Actor, taskId: number) {
  const task = await loadForEdit(tx, actor, taskId);
  if (task.state !== "draft" || task.meetingId === null) {
    throw new ConflictError("只有尚未交办的会议事项才能这样调整");
  }
  return task;
}

/** The meeting whose review page a task is corrected on: its meeting while it is a draft, else null. */
export async function meetingOfDraft(db: Db, taskId: number): Promise<number | null> {
  const task = await findTaskMeeting(db, taskId);
  return task?.state === "draft" ? task.meetingId : null;
}

/** Refuses, as editTask would, someone who may not edit the task: before a form with mistakes is shown again. */
export async function checkMayEdit(db: Db, actor: Actor, taskId: number): Promise<void> {
  await loadForEdit(db, actor, taskId);
}

const editable = ["title", "leadUnitId", "leaderId", "deadline", "ongoing", "reportCycle"] as const;

/**
 * Saves the office's corrections to a task (a draft, or an open task after 交办). The history keeps every changed
 * field from what to what, in words (the unit's name, the date as it reads); a handed-out task's deadline moves
 * only with a 调整理由 and enters the deadline history as an extension the office granted itself, so a changed
 * deadline is never a silent overwrite.
 */
export async function editTask(
  db: Db,
  actor: Actor,
  taskId: number,
  input: DraftInput,
  now: Date,
  formKey?: string,
) {
  if (!input.deadline && !input.ongoing && input.confirmDeadline) {
    throw new InvalidInputError("没有填写完成时限，无法确认", "deadline");
  }
  await db.$transaction(async (tx) => {
    await claimFormKey(tx, formKey, actor.id);
    const task = await loadForEdit(tx, actor, taskId);
    const onTask = [task.leadUnitId, ...task.coUnits.map((c) => c.unitId)].filter((id) => id !== null);
    const chosen = [...(input.leadUnitId ? [input.leadUnitId] : []), ...input.coUnitIds];
    await checkTaskPeople(tx, { unitIds: chosen, leaderId: input.leaderId }, onTask);
    const deadline = input.deadline ? toDbDate(input.deadline) : null;
    const deadlineChanged = (task.deadline?.getTime() ?? null) !== (deadline?.getTime() ?? null);
    const handedOut = task.state !== "draft";
    const reason = input.deadlineReason?.trim() ?? "";
    if (handedOut && deadlineChanged && !reason) {
      throw new InvalidInputError("修改已交办事项的完成时限，请填写调整理由", "deadlineReason");
    }
    const next = {
      title: input.title,
      leadUnitId: input.leadUnitId ?? null,
      leaderId: input.leaderId ?? null,
      deadline,
      ongoing: input.ongoing,
      reportCycle: input.reportCycle,
    };
    const coUnitIds = [...new Set(input.coUnitIds)].filter((id) => id !== next.leadUnitId);
    await updateTask(tx, taskId, {
      ...next,
      ...(deadlineChanged ? { deadlineDerivation: deadline ? "manual" : null } : {}),
      deadlineNeedsConfirmation:
        deadlineChanged || input.confirmDeadline ? false : task.deadlineNeedsConfirmation,
    });
    await replaceCoUnits(tx, taskId, coUnitIds);
    if (handedOut && deadlineChanged && deadline) {
      await createExtensionRequest(tx, {
        taskId,
        requestedById: actor.id,
        originalDeadline: task.deadline,
        requestedDeadline: deadline,
        reason,
        status: "approved",
        decidedById: actor.id,
        decidedAt: now,
        decisionNote: officeAdjustment,
      });
    }
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const key of editable) {
      const was = task[key] instanceof Date ? fromDbDate(task[key] as Date) : task[key];
      const is = next[key] instanceof Date ? fromDbDate(next[key] as Date) : next[key];
      if (was !== is) {
        before[key] = was;
        after[key] = is;
      }
    }
    const oldCo = task.coUnits.map((c) => c.unitId).sort();
    if (oldCo.join() !== [...coUnitIds].sort().join()) {
      before.coUnitIds = oldCo;
      after.coUnitIds = coUnitIds;
    }
    if (Object.keys(after).length > 0 || input.confirmDeadline) {
      const changes = await describeChanges(tx, before, after);
      const note = [changes, reason && deadlineChanged ? `调整理由：${reason}` : ""]
        .filter(Boolean)
        .join("\n");
      await createTaskEvents(tx, [
        {
          taskId,
          actorId: actor.id,
          action: "edit",
          before: before as object,
          after: after as object,
          note: note || null,
        },
      ]);
    }
  });
}

const changeLabels: Record<string, string> = {
  title: "事项名称",
  leadUnitId: "牵头单位",
  coUnitIds: "配合单位",
  leaderId: "分管领导",
  deadline: "完成时限",
  ongoing: "长期坚持",
  reportCycle: "反馈周期",
};

/** "完成时限：2027年3月1日 → 2027年4月1日；牵头单位：区水务局 → 区住建局", in the form's order of fields. */
async function describeChanges(tx: Tx, before: Record<string, unknown>, after: Record<string, unknown>) {
  const ids = (key: string) =>
    [before[key], after[key]].flat().filter((v): v is number => typeof v === "number");
  const [units, users] = await Promise.all([
    listUnitNames(tx, [...ids("leadUnitId"), ...ids("coUnitIds")]),
    listUserNames(tx, ids("leaderId")),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const words = (key: string, value: unknown): string => {
    switch (key) {
      case "leadUnitId":
        return typeof value === "number" ? (unitName.get(value) ?? `#${value}`) : "未定";
      case "coUnitIds":
        return (value as number[]).map((id) => unitName.get(id) ?? `#${id}`).join("、") || "无";
      case "leaderId":
        return typeof value === "number" ? (userName.get(value) ?? `#${value}`) : "未指定";
      case "deadline":
        return formatDate(value as string | null) || "未定";
      case "ongoing":
        return value ? "是" : "否";
      case "reportCycle":
        return reportCycleNames[value as ReportCycle] ?? String(value);
      default:
        return String(value ?? "");
    }
  };
  return Object.keys(changeLabels)
    .filter((key) => key in after)
    .map((key) => `${changeLabels[key]}：${words(key, before[key])} → ${words(key, after[key])}`)
    .join("；");
}

/** Drops a draft the office does not want (an evaluative sentence the extractor took for a directive). */
export async function dropDraft(db: Db, actor: Actor, taskId: number) {
  await db.$transaction(async (tx) => {
    await loadMeetingDraft(tx, actor, taskId);
    await deleteDraft(tx, taskId);
  });
}

/** Merges two drafts of one meeting into the earlier one: its span grows to cover both. */
export async function mergeDrafts(db: Db, actor: Actor, taskIds: number[], formKey?: string) {
  if (new Set(taskIds).size !== 2) throw new InvalidInputError("请勾选要合并的两项事项", "taskIds");
  await db.$transaction(async (tx) => {
    await claimFormKey(tx, formKey, actor.id);
    const [a, b] = await Promise.all(taskIds.map((id) => loadMeetingDraft(tx, actor, id)));
    if (a!.meetingId !== b!.meetingId) throw new InvalidInputError("只能合并同一次会议的事项", "taskIds");
    const [keep, other] = (a!.sourceStart ?? 0) <= (b!.sourceStart ?? 0) ? [a!, b!] : [b!, a!];
    const meeting = (await findMeetingRecord(tx, keep.meetingId!))!;
    const start = Math.min(keep.sourceStart ?? 0, other.sourceStart ?? 0);
    const end = Math.max(keep.sourceEnd ?? 0, other.sourceEnd ?? 0);
    const earlier = [keep, other]
      .filter((t) => t.deadline)
      .sort((x, y) => x.deadline!.getTime() - y.deadline!.getTime())[0];
    await updateTask(tx, keep.id, {
      sourceStart: start,
      sourceEnd: end,
      sourceText: meeting.sourceText.slice(start, end),
      leadUnitId: keep.leadUnitId ?? other.leadUnitId,
      unmatchedUnits: [...new Set([...keep.unmatchedUnits, ...other.unmatchedUnits])],
      vagueAddressees: [...new Set([...keep.vagueAddressees, ...other.vagueAddressees])],
      ...(earlier && earlier.id !== keep.id
        ? {
            deadline: earlier.deadline,
            deadlineText: earlier.deadlineText,
            deadlineDerivation: earlier.deadlineDerivation,
            deadlineNeedsConfirmation: earlier.deadlineNeedsConfirmation,
          }
        : {}),
    });
    const lead = keep.leadUnitId ?? other.leadUnitId;
    const co = [...keep.coUnits, ...other.coUnits].map((c) => c.unitId);
    if (other.leadUnitId) co.push(other.leadUnitId);
    await replaceCoUnits(
      tx,
      keep.id,
      [...new Set(co)].filter((id) => id !== lead),
    );
    await deleteDraft(tx, other.id);
    await createTaskEvents(tx, [
      { taskId: keep.id, actorId: actor.id, action: "edit", note: `合并了事项“${other.title}”` },
    ]);
  });
}

/** Finds pasted text in the record; the office pastes rather than selects, so no client script is needed. */
function locate(text: string, fragment: string, from = 0, to = text.length): number {
  const at = text.indexOf(fragment, from);
  if (at < 0 || at + fragment.length > to) {
    throw new InvalidInputError("在纪要原文中找不到粘贴的文字，请从左侧原文中直接复制", "fragment");
  }
  return at;
}

/** Splits a draft where the pasted text begins; both halves get their units and deadline found again. */
export async function splitDraft(
  db: Db,
  actor: Actor,
  taskId: number,
  secondStartsWith: string,
  now: Date,
  formKey?: string,
) {
  await db.$transaction(async (tx) => {
    await claimFormKey(tx, formKey, actor.id);
    const task = await loadMeetingDraft(tx, actor, taskId);
    const meeting = (await findMeetingRecord(tx, task.meetingId!))!;
    const start = task.sourceStart ?? 0;
    const end = task.sourceEnd ?? 0;
    const at = locate(meeting.sourceText, secondStartsWith, start + 1, end);
    if (at <= start) throw new InvalidInputError("拆分位置应在事项原文中间", "fragment");
    const ctx = await extractionContext(tx, fromDbDateOrNull(meeting.heldOn));
    const making = await draftMaking(tx, ctx);
    const first = analyseSpan(meeting.sourceText, start, trimEnd(meeting.sourceText, start, at), ctx);
    const second = analyseSpan(meeting.sourceText, at, end, ctx);
    const firstFields = draftFields({ ...first, topic: task.topic, verb: task.verb ?? first.verb }, making);
    await updateTask(tx, task.id, firstFields.fields);
    await replaceCoUnits(tx, task.id, firstFields.coUnitIds);
    const [created] = await insertDrafts(
      tx,
      actor,
      meeting.id,
      [{ ...second, topic: task.topic }],
      making,
      now,
    );
    await createTaskEvents(tx, [
      { taskId: task.id, actorId: actor.id, action: "edit", note: `拆分出事项 #${created!.id}` },
    ]);
  });
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}

/** A task the extractor missed, from text the office pasted out of the record. */
export async function addDraftFromText(
  db: Db,
  actor: Actor,
  meetingId: number,
  fragment: string,
  now: Date,
  formKey?: string,
) {
  requireRole(actor, "office");
  await db.$transaction(async (tx) => {
    await claimFormKey(tx, formKey, actor.id);
    const meeting = await findMeetingRecord(tx, meetingId);
    if (!meeting) throw new NotFoundError("会议不存在");
    const at = locate(meeting.sourceText, fragment);
    const ctx = await extractionContext(tx, fromDbDateOrNull(meeting.heldOn));
    const directive = analyseSpan(meeting.sourceText, at, at + fragment.length, ctx);
    await insertDrafts(tx, actor, meetingId, [directive], await draftMaking(tx, ctx), now);
  });
}

/**
 * The office takes one of a draft's suggested lead units. Only while the draft has none: pressed twice, or in a
 * tab opened before someone else chose, the second press finds the lead unit set and changes nothing.
 */
export function chooseSuggestedLead(db: Db, actor: Actor, taskId: number, unitId: number): Promise<string> {
  return db.$transaction(async (tx) => {
    const task = await loadMeetingDraft(tx, actor, taskId);
    if (task.leadUnitId !== null) throw new ConflictError("该事项已有牵头单位，如需更换请在表单中修改");
    const suggestion = suggestionsOf(task.unitSuggestions).find((s) => s.unitId === unitId);
    if (!suggestion) throw new InvalidInputError("所选单位不在推荐之列，请在牵头单位中选择", "leadUnitId");
    await checkTaskPeople(tx, { unitIds: [unitId] });
    await replaceCoUnits(
      tx,
      taskId,
      task.coUnits.map((c) => c.unitId).filter((id) => id !== unitId),
    );
    await updateTask(tx, taskId, { leadUnitId: unitId });
    await createTaskEvents(tx, [
      {
        taskId,
        actorId: actor.id,
        action: "edit",
        note: `采纳推荐，牵头单位设为${suggestion.unitName}（${suggestion.reason}）`,
      },
    ]);
    return suggestion.unitName;
  });
}

/** The suggestions stored on a draft ([{ unitId, unitName, reason }]), skipping anything malformed. */
export function suggestionsOf(stored: unknown): UnitSuggestionRow[] {
  return Array.isArray(stored)
    ? stored.filter(
        (s): s is UnitSuggestionRow => typeof s?.unitId === "number" && typeof s?.unitName === "string",
      )
    : [];
}

/** Adds a name the extractor found to the unit directory in one step, and puts it on the draft. */
export async function addUnitToDirectory(db: Db, actor: Actor, taskId: number, name: string) {
  await db.$transaction(async (tx) => {
    const task = await loadForEdit(tx, actor, taskId);
    const unit = await findOrCreateUnit(tx, actor, name);
    const coUnitIds = task.coUnits.map((c) => c.unitId);
    const becomesLead = task.leadUnitId === null;
    await updateTask(tx, taskId, {
      leadUnitId: becomesLead ? unit.id : task.leadUnitId,
      unmatchedUnits: task.unmatchedUnits.filter((n) => n !== name),
    });
    if (!becomesLead && task.leadUnitId !== unit.id && !coUnitIds.includes(unit.id)) {
      await replaceCoUnits(tx, taskId, [...coUnitIds, unit.id]);
    }
    await createTaskEvents(tx, [
      {
        taskId,
        actorId: actor.id,
        action: "edit",
        note: `将“${name}”加入单位名录并设为${becomesLead ? "牵头" : "配合"}单位`,
      },
    ]);
  });
}
