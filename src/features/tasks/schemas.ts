import { z } from "zod";
import { reportCycles } from "./calendar-dates.ts";
import { lights } from "./light.ts";
import { taskStates } from "./states.ts";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 年-月-日");
const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

export const ledgerQuerySchema = z.object({
  meetingId: optional(z.coerce.number().int().positive("会议选择有误")),
  unitId: optional(z.coerce.number().int().positive("单位选择有误")),
  state: optional(z.enum(taskStates, "状态选择有误")),
  light: optional(z.enum(lights, "亮灯选择有误")),
  from: optional(isoDate),
  to: optional(isoDate),
  q: optional(z.string().trim().max(100, "搜索词不能超过 100 个字")),
  page: optional(z.coerce.number().int().min(1, "页码有误")),
});
export type LedgerQuery = z.output<typeof ledgerQuerySchema>;

export const reasonSchema = z.object({
  reason: z.string().trim().min(1, "请填写理由").max(2000, "理由不能超过 2000 字"),
});

export const instructionSchema = z.object({
  text: z.string().trim().min(1, "请填写批示内容").max(2000, "批示不能超过 2000 字"),
});

export const extensionSchema = z.object({
  requestedDeadline: isoDate,
  reason: z.string().trim().min(1, "请填写延期理由").max(2000, "理由不能超过 2000 字"),
});

export const decisionSchema = z.object({
  decision: z.enum(["approve", "refuse"], "请选择同意或不同意"),
  note: z.string().trim().max(2000, "意见不能超过 2000 字").optional(),
});

const blankToNull = (v: unknown) => (v === "" || v === undefined ? undefined : v);

export const manualTaskSchema = z.object({
  origin: z.enum(["leader", "superior"], "请选择事项来源"),
  title: z.string().trim().min(1, "请填写事项名称").max(200, "事项名称不能超过 200 字"),
  detail: z.preprocess(blankToNull, z.string().trim().max(5000, "具体要求不能超过 5000 字").optional()),
  leadUnitId: z.coerce.number({ error: "请选择牵头单位" }).int().positive("请选择牵头单位"),
  coUnitIds: z.preprocess(
    (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.coerce.number().int().positive()),
  ),
  leaderId: z.preprocess(blankToNull, z.coerce.number().int().positive().optional()),
  deadline: z.preprocess(blankToNull, isoDate.optional()),
  ongoing: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  reportCycle: z.enum(reportCycles, "请选择反馈周期"),
});
