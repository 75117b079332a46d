// What the dashboard API takes and returns, in zod (and so in the OpenAPI document).
import { z } from "zod";
import { daySchema as day, refSchema as ref } from "../../shared/api-fields.ts";
import { dashboardQuerySchema } from "./schemas.ts";

export const dashboardQuery = dashboardQuerySchema.describe("与统计分析页相同的筛选条件");

const figure = z.object({
  n: z.number().int(),
  href: z.string().describe("列出这些事项的接口地址（GET /api/tasks 加筛选条件）"),
});
const rate = z.object({
  value: z.number().nullable().describe("按期办结率（0–1），尚无办结事项时为 null"),
  text: z.string(),
  title: z.string(),
  href: z.string(),
});
const groupFigures = {
  total: figure,
  open: figure,
  done: figure,
  ontime: figure,
  late: figure,
  overdue: figure,
  rate,
};

export const dashboardResponse = z.object({
  asOf: day,
  scope: z.object({
    current: z.enum(["mine", "all"]),
    choosable: z.boolean(),
    mineNames: z.array(z.string()).describe("分管领导分管的单位"),
  }),
  filterWords: z.string().describe("筛选条件的文字说明"),
  summary: z.object({
    ...groupFigures,
    due: figure.describe("7 日内到期"),
    lights: z.object({ red: figure, yellow: figure, green: figure }),
  }),
  units: z.array(z.object({ unit: ref, ...groupFigures })),
  meetings: z.array(
    z.object({
      meeting: z.object({ id: z.number().int().nullable(), title: z.string(), heldOn: day.nullable() }),
      ...groupFigures,
    }),
  ),
  trend: z.array(z.object({ monday: day, sunday: day, opened: figure, closed: figure })),
});
