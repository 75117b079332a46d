// What the task API takes and returns, in zod: the same schemas validate requests, shape responses and write the
// OpenAPI document, so the description cannot drift from the behaviour.
import { z } from "zod";
import { daySchema as day, instantSchema as instant, refSchema as ref } from "../../shared/api-fields.ts";
import { calendarDate, dbId, maxId } from "../../shared/form-fields.ts";
import { lights } from "./light.ts";
import { reportCycles } from "./report-cycles.ts";
import { ledgerQuerySchema } from "./schemas.ts";
import { taskStates } from "./states.ts";

export const taskIdParams = z.object({ id: dbId("督办事项不存在").describe("督办事项编号") });

export const fileIdParams = z.object({ id: dbId("附件不存在").describe("附件编号") });

export const taskListQuery = ledgerQuerySchema.describe("与督办台账相同的筛选条件，另加页码 page");

export const taskListItem = z.object({
  id: z.number().int().describe("督办事项编号"),
  title: z.string().describe("事项名称"),
  state: z.enum(taskStates).describe("状态代码"),
  stateName: z.string().describe("状态的中文名称"),
  light: z.enum(lights).nullable().describe("亮灯：red 红灯、yellow 黄灯、green 绿灯；已办结或已撤销为 null"),
  deadline: day.nullable().describe("完成时限"),
  deadlineText: z.string().nullable().describe("纪要原文中的时限说法"),
  ongoing: z.boolean().describe("长期坚持"),
  leadUnit: ref.nullable().describe("牵头单位"),
  coUnits: z.array(ref).describe("配合单位"),
  meeting: z
    .object({ id: z.number().int().describe("会议编号"), title: z.string().describe("会议名称") })
    .nullable()
    .describe("来源会议；领导交办、上级督办为 null"),
});

export const taskListResponse = z.object({
  total: z.number().int().describe("符合条件的事项总数"),
  page: z.number().int().describe("本页页码"),
  pages: z.number().int().describe("总页数"),
  pageSize: z.number().int().describe("每页事项数"),
  items: z.array(taskListItem).describe("本页的事项"),
});

const attachment = z.object({
  id: z.number().int().describe("附件编号"),
  fileName: z.string().describe("文件名"),
  size: z.number().int().describe("字节数"),
  url: z.string().describe("下载地址：GET /api/files/{id}，带同一令牌"),
});

export const reportSchema = z.object({
  id: z.number().int().describe("进展反馈编号"),
  body: z.string().describe("进展情况"),
  completion: z.boolean().describe("是否为申请办结时的办结情况说明"),
  author: z.string().nullable().describe("报送人"),
  unit: z.string().nullable().describe("报送单位"),
  createdAt: instant,
  attachments: z.array(attachment).describe("所附文件"),
});

export const taskDetail = taskListItem.extend({
  origin: z.string().describe("来源：meeting 会议纪要、leader 领导交办、superior 上级督办"),
  detail: z.string().nullable().describe("具体要求"),
  topic: z.string().nullable().describe("所属议题"),
  sourceText: z.string().nullable().describe("纪要原文中的这一段"),
  meeting: z
    .object({
      id: z.number().int().describe("会议编号"),
      title: z.string().describe("会议名称"),
      heldOn: day.nullable().describe("会议日期"),
      chair: z.string().nullable().describe("主持人"),
    })
    .nullable()
    .describe("来源会议；领导交办、上级督办为 null"),
  leader: ref.nullable().describe("分管领导"),
  reportCycle: z.string().describe("反馈周期：none、weekly、semimonthly、monthly"),
  nextReportDue: day.nullable().describe("下次应报送进展的日期"),
  assignedAt: instant.nullable().describe("交办时间"),
  signedAt: instant.nullable().describe("签收时间"),
  doneAt: instant.nullable().describe("办结时间"),
  doneOnTime: z.boolean().nullable().describe("是否按期办结；未办结为 null"),
  extensions: z
    .array(
      z.object({
        id: z.number().int().describe("延期申请编号"),
        originalDeadline: day.nullable().describe("申请时的完成时限"),
        requestedDeadline: day.describe("申请延至的日期"),
        reason: z.string().describe("延期理由"),
        status: z.string().describe("pending 待审批、approved 已同意、refused 未同意"),
        requestedBy: z.string().describe("申请人"),
        decidedBy: z.string().nullable().describe("审批人"),
        decisionNote: z.string().nullable().describe("审批意见"),
        createdAt: instant.describe("申请时间"),
        decidedAt: instant.nullable().describe("审批时间"),
      }),
    )
    .describe("延期申请及审批，即完成时限的变更历史"),
  reports: z.array(reportSchema).describe("进展反馈"),
  events: z
    .array(
      z.object({
        id: z.number().int().describe("记录编号"),
        action: z.string().describe("操作代码，如 assign、sign、report"),
        actionName: z.string().describe("操作的中文名称"),
        fromState: z.string().nullable().describe("操作前的状态代码"),
        toState: z.string().nullable().describe("操作后的状态代码；不改变状态的操作为 null"),
        note: z.string().nullable().describe("理由、意见或批示内容"),
        actor: z.string().nullable().describe("操作人"),
        createdAt: instant.describe("操作时间"),
      }),
    )
    .describe("办理记录"),
  actions: z.array(z.string()).describe("当前账号此刻可以进行的操作"),
});

