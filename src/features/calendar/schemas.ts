import { z } from "zod";
import { calendarDate, optional, requiredText, text } from "../../shared/form-fields.ts";
import { calendarYears, dayModes } from "./service.ts";

const yearMessage = `年份应在 ${calendarYears.first} 年至 ${calendarYears.last} 年之间`;

export const yearField = z.coerce
  .number(yearMessage)
  .int(yearMessage)
  .min(calendarYears.first, yearMessage)
  .max(calendarYears.last, yearMessage);

/** A pasted notice is about 1,500 characters; ten times that is still one notice with its web page around it. */
export const maxNoticeLength = 20_000;

export const calendarQuery = z.object({
  year: optional(yearField),
  /** The day the edit form opens on (a click on the grid). */
  date: optional(calendarDate),
});

export const dayForm = z.object({
  date: calendarDate,
  mode: z.enum(dayModes, "请选择休息日、工作日或恢复默认"),
  note: text("说明", 50).default(""),
});

export const noticeForm = z.object({
  year: yearField,
  text: requiredText("通知全文", maxNoticeLength),
  confirm: optional(z.literal("1", "提交有误")),
});

export const periodsQuery = z.object({ year: optional(yearField) });

export const periodStartForm = z
  .object({
    period: requiredText("时间节点", 50),
    year: yearField,
    startsOn: optional(calendarDate),
    /** The 恢复 button: back to the period's usual day. */
    restore: optional(z.literal("1", "提交有误")),
  })
  .refine((form) => form.restore === "1" || form.startsOn !== undefined, {
    message: "请填写开始日期",
    path: ["startsOn"],
  });

export const periodOffsetForm = z.object({
  period: requiredText("时间节点", 50),
  offsetDays: z.coerce
    .number("请填写会后天数")
    .int("会后天数应为整数")
    .min(1, "会后天数至少为 1")
    .max(120, "会后天数不能超过 120"),
});
