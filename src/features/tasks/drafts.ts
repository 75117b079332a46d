// Importing a meeting record and turning its directives into draft tasks the office reviews before 交办.
import { createHash } from "node:crypto";
import type { Db, Tx } from "../../db/open-database.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../../shared/errors.ts";
import { analyseSpan } from "../../extract/analyse-span.ts";
import { type Directive, type ExtractContext, extractDirectives } from "../../extract/extract.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { loadNamedPeriods, loadWorkCalendar } from "../../shared/work-calendar.ts";
import { dateOnly } from "./calendar-dates.ts";
import { checkTaskPeople } from "./service.ts";
import { checkAction } from "./transitions.ts";
import { type RecordFile, readRecordFile } from "../meetings/read-record-file.ts";
import { assertRecordText } from "../meetings/record-limits.ts";
import {
  createCoUnits,
  createDraftTasks,
  createEvents,
  createMeeting,
  createUnit,
  deleteDraft,
  findDraft,
  findMeeting,
  findMeetingByHash,
  findUnitByExactName,
  listActiveUnits,
  listLeaders,
  listMeetings,
  listMeetingTasks,
  listRecentImports,
  replaceCoUnits,
  updateDraft,
} from "../meetings/repository.ts";
import type { DraftInput, MeetingInput, meetingKinds } from "../meetings/schemas.ts";

/** The same record pasted twice, or pasted and uploaded, hashes the same: whitespace does not count. */
export function contentHashOf(text: string): string {
  return createHash("sha256").update(text.replace(/\s+/g, "")).digest("hex");
}

function kindOf(title: string): (typeof meetingKinds)[number] {
  if (title.includes("常务会")) return "常务会议";
  if (title.includes("办公会")) return "办公会";
  if (title.includes("专题")) return "专题会议";
  if (title.includes("党组")) return "党组会议";
  if (title.includes("纪要")) return "会议纪要";
  return "其他";
}

async function extractionContext(db: Tx, meetingDate: string | null): Promise<ExtractContext> {
  const [units, calendar, namedPeriods] = await Promise.all([
    listActiveUnits(db),
    loadWorkCalendar(db as Db),
    loadNamedPeriods(db as Db),
  ]);
  return { meetingDate, units, calendar, namedPeriods };
}

/** Step 1: the text of a pasted or uploaded record, and what the record says about itself, for the office to check. */
export async function previewImport(db: Db, actor: Actor, source: { text?: string; file?: RecordFile }) {
  requireRole(actor, "office");
  let text = source.text?.trim() ?? "";
  let fileTitle: string | null = null;
  if (source.file) {
    // A file is held to the same limits as it is read.
    const read = await readRecordFile(source.file);
    text = read.text;
    fileTitle = read.title;
  } else {
    assertRecordText(text, "text");
  }
  if (!text) throw new InvalidInputError("请粘贴会议纪要正文，或选择要上传的文件", "text");
  const result = extractDirectives(text, await extractionContext(db, null));
  checkDirectiveCount(result.directives.length);
  const title = fileTitle ?? result.meta.title ?? "";
  return {
    text,
    title,
    kind: kindOf(title),
    heldOn: result.meta.date ?? "",
    chair: result.meta.chair ?? "",
    found: result.directives.length,
    warnings: result.warnings,
  };
}

/**
 * A standing meeting's record holds tens of directives; hundreds means the text is not one record (a year of
 * records pasted at once, a document that only looks like one) and the clerk could not check them anyway.
 */
export const maxDirectivesPerRecord = 500;

export function checkDirectiveCount(found: number): void {
  if (found > maxDirectivesPerRecord) {
    throw new InvalidInputError(
      `这份纪要识别出 ${found} 项事项，超过每份纪要 ${maxDirectivesPerRecord} 项的上限。请确认粘贴或上传的是一份会议纪要，多份纪要请分别导入。`,
      "text",
    );
  }
}

/** Prisma's interactive transactions end after 5 s by default; an import writes a few rows per directive. */
function transactionFor(directives: number) {
  return { maxWait: 10_000, timeout: 10_000 + directives * 40 };
}

