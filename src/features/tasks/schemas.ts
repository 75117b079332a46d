import { z } from "zod";
import { addDays, shanghaiStart, toDbDate } from "../../shared/calendar-date.ts";
import { calendarDate, dbId, idList, maxId, optional, requiredText, text } from "../../shared/form-fields.ts";
import { lights } from "./light.ts";
import { reportCycles } from "./report-cycles.ts";
import { type TaskFilter, taskQueues } from "./repository.ts";
import { taskStates } from "./states.ts";

const dayRangeMessage = "日期范围格式应为 年-月-日..年-月-日";
const dayRange = z
  .string()
  .regex(/^(\d{4}-\d{2}-\d{2})?\.\.(\d{4}-\d{2}-\d{2})?$/, dayRangeMessage)
  .refine(
    (v) => v.split("..").every((end) => end === "" || calendarDate.safeParse(end).success),
    dayRangeMessage,
  );

export const taskStages = ["tracked", "open"] as const;
export const doneKinds = ["all", "ontime", "late"] as const;

// meetingId=none, unitId=1,2,3 and the parameters after `page` come from the dashboard's figures; the ledger's
// own form never sends them, and without them the ledger behaves as before.
export const ledgerQuerySchema = z.object({
  meetingId: optional(z.union([z.literal("none").transform(() => null), dbId()], "会议选择有误")).describe(
    "来源会议编号；none 为不来自会议的事项（领导交办、上级督办）",
  ),
  unitId: optional(
    z.union(
      [
        dbId(),
        z
          .string()
          .regex(/^\d+(,\d+)+$/)
          .transform((v) => v.split(",").map(Number))
          .pipe(
            z.array(z.number().positive("单位选择有误").max(maxId, "单位选择有误")).max(500, "单位选择有误"),
          ),
      ],
      "单位选择有误",
    ),
  ).describe("责任单位编号（牵头或配合）；多个单位用逗号分隔"),
  state: optional(z.enum(taskStates, "状态选择有误")).describe(
    "状态：draft 待交办、assigned 待签收、in_progress 办理中、pending_review 待审核、done 已办结、cancelled 已撤销",
  ),
  light: optional(z.enum(lights, "亮灯选择有误")).describe("亮灯：red 红灯、yellow 黄灯、green 绿灯"),
  from: optional(calendarDate).describe("完成时限不早于此日，YYYY-MM-DD"),
  to: optional(calendarDate).describe("完成时限不晚于此日，YYYY-MM-DD"),
  q: optional(z.string().trim().max(100, "搜索词不能超过 100 个字")).describe(
    "在事项名称、议题和纪要原文中搜索",
  ),
  page: optional(z.coerce.number().int("页码有误").min(1, "页码有误").max(100_000, "页码有误")).describe(
    "页码，从 1 开始",
  ),
  stage: optional(z.enum(taskStages, "办理阶段选择有误")).describe(
    "办理阶段：tracked 已交办（不含待交办和已撤销）、open 已交办未办结",
  ),
  done: optional(z.enum(doneKinds, "办结情况选择有误")).describe(
    "办结情况：all 已办结、ontime 按期办结、late 逾期办结",
  ),
  due: optional(z.coerce.number().int().min(0, "到期天数有误").max(366, "到期天数有误")).describe(
    "未办结且在此天数内到期（0 为今天到期）",
  ),
  opened: optional(dayRange).describe("交办日期范围，如 2026-01-01..2026-03-31（任一端可省略）"),
  closed: optional(dayRange).describe("办结日期范围，如 2026-01-01..2026-03-31（任一端可省略）"),
  queue: optional(z.enum(taskQueues, "待办筛选有误")).describe(
    "工作台的待办：extension-pending 延期待审批、incomplete 缺牵头单位或完成时限、unsigned-late 超过2个工作日未签收、report-due 应报送进展、returned 被退回、extension-decided 近14天延期已审批、instruction-answered 批示后有新反馈（近14天）",
  ),
});
export type LedgerQuery = z.output<typeof ledgerQuerySchema>;

/** "a..b" (either end may be missing) as [start of a, start of the day after b), in Shanghai time. */
function instantRange(range: string | undefined): { from?: Date; before?: Date } | undefined {
  if (!range) return undefined;
  const [a, b] = range.split("..");
  return {
    from: a ? shanghaiStart(a) : undefined,
    before: b ? shanghaiStart(addDays(b, 1)) : undefined,
  };
}

/** The ledger query as the repository's filter; the ledger, its export and the dashboard all go through this. */
export function ledgerFilterOf(query: Omit<LedgerQuery, "page">): TaskFilter {
  return {
    meetingId: query.meetingId,
    unitId: query.unitId,
    state: query.state,
    light: query.light,
    deadlineFrom: query.from ? toDbDate(query.from) : undefined,
    deadlineTo: query.to ? toDbDate(query.to) : undefined,
    q: query.q,
    stage: query.stage,
    done: query.done,
    dueWithinDays: query.due,
    opened: instantRange(query.opened),
    closed: instantRange(query.closed),
    queue: query.queue,
  };
}

/** The search of a unit's finished tasks. */
export const doneQuerySchema = z.object({
  q: optional(z.string().trim().max(100, "搜索词不能超过 100 个字")),
});

/** The tasks ticked for one 签收 in the inbox. */
export const signBatchSchema = z.object({ taskIds: idList("所选事项有误", 200) });

