import { z } from "zod";
import { calendarDate, dbId, idList, optional, text } from "../../shared/form-fields.ts";
import { reportCycles } from "../tasks/calendar-dates.ts";
import { recordTextProblem } from "./record-limits.ts";

export const meetingKinds = ["常务会议", "办公会", "专题会议", "党组会议", "会议纪要", "其他"] as const;

export const meetingSchema = z.object({
  title: z.string().trim().min(1, "请填写会议名称").max(200, "会议名称不能超过 200 字"),
  kind: z.enum(meetingKinds, "请选择会议类型"),
  heldOn: optional(calendarDate),
  chair: optional(text("主持人", 50)),
  sourceUrl: optional(
    z
      .url({ protocol: /^https?$/, error: "原文链接应为 http:// 或 https:// 开头的网址" })
      .max(2000, "原文链接过长"),
  ),
  text: z
    .string()
    .trim()
    .min(20, "会议纪要正文太短，请粘贴完整的纪要")
    // The limits of step 1, counted the same way: a browser posts the textarea's line breaks back as "\r\n".
    .superRefine((value, ctx) => {
      const problem = recordTextProblem(value, "text");
      if (problem) ctx.addIssue({ code: "custom", message: problem.message });
    }),
});
export type MeetingInput = z.output<typeof meetingSchema>;

export const draftSchema = z.object({
  title: z.string().trim().min(1, "请填写事项名称").max(200, "事项名称不能超过 200 字"),
  leadUnitId: optional(dbId("牵头单位选择有误")),
  coUnitIds: idList("配合单位选择有误"),
  leaderId: optional(dbId("分管领导选择有误")),
  deadline: optional(calendarDate),
  confirmDeadline: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  ongoing: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  reportCycle: z.enum(reportCycles, "请选择反馈周期"),
});
export type DraftInput = z.output<typeof draftSchema>;

export const fragmentSchema = z.object({
  fragment: z.string().trim().min(4, "请粘贴至少 4 个字的原文").max(20_000, "粘贴的原文过长"),
});

export const selectionSchema = z.object({ taskIds: idList() });

export const newUnitSchema = z.object({
  name: z.string().trim().min(2, "单位名称太短").max(60, "单位名称不能超过 60 字"),
});
