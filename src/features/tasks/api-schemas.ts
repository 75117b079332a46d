// What the task API takes and returns, in zod: the same schemas validate requests, shape responses and write the
// OpenAPI document, so the description cannot drift from the behaviour.
import { z } from "zod";
import { daySchema as day, instantSchema as instant, refSchema as ref } from "../../shared/api-fields.ts";
import { calendarDate, dbId } from "../../shared/form-fields.ts";
import { lights } from "./light.ts";
import { ledgerQuerySchema } from "./schemas.ts";
import { taskStates } from "./states.ts";

export const taskIdParams = z.object({ id: dbId("督办事项不存在").describe("督办事项编号") });

export const fileIdParams = z.object({ id: dbId("附件不存在").describe("附件编号") });

export const taskListQuery = ledgerQuerySchema.describe("与督办台账相同的筛选条件，另加页码 page");

export const taskListItem = z.object({
  id: z.number().int(),
  title: z.string(),
  state: z.enum(taskStates).describe("状态代码"),
  stateName: z.string().describe("状态的中文名称"),
  light: z.enum(lights).nullable().describe("亮灯：red 红灯、yellow 黄灯、green 绿灯；已办结或已撤销为 null"),
  deadline: day.nullable().describe("完成时限"),
  deadlineText: z.string().nullable().describe("纪要原文中的时限说法"),
  ongoing: z.boolean().describe("长期坚持"),
  leadUnit: ref.nullable().describe("牵头单位"),
  coUnits: z.array(ref).describe("配合单位"),
  meeting: z
    .object({ id: z.number().int(), title: z.string() })
    .nullable()
    .describe("来源会议；领导交办、上级督办为 null"),
});

export const taskListResponse = z.object({
  total: z.number().int().describe("符合条件的事项总数"),
  page: z.number().int(),
  pages: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(taskListItem),
});

const attachment = z.object({
  id: z.number().int(),
  fileName: z.string(),
  size: z.number().int().describe("字节数"),
  url: z.string().describe("下载地址：GET /api/files/{id}，带同一令牌"),
});

export const reportSchema = z.object({
  id: z.number().int(),
  body: z.string(),
  completion: z.boolean().describe("是否为申请办结时的办结情况说明"),
  author: z.string().nullable(),
  unit: z.string().nullable(),
  createdAt: instant,
  attachments: z.array(attachment),
});

export const taskDetail = taskListItem.extend({
  origin: z.string().describe("来源：meeting 会议纪要、leader 领导交办、superior 上级督办"),
  detail: z.string().nullable(),
  topic: z.string().nullable(),
  sourceText: z.string().nullable().describe("纪要原文中的这一段"),
  meeting: z
    .object({ id: z.number().int(), title: z.string(), heldOn: day.nullable(), chair: z.string().nullable() })
    .nullable(),
  leader: ref.nullable().describe("分管领导"),
  reportCycle: z.string().describe("反馈周期：none、weekly、semimonthly、monthly"),
  nextReportDue: day.nullable(),
  assignedAt: instant.nullable(),
  signedAt: instant.nullable(),
  doneAt: instant.nullable(),
  doneOnTime: z.boolean().nullable(),
  extensions: z
    .array(
      z.object({
        id: z.number().int(),
        originalDeadline: day.nullable(),
        requestedDeadline: day,
        reason: z.string(),
        status: z.string().describe("pending 待审批、approved 已同意、refused 未同意"),
        requestedBy: z.string(),
        decidedBy: z.string().nullable(),
        decisionNote: z.string().nullable(),
        createdAt: instant,
        decidedAt: instant.nullable(),
      }),
    )
    .describe("延期申请及审批，即完成时限的变更历史"),
  reports: z.array(reportSchema).describe("进展反馈"),
  events: z
    .array(
      z.object({
        id: z.number().int(),
        action: z.string(),
        actionName: z.string(),
        fromState: z.string().nullable(),
        toState: z.string().nullable(),
        note: z.string().nullable(),
        actor: z.string().nullable(),
        createdAt: instant,
      }),
    )
    .describe("办理记录"),
  actions: z.array(z.string()).describe("当前账号此刻可以进行的操作"),
});

export const reportBody = z.object({
  body: z.string().trim().min(1, "请填写进展情况").max(5000, "进展情况不能超过 5000 字").describe("进展情况"),
});

const reason = z.string().trim().min(1, "请填写理由").max(2000, "理由不能超过 2000 字");

export const transitionBody = z
  .discriminatedUnion(
    "action",
    [
      z.object({ action: z.literal("sign").describe("签收（牵头单位）") }),
      z.object({
        action: z.literal("request_completion").describe("申请办结（牵头单位）"),
        summary: z.string().trim().min(1, "请填写办结情况说明").max(5000, "办结情况说明不能超过 5000 字"),
      }),
      z.object({
        action: z.literal("approve").describe("审核通过（督查室）"),
        note: z.string().trim().max(2000, "意见不能超过 2000 字").optional(),
      }),
      z.object({ action: z.literal("return").describe("退回（督查室）"), reason }),
      z.object({ action: z.literal("cancel").describe("撤销（督查室）"), reason }),
      z.object({
        action: z.literal("instruct").describe("批示（领导）"),
        text: z.string().trim().min(1, "请填写批示内容").max(2000, "批示不能超过 2000 字"),
      }),
      z.object({
        action: z.literal("request_extension").describe("申请延期（牵头单位）"),
        requestedDeadline: calendarDate.describe("申请延至的日期"),
        reason: z.string().trim().min(1, "请填写延期理由").max(2000, "理由不能超过 2000 字"),
      }),
    ],
    {
      error:
        "操作 action 应为 sign、request_completion、approve、return、cancel、instruct 或 request_extension",
    },
  )
  .describe("办理操作，按 action 填写所需字段");