/** One rule for every reason, instruction and note a person writes on a task. */
export const maxReasonChars = 2000;

export const reasonSchema = z.object({ reason: requiredText("理由", maxReasonChars) });

export const instructionSchema = z.object({ text: requiredText("批示内容", maxReasonChars) });

export const extensionSchema = z.object({
  requestedDeadline: calendarDate,
  reason: requiredText("延期理由", maxReasonChars),
});

export const decisionSchema = z.object({
  decision: z.enum(["approve", "refuse"], "请选择同意或不同意"),
  note: text("意见", maxReasonChars).optional(),
});

export const urgeSchema = z.object({ note: text("催办说明", 500).optional() });

export const taskParams = z.object({ id: dbId("督办事项不存在") });
export const extensionParams = taskParams.extend({ extensionId: dbId("延期申请不存在") });

export const manualTaskSchema = z.object({
  origin: z.enum(["leader", "superior"], "请选择事项来源"),
  title: z.string().trim().min(1, "请填写事项名称").max(200, "事项名称不能超过 200 字"),
  detail: optional(text("具体要求", 5000)),
  leadUnitId: dbId("请选择牵头单位"),
  coUnitIds: idList("配合单位选择有误"),
  leaderId: optional(dbId("分管领导选择有误")),
  deadline: optional(calendarDate),
  ongoing: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  reportCycle: z.enum(reportCycles, "请选择反馈周期"),
});

/** The office's corrections to a task: a draft on the review page, or an open task on its own page. */
export const draftSchema = z.object({
  title: z.string().trim().min(1, "请填写事项名称").max(200, "事项名称不能超过 200 字"),
  leadUnitId: optional(dbId("牵头单位选择有误")),
  coUnitIds: idList("配合单位选择有误"),
  leaderId: optional(dbId("分管领导选择有误")),
  deadline: optional(calendarDate),
  confirmDeadline: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  ongoing: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  reportCycle: z.enum(reportCycles, "请选择反馈周期"),
  // Required by the service when a handed-out task's deadline changes; a draft's needs none.
  deadlineReason: optional(text("调整理由", 500)),
});
export type DraftInput = z.output<typeof draftSchema>;

/** Text pasted out of the record: where a draft splits, or a directive the extractor missed. */
export const fragmentSchema = z.object({
  fragment: z.string().trim().min(4, "请粘贴至少 4 个字的原文").max(20_000, "粘贴的原文过长"),
});

/** The fields of a draft on the review page, each sent as "<field>.<taskId>" by the page's one form. */
export const draftFieldNames = [
  "title",
  "leadUnitId",
  "coUnitIds",
  "deadline",
  "reportCycle",
  "leaderId",
  "ongoing",
  "confirmDeadline",
] as const;
type DraftFieldName = (typeof draftFieldNames)[number];

/** What was typed into one draft's fields, unchecked: only the draft being saved is held to draftSchema. */
export type TypedDraft = Partial<Record<DraftFieldName, string | string[]>>;

const typedValue = z.union([z.string().max(2000), z.array(z.string().max(2000)).max(1000)]);
const typedDrafts = z
  .record(z.string().regex(/^\d{1,9}$/), z.partialRecord(z.enum(draftFieldNames), typedValue))
  .refine((drafts) => Object.keys(drafts).length <= 1000, "事项过多")
  .default({});

/** Moves the page form's "<field>.<taskId>" keys into `typed`, by task, and leaves the rest of the body alone. */
function groupTypedDrafts(body: unknown): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const rest: Record<string, unknown> = {};
  const typed: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(body)) {
    const match = /^([A-Za-z]+)\.(\d{1,9})$/.exec(key);
    if (match && (draftFieldNames as readonly string[]).includes(match[1]!)) {
      typed[match[2]!] ??= {};
      typed[match[2]!]![match[1]!] = value;
    } else rest[key] = value;
  }
  return { ...rest, typed };
}

/** What is typed in every draft of a review page post, grouped or not yet (a refused schema leaves it raw). */
export function typedDraftsOf(body: unknown): Record<string, TypedDraft> {
  const grouped = body && typeof body === "object" && "typed" in body ? body : groupTypedDrafts(body);
  const typed = typedDrafts.safeParse((grouped as { typed?: unknown } | undefined)?.typed);
  return typed.success ? typed.data : {};
}

/**
 * A post from the review page's one form: the action's own fields, and what is typed in every draft, so the
 * page can come back with the drafts not acted on as they were left (src/features/tasks/review-page.ts).
 */
function reviewForm<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess(groupTypedDrafts, z.object({ ...shape, typed: typedDrafts }));
}

export const selectionSchema = reviewForm({ taskIds: idList() });

/** 保存 on one draft of the review page: which draft, and every draft's fields. */
export const saveDraftSchema = reviewForm({ save: dbId("要保存的事项不存在") });

/** A press on the review page that needs nothing but every draft's fields (删除此项). */
export const reviewPressSchema = reviewForm({});

export const newUnitSchema = reviewForm({
  name: z.string().trim().min(2, "单位名称太短").max(60, "单位名称不能超过 60 字"),
});

/** 关联到已有事项 / 不是同一事项 on a draft's repeat candidate: the open task it names. */
export const linkSchema = reviewForm({ taskId: dbId("要关联的事项不存在") });

/** A suggested lead unit the office takes on the review page. */
export const leadSchema = reviewForm({ unitId: dbId("所选单位有误") });
