// What the dashboard API takes and returns, in zod (and so in the OpenAPI document).
import { z } from "zod";
import { daySchema as day, refSchema as ref } from "../../shared/api-fields.ts";
import { dashboardQuerySchema } from "./schemas.ts";

export const dashboardQuery = dashboardQuerySchema.describe("与统计分析页相同的筛选条件");

const figure = z.object({
  n: z.number().int().describe("事项数"),
  href: z.string().describe("列出这些事项的接口地址（GET /api/tasks 加筛选条件）"),
});
const rate = z.object({
  value: z.number().nullable().describe("按期办结率（0–1），尚无办结事项时为 null"),
  text: z.string().describe("按期办结率的文字，如“85.7%”或“—”"),
  title: z.string().describe("计算方法的说明，如“按期办结 6 项 / 已办结 7 项”"),
  href: z.string().describe("列出已办结事项的接口地址"),
});
const groupFigures = {
  total: figure.describe("已交办事项（不含待交办和已撤销）"),
  open: figure.describe("未办结"),
  done: figure.describe("已办结"),
  ontime: figure.describe("按期办结"),
  late: figure.describe("逾期办结"),
  overdue: figure.describe("逾期未办结"),
  rate: rate.describe("按期办结率"),
};

export const dashboardResponse = z.object({
  asOf: day.describe("统计截至的日期（上海时间的今天）"),
  scope: z
    .object({
      current: z.enum(["mine", "all"]).describe("本次统计的范围：mine 分管单位、all 全部单位"),
      choosable: z.boolean().describe("当前账号能否在两种范围之间切换（分管了单位的领导）"),
      mineNames: z.array(z.string()).describe("分管领导分管的单位"),
    })
    .describe("统计范围"),
  filterWords: z.string().describe("筛选条件的文字说明"),
  summary: z
    .object({
      ...groupFigures,
      due: figure.describe("7 日内到期"),
      lights: z
        .object({
          red: figure.describe("红灯"),
          yellow: figure.describe("黄灯"),
          green: figure.describe("绿灯"),
        })
        .describe("未办结事项的亮灯分布"),
    })
    .describe("总体数字"),
  units: z.array(z.object({ unit: ref.describe("单位"), ...groupFigures })).describe("各单位的数字"),
  meetings: z
    .array(
      z.object({
        meeting: z
          .object({
            id: z.number().int().nullable().describe("会议编号；不来自会议的事项为 null"),
            title: z.string().describe("会议名称"),
            heldOn: day.nullable().describe("会议日期"),
          })
          .describe("会议"),
        ...groupFigures,
      }),
    )
    .describe("各次会议的数字"),
  trend: z
    .array(
      z.object({
        monday: day.describe("这一周的周一"),
        sunday: day.describe("这一周的周日"),
        opened: figure.describe("这一周交办的事项"),
        closed: figure.describe("这一周办结的事项"),
      }),
    )
    .describe("近 12 周每周交办和办结的事项"),
});
