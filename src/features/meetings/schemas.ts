import { z } from "zod";
import { reportCycles } from "../tasks/calendar-dates.ts";

export const meetingKinds = ["常务会议", "办公会", "专题会议", "党组会议", "会议纪要", "其他"] as const;

const blank = (v: unknown) => (v === "" ? undefined : v);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 年-月-日");

export const maxRecordChars = 300_000;

export const meetingSchema = z.object({
  title: z.string().trim().min(1, "请填写会议名称").max(200, "会议名称不能超过 200 字"),
  kind: z.enum(meetingKinds, "请选择会议类型"),
  heldOn: z.preprocess(blank, isoDate.optional()),
  chair: z.preprocess(blank, z.string().trim().max(50, "主持人不能超过 50 字").optional()),
  sourceUrl: z.preprocess(
    blank,
    z.url({ protocol: /^https?$/, error: "原文链接应为 http:// 或 https:// 开头的网址" }).optional(),
  ),
  text: z
    .string()
    .trim()
    .min(20, "会议纪要正文太短，请粘贴完整的纪要")
    .max(maxRecordChars, `会议纪要正文不能超过 ${maxRecordChars / 10000} 万字`),
});
export type MeetingInput = z.output<typeof meetingSchema>;

const idList = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.coerce.number().int().positive("选择有误")),
);

export const draftSchema = z.object({
  title: z.string().trim().min(1, "请填写事项名称").max(200, "事项名称不能超过 200 字"),
  leadUnitId: z.preprocess(blank, z.coerce.number().int().positive().optional()),
  coUnitIds: idList,
  leaderId: z.preprocess(blank, z.coerce.number().int().positive().optional()),
  deadline: z.preprocess(blank, isoDate.optional()),
  confirmDeadline: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  ongoing: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  reportCycle: z.enum(reportCycles, "请选择反馈周期"),
});
export type DraftInput = z.output<typeof draftSchema>;

export const fragmentSchema = z.object({
  fragment: z.string().trim().min(4, "请粘贴至少 4 个字的原文").max(20_000, "粘贴的原文过长"),
});

export const selectionSchema = z.object({ taskIds: idList });

export const newUnitSchema = z.object({
  name: z.string().trim().min(2, "单位名称太短").max(60, "单位名称不能超过 60 字"),
});
