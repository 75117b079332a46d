import { z } from "zod";
import { calendarDate, optional, text } from "../../shared/form-fields.ts";
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

/** The meeting's own details, corrected after import; `redate` takes up the offer to move derived deadlines. */
export const meetingEditSchema = meetingSchema
  .pick({ title: true, kind: true, heldOn: true, chair: true })
  .extend({
    redate: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  });
export type MeetingEditInput = z.output<typeof meetingEditSchema>;

export const meetingDeleteSchema = z.object({
  confirm: z.literal("on", "请勾选“确认删除”后再删除"),
});
