import { z } from "zod";
import { calendarDate, dbId, optional } from "../../shared/form-fields.ts";

/** The states a dashboard can be narrowed to: drafts and cancelled tasks are never counted. */
export const dashboardStates = ["assigned", "in_progress", "pending_review", "done"] as const;

export const dashboardQuerySchema = z.object({
  /** For a leader in charge of some units: mine (the default) or all. */
  scope: optional(z.enum(["mine", "all"], "范围选择有误")).describe(
    "分管领导的统计范围：mine 分管单位（默认）、all 全部单位；其他账号忽略",
  ),
  meetingId: optional(z.union([z.literal("none"), dbId()], "会议选择有误")).describe(
    "只统计这次会议的事项；none 为不来自会议的事项",
  ),
  unitId: optional(dbId("单位选择有误")).describe("只统计这个单位牵头或配合的事项"),
  state: optional(z.enum(dashboardStates, "状态选择有误")).describe(
    "只统计此状态：assigned 待签收、in_progress 办理中、pending_review 待审核、done 已办结",
  ),
  from: optional(calendarDate).describe("完成时限不早于此日，YYYY-MM-DD"),
  to: optional(calendarDate).describe("完成时限不晚于此日，YYYY-MM-DD"),
});
export type DashboardQuery = z.output<typeof dashboardQuerySchema>;