export const reportBody = z.object({
  body: z.string().trim().min(1, "请填写进展情况").max(5000, "进展情况不能超过 5000 字").describe("进展情况"),
});

const reason = z
  .string()
  .trim()
  .min(1, "请填写理由")
  .max(2000, "理由不能超过 2000 字")
  .describe("理由，责任单位可见");

export const transitionBody = z
  .discriminatedUnion(
    "action",
    [
      z.object({ action: z.literal("sign").describe("签收（牵头单位）") }),
      z.object({
        action: z.literal("request_completion").describe("申请办结（牵头单位）"),
        summary: z
          .string()
          .trim()
          .min(1, "请填写办结情况说明")
          .max(5000, "办结情况说明不能超过 5000 字")
          .describe("办结情况说明"),
      }),
      z.object({
        action: z.literal("approve").describe("审核通过（督查室）"),
        note: z.string().trim().max(2000, "意见不能超过 2000 字").optional().describe("审核意见"),
      }),
      z.object({ action: z.literal("return").describe("退回（督查室）"), reason }),
      z.object({ action: z.literal("cancel").describe("撤销（督查室）"), reason }),
      z.object({
        action: z.literal("instruct").describe("批示（领导）"),
        text: z
          .string()
          .trim()
          .min(1, "请填写批示内容")
          .max(2000, "批示不能超过 2000 字")
          .describe("批示内容"),
      }),
      z.object({
        action: z.literal("request_extension").describe("申请延期（牵头单位）"),
        requestedDeadline: calendarDate.describe("申请延至的日期"),
        reason: z
          .string()
          .trim()
          .min(1, "请填写延期理由")
          .max(2000, "理由不能超过 2000 字")
          .describe("延期理由"),
      }),
    ],
    {
      error:
        "操作 action 应为 sign、request_completion、approve、return、cancel、instruct 或 request_extension",
    },
  )
  .describe("办理操作，按 action 填写所需字段");

/** An id in a JSON body: a number, never a string or a boolean coerced into one. */
const jsonId = (message: string) => z.number(message).int(message).positive(message).max(maxId, message);

export const extensionIdParams = taskIdParams.extend({
  extensionId: dbId("延期申请不存在").describe("延期申请编号（事项详情 extensions[].id）"),
});

export const decisionBody = z.strictObject({
  decision: z
    .enum(["approve", "refuse"], "decision 应为 approve 或 refuse")
    .describe("approve 同意（完成时限改为申请的日期）、refuse 不同意"),
  note: z.string().trim().max(2000, "意见不能超过 2000 字").optional().describe("审批意见，责任单位可见"),
});

export const urgeBody = z.strictObject({
  note: z.string().trim().max(500, "催办说明不能超过 500 字").optional().describe("催办说明，写进催办邮件"),
});

export const urgeResponse = z.object({
  urged: z.literal(true).describe("催办邮件已进入发送队列"),
});