/** Step 2: the meeting and its draft tasks, all in one transaction. A record imported before is not duplicated. */
export async function importMeeting(db: Db, actor: Actor, input: MeetingInput, now: Date) {
  requireRole(actor, "office");
  const contentHash = contentHashOf(input.text);
  const existing = await findMeetingByHash(db, contentHash);
  if (existing) return { meetingId: existing.id, duplicate: existing };

  const ctx = await extractionContext(db, input.heldOn ?? null);
  const { directives, warnings } = extractDirectives(input.text, ctx);
  checkDirectiveCount(directives.length);
  const unitIds = new Map(ctx.units.map((u) => [u.name, u.id]));
  try {
    const meetingId = await db.$transaction(async (tx) => {
      const meeting = await createMeeting(tx, {
        title: input.title,
        kind: input.kind,
        heldOn: input.heldOn ? dateOnly(input.heldOn) : null,
        chair: input.chair ?? null,
        sourceText: input.text,
        sourceUrl: input.sourceUrl ?? null,
        contentHash,
        createdById: actor.id,
      });
      await insertDrafts(tx, actor, meeting.id, directives, unitIds, now);
      return meeting.id;
    }, transactionFor(directives.length));
    return { meetingId, duplicate: null, warnings };
  } catch (error) {
    // Two clerks importing the same record at once: the unique hash lets one through.
    if ((error as { code?: string }).code === "P2002") {
      const winner = await findMeetingByHash(db, contentHash);
      if (winner) return { meetingId: winner.id, duplicate: winner };
    }
    throw error;
  }
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

function draftFields(d: Directive, unitIds: Map<string, number | undefined>) {
  const matched = d.units.filter((u) => u.unitName && unitIds.get(u.unitName) !== undefined);
  const lead = matched.find((u) => u.role === "lead") ?? matched[0];
  const leadUnitId = lead ? (unitIds.get(lead.unitName!) ?? null) : null;
  const coUnitIds = [...new Set(matched.map((u) => unitIds.get(u.unitName!)!))].filter(
    (id) => id !== leadUnitId,
  );
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
      deadline: d.deadline?.date ? dateOnly(d.deadline.date) : null,
      deadlineText: d.deadline?.text ?? null,
      deadlineDerivation: d.deadline?.date ? d.deadline.derivation : null,
      deadlineNeedsConfirmation: d.deadline
        ? d.deadline.needsConfirmation || d.deadline.date === null
        : false,
    },
    coUnitIds,
  };
}

async function insertDrafts(
  tx: Tx,
  actor: Actor,
  meetingId: number,
  directives: Directive[],
  unitIds: Map<string, number | undefined>,
  now: Date,
) {
  const prepared = directives.map((d) => ({ title: titleOf(d), ...draftFields(d, unitIds) }));
  const created = await createDraftTasks(
    tx,
    prepared.map((p) => ({ ...p.fields, title: p.title, meetingId, origin: "meeting", state: "draft" })),
  );
  await createCoUnits(
    tx,
    created.flatMap((t, i) => prepared[i]!.coUnitIds.map((unitId) => ({ taskId: t.id, unitId }))),
  );
  await createEvents(
    tx,
    created.map((t) => ({
      taskId: t.id,
      actorId: actor.id,
      action: "import",
      toState: "draft",
      createdAt: now,
    })),
  );
  return created;
}

/** The import page's list of what was imported lately, for the office only. */
export async function recentImports(db: Db, actor: Actor) {
  requireRole(actor, "office");
  return listRecentImports(db, 10);
}

export async function listAllMeetings(db: Db, actor: Actor) {
  requireRole(actor, "office", "leader");
  return listMeetings(db);
}

