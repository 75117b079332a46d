import { z } from "zod";
import { calendarDate, dbId, optional } from "../../shared/form-fields.ts";

/** The states a dashboard can be narrowed to: drafts and cancelled tasks are never counted. */
export const dashboardStates = ["assigned", "in_progress", "pending_review", "done"] as const;

export const dashboardQuerySchema = z.object({
  /** For a leader in charge of some units: mine (the default) or all. */
  scope: optional(z.enum(["mine", "all"], "范围选择有误")),
  meetingId: optional(z.union([z.literal("none"), dbId()], "会议选择有误")),
  unitId: optional(dbId("单位选择有误")),
  state: optional(z.enum(dashboardStates, "状态选择有误")),
  from: optional(calendarDate),
  to: optional(calendarDate),
});
export type DashboardQuery = z.output<typeof dashboardQuerySchema>;