export const taskPatchBody = z
  .strictObject({
    title: z
      .string()
      .trim()
      .min(1, "请填写事项名称")
      .max(200, "事项名称不能超过 200 字")
      .optional()
      .describe("事项名称"),
    leadUnitId: jsonId("牵头单位选择有误")
      .nullable()
      .optional()
      .describe("牵头单位编号；null 为清空（仅限未交办事项）"),
    coUnitIds: z
      .array(jsonId("配合单位选择有误"))
      .max(50, "配合单位最多 50 个")
      .optional()
      .describe("配合单位编号，整体替换"),
    leaderId: jsonId("分管领导选择有误").nullable().optional().describe("分管领导的账号编号；null 为清空"),
    deadline: calendarDate.nullable().optional().describe("完成时限 YYYY-MM-DD；null 为清空"),
    ongoing: z.boolean("ongoing 应为 true 或 false").optional().describe("长期坚持（无完成时限，定期反馈）"),
    reportCycle: z
      .enum(reportCycles, "反馈周期应为 none、weekly、semimonthly 或 monthly")
      .optional()
      .describe("反馈周期：none 不定期、weekly 每周、semimonthly 每半月、monthly 每月"),
    deadlineReason: z
      .string("调整理由应为文字")
      .trim()
      .max(500, "调整理由不能超过 500 字")
      .optional()
      .describe(
        "调整理由：修改已交办事项的完成时限时必填，与新时限一起作为督查室直接调整记入延期记录和办理记录；未交办事项可省略",
      ),
  })
  .describe("只需给出要修改的字段，未给出的保持不变；修改记入办理记录");

export const meetingIdParams = z.object({ id: dbId("会议不存在").describe("会议编号") });

export const handOutBody = z
  .strictObject({
    draftIds: z
      .array(jsonId("事项编号有误"))
      .min(1, "draftIds 不能为空数组；要交办全部就绪事项时请省略")
      .max(500, "一次最多交办 500 项")
      .optional()
      .describe(
        "要交办的待交办事项编号；省略时交办这次会议全部就绪的事项（有牵头单位，且有完成时限或长期坚持）",
      ),
  })
  .describe("交办范围");

export const handOutResponse = z.object({
  handedOut: z.array(z.number().int()).describe("已交办的事项编号"),
});

export const draftIdParams = meetingIdParams.extend({
  draftId: dbId("待交办事项不存在").describe("待交办事项编号"),
});

export const linkBody = z
  .strictObject({ taskId: jsonId("要关联的事项编号有误").describe("已交办、尚未办结的事项编号") })
  .describe("关联到的已有事项，或不再推荐的已有事项");

const linkCandidate = z.object({
  taskId: z.number().int().describe("已有事项编号"),
  title: z.string().describe("已有事项名称"),
  why: z.string().describe("推荐理由：再次强调的字样、共同主题词、同一承办单位、首次提出的会议"),
});

export const meetingDrafts = z.object({
  id: z.number().int().describe("会议编号"),
  title: z.string().describe("会议名称"),
  kind: z.string().describe("会议类型"),
  heldOn: day.nullable().describe("会议日期"),
  drafts: z
    .array(
      z.object({
        id: z.number().int().describe("待交办事项编号"),
        title: z.string().describe("事项名称"),
        sourceText: z.string().nullable().describe("纪要原文"),
        leadUnit: ref.nullable().describe("牵头单位"),
        deadline: day.nullable().describe("完成时限"),
        deadlineText: z.string().nullable().describe("原文的时限表述"),
        linkCandidates: z.array(linkCandidate).describe("可能是再次强调的已有事项；为空表示没有发现"),
      }),
    )
    .describe("尚未交办的事项，按原文顺序"),
  linked: z
    .array(
      z.object({
        taskId: z.number().int().describe("已有事项编号"),
        title: z.string().describe("已有事项名称"),
        repeatCount: z.number().int().describe("累计在会议上提出的次数"),
        sourceText: z.string().describe("本次会议的原文"),
      }),
    )
    .describe("本次会议中已关联到已有事项的内容"),
});

export const linkResponse = z.object({
  taskId: z.number().int().describe("关联到的事项编号"),
  repeatCount: z.number().int().describe("累计在会议上提出的次数，如 2 表示第2次强调"),
});