/** The review page: the record with each task's span marked, and the tasks beside it. */
export async function getReview(db: Db, actor: Actor, meetingId: number) {
  requireRole(actor, "office");
  const meeting = await findMeeting(db, meetingId);
  if (!meeting) throw new NotFoundError("会议不存在");
  const [tasks, units, leaders] = await Promise.all([
    listMeetingTasks(db, meetingId),
    listActiveUnits(db),
    listLeaders(db),
  ]);
  return { meeting, tasks, units, leaders, pieces: highlight(meeting.sourceText, tasks) };
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

async function loadDraft(tx: Tx, actor: Actor, taskId: number) {
  const task = await findDraft(tx, taskId);
  if (!task) throw new NotFoundError("督办事项不存在");
  checkAction(
    actor,
    { state: task.state, leadUnitId: task.leadUnitId, coUnitIds: task.coUnits.map((c) => c.unitId) },
    "edit",
  );
  return task;
}

async function loadMeetingDraft(tx: Tx, actor: Actor, taskId: number) {
  const task = await loadDraft(tx, actor, taskId);
  if (task.state !== "draft" || task.meetingId === null) {
    throw new ConflictError("只有尚未交办的会议事项才能这样调整");
  }
  return task;
}

const editable = ["title", "leadUnitId", "leaderId", "deadline", "ongoing", "reportCycle"] as const;

/** Saves the office's corrections to a task (a draft, or an open task after 交办), with before/after history. */
export async function editTask(db: Db, actor: Actor, taskId: number, input: DraftInput) {
  if (!input.deadline && !input.ongoing && input.confirmDeadline) {
    throw new InvalidInputError("没有填写完成时限，无法确认", "deadline");
  }
  await db.$transaction(async (tx) => {
    const task = await loadDraft(tx, actor, taskId);
    const onTask = [task.leadUnitId, ...task.coUnits.map((c) => c.unitId)].filter((id) => id !== null);
    const chosen = [...(input.leadUnitId ? [input.leadUnitId] : []), ...input.coUnitIds];
    await checkTaskPeople(tx, { unitIds: chosen, leaderId: input.leaderId }, onTask);
    const deadline = input.deadline ? dateOnly(input.deadline) : null;
    const deadlineChanged = (task.deadline?.getTime() ?? null) !== (deadline?.getTime() ?? null);
    const next = {
      title: input.title,
      leadUnitId: input.leadUnitId ?? null,
      leaderId: input.leaderId ?? null,
      deadline,
      ongoing: input.ongoing,
      reportCycle: input.reportCycle,
    };
    const coUnitIds = [...new Set(input.coUnitIds)].filter((id) => id !== next.leadUnitId);
    await updateDraft(tx, taskId, {
      ...next,
      ...(deadlineChanged ? { deadlineDerivation: deadline ? "manual" : null } : {}),
      deadlineNeedsConfirmation:
        deadlineChanged || input.confirmDeadline ? false : task.deadlineNeedsConfirmation,
    });
    await replaceCoUnits(tx, taskId, coUnitIds);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const key of editable) {
      const was = task[key] instanceof Date ? (task[key] as Date).toISOString().slice(0, 10) : task[key];
      const now = next[key] instanceof Date ? (next[key] as Date).toISOString().slice(0, 10) : next[key];
      if (was !== now) {
        before[key] = was;
        after[key] = now;
      }
    }
    const oldCo = task.coUnits.map((c) => c.unitId).sort();
    if (oldCo.join() !== [...coUnitIds].sort().join()) {
      before.coUnitIds = oldCo;
      after.coUnitIds = coUnitIds;
    }
    if (Object.keys(after).length > 0 || input.confirmDeadline) {
      await createEvents(tx, [
        { taskId, actorId: actor.id, action: "edit", before: before as object, after: after as object },
      ]);
    }
  });
}

/** Drops a draft the office does not want (an evaluative sentence the extractor took for a directive). */
export async function dropDraft(db: Db, actor: Actor, taskId: number) {
  await db.$transaction(async (tx) => {
    await loadMeetingDraft(tx, actor, taskId);
    await deleteDraft(tx, taskId);
  });
}

