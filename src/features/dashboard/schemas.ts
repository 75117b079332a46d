import { z } from "zod";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 年-月-日");
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v: unknown) => (v === "" ? undefined : v), schema.optional());

/** The states a dashboard can be narrowed to: drafts and cancelled tasks are never counted. */
export const dashboardStates = ["assigned", "in_progress", "pending_review", "done"] as const;

export const dashboardQuerySchema = z.object({
  /** For a leader in charge of some units: mine (the default) or all. */
  scope: optional(z.enum(["mine", "all"], "范围选择有误")),
  meetingId: optional(z.union([z.literal("none"), z.coerce.number().int().positive()], "会议选择有误")),
  unitId: optional(z.coerce.number().int().positive("单位选择有误")),
  state: optional(z.enum(dashboardStates, "状态选择有误")),
  from: optional(isoDate),
  to: optional(isoDate),
});
export type DashboardQuery = z.output<typeof dashboardQuerySchema>;