/** Merges two drafts of one meeting into the earlier one: its span grows to cover both. */
export async function mergeDrafts(db: Db, actor: Actor, taskIds: number[]) {
  if (new Set(taskIds).size !== 2) throw new InvalidInputError("请勾选要合并的两项事项", "taskIds");
  await db.$transaction(async (tx) => {
    const [a, b] = await Promise.all(taskIds.map((id) => loadMeetingDraft(tx, actor, id)));
    if (a!.meetingId !== b!.meetingId) throw new InvalidInputError("只能合并同一次会议的事项", "taskIds");
    const [keep, other] = (a!.sourceStart ?? 0) <= (b!.sourceStart ?? 0) ? [a!, b!] : [b!, a!];
    const meeting = (await findMeeting(tx as Db, keep.meetingId!))!;
    const start = Math.min(keep.sourceStart ?? 0, other.sourceStart ?? 0);
    const end = Math.max(keep.sourceEnd ?? 0, other.sourceEnd ?? 0);
    const earlier = [keep, other]
      .filter((t) => t.deadline)
      .sort((x, y) => x.deadline!.getTime() - y.deadline!.getTime())[0];
    await updateDraft(tx, keep.id, {
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
    await createEvents(tx, [
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
export async function splitDraft(db: Db, actor: Actor, taskId: number, secondStartsWith: string, now: Date) {
  await db.$transaction(async (tx) => {
    const task = await loadMeetingDraft(tx, actor, taskId);
    const meeting = (await findMeeting(tx as Db, task.meetingId!))!;
    const start = task.sourceStart ?? 0;
    const end = task.sourceEnd ?? 0;
    const at = locate(meeting.sourceText, secondStartsWith, start + 1, end);
    if (at <= start) throw new InvalidInputError("拆分位置应在事项原文中间", "fragment");
    const ctx = await extractionContext(tx, meeting.heldOn?.toISOString().slice(0, 10) ?? null);
    const unitIds = new Map(ctx.units.map((u) => [u.name, u.id]));
    const first = analyseSpan(meeting.sourceText, start, trimEnd(meeting.sourceText, start, at), ctx);
    const second = analyseSpan(meeting.sourceText, at, end, ctx);
    const firstFields = draftFields({ ...first, topic: task.topic, verb: task.verb ?? first.verb }, unitIds);
    await updateDraft(tx, task.id, firstFields.fields);
    await replaceCoUnits(tx, task.id, firstFields.coUnitIds);
    const [created] = await insertDrafts(
      tx,
      actor,
      meeting.id,
      [{ ...second, topic: task.topic }],
      unitIds,
      now,
    );
    await createEvents(tx, [
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
export async function addDraftFromText(db: Db, actor: Actor, meetingId: number, fragment: string, now: Date) {
  requireRole(actor, "office");
  await db.$transaction(async (tx) => {
    const meeting = await findMeeting(tx as Db, meetingId);
    if (!meeting) throw new NotFoundError("会议不存在");
    const at = locate(meeting.sourceText, fragment);
    const ctx = await extractionContext(tx, meeting.heldOn?.toISOString().slice(0, 10) ?? null);
    const directive = analyseSpan(meeting.sourceText, at, at + fragment.length, ctx);
    await insertDrafts(tx, actor, meetingId, [directive], new Map(ctx.units.map((u) => [u.name, u.id])), now);
  });
}

function unitKindOf(name: string) {
  if (/街道(办事处)?$/.test(name)) return "street" as const;
  if (/[镇乡](人民政府)?$/.test(name)) return "town" as const;
  if (/(公司|集团)$/.test(name)) return "company" as const;
  if (/(中心|专班|管委会|指挥部|领导小组)$/.test(name)) return "body" as const;
  if (/(局|委|办|室|厅)$/.test(name)) return "bureau" as const;
  return "other" as const;
}

/** Adds a name the extractor found to the unit directory in one step, and puts it on the draft. */
export async function addUnitToDirectory(db: Db, actor: Actor, taskId: number, name: string) {
  await db.$transaction(async (tx) => {
    const task = await loadDraft(tx, actor, taskId);
    const unit =
      (await findUnitByExactName(tx, name)) ?? (await createUnit(tx, { name, kind: unitKindOf(name) }));
    const coUnitIds = task.coUnits.map((c) => c.unitId);
    const becomesLead = task.leadUnitId === null;
    await updateDraft(tx, taskId, {
      leadUnitId: becomesLead ? unit.id : task.leadUnitId,
      unmatchedUnits: task.unmatchedUnits.filter((n) => n !== name),
    });
    if (!becomesLead && task.leadUnitId !== unit.id && !coUnitIds.includes(unit.id)) {
      await replaceCoUnits(tx, taskId, [...coUnitIds, unit.id]);
    }
    await createEvents(tx, [
      {
        taskId,
        actorId: actor.id,
        action: "edit",
        note: `将“${name}”加入单位名录并设为${becomesLead ? "牵头" : "配合"}单位`,
      },
    ]);
  });
}
