// The working-day calendar for /api: the same service, and so the same office-only rule, as 日历设置.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { daySchema as day, errorResponses } from "../../shared/api-fields.ts";
import { parseCalendarDate, shanghaiToday } from "../../shared/calendar-date.ts";
import { calendarDate } from "../../shared/form-fields.ts";
import type { PeriodMove } from "../tasks/period-redate.ts";
import { periodsOfYear, setPeriodOffset, setPeriodStart } from "./periods.ts";
import { maxNoticeLength, yearField } from "./schemas.ts";
import {
  calendarYearDays,
  dayKinds,
  daySources,
  previewNotice,
  replaceCalendarYear,
  saveNotice,
} from "./service.ts";

// A path that is not a number names no calendar (404); a number outside the years is refused by the service (422).
const yearParams = z.object({
  year: z.coerce.number().int().min(0).max(99_999).describe("年份，如 2027（2000 至 2100）"),
});

const calendarDay = z.object({
  date: day,
  workday: z.boolean().describe("true 为上班，false 为休息"),
  kind: z.enum(dayKinds).describe("holiday 节假日休息、makeup 调休上班、weekend 周末、workday 工作日"),
  name: z.string().nullable().describe("节日名称（如“春节”）或督查室填写的说明"),
  source: z
    .enum(daySources)
    .describe("library 官方日历库（chinese-days）、override 本地调整、default 按星期"),
});

const calendarYearResponse = z.object({
  year: z.number().int().describe("年份"),
  covered: z
    .boolean()
    .describe("该年是否已有节假日安排（官方日历库或本地调整）；false 时工作日按周一至周五计算"),
  libraryCovers: z.boolean().describe("官方日历库是否已收录该年"),
  days: z.array(calendarDay).describe("该年的节假日、调休上班日和本地调整过的日子，按日期排列"),
});

const putBody = z.object({
  days: z
    .array(
      z.object({
        date: calendarDate.describe("日期，YYYY-MM-DD，须在该年内"),
        workday: z.boolean().describe("true 为上班，false 为休息"),
        name: z
          .string()
          .trim()
          .max(50, "说明不能超过 50 字")
          .nullable()
          .optional()
          .describe("节日名称或说明"),
      }),
    )
    .max(366, "一年最多 366 天")
    .describe("该年全部本地调整，替换原有的本地调整；空数组表示清除，恢复官方日历库或按星期计算"),
});

const noticeBody = z.object({
  text: z
    .string("请提供通知全文")
    .min(1, "请提供通知全文")
    .max(maxNoticeLength, `通知全文不能超过 ${maxNoticeLength} 字`)
    .describe("国务院办公厅关于某年部分节假日安排的通知全文，可直接从网页复制"),
  year: yearField.optional().describe("年份；不填时取通知标题中的年份"),
});

const noticeQuery = z.object({
  save: z
    .enum(["0", "1"], "save 只能是 0 或 1")
    .optional()
    .describe("为 1 时识别无误即保存，替换该年原有的本地调整"),
});

const noticeResponse = z.object({
  year: z.number().int().nullable().describe("通知安排的年份"),
  saved: z.boolean().describe("是否已保存"),
  days: z
    .array(
      z.object({
        date: day,
        workday: z.boolean().describe("true 为调休上班，false 为放假"),
        name: z.string().describe("所属节日，如“国庆节、中秋节”"),
      }),
    )
    .describe("识别出的放假日和调休上班日"),
  problems: z.array(z.string()).describe("未能识别的内容；有内容时不会保存"),
  notes: z.array(z.string()).describe("含日期但不计入安排的倡议性内容，如鼓励在除夕休息"),
});

const periodsQuery = z.object({
  year: yearField.optional().describe("年份；不填时取今年"),
});

const periodRow = z.object({
  name: z.string().describe("时间节点名称，如“主汛期”"),
  aliases: z.array(z.string()).describe("其他写法，如“秋季学期开学”"),
  kind: z.enum(["annual", "relative"]).describe("annual 每年固定日期开始，relative 会后若干天"),
  rule: z.string().describe("通常的开始日，如“每年6月1日”“会后14天”"),
  start: day.nullable().describe("该年的开始日；relative 节点为 null"),
  startSet: z.boolean().describe("该年的开始日是否由督查室单独设定"),
});

const periodStartBody = z.object({
  period: z.string().min(1, "请填写时间节点").max(50, "时间节点不能超过 50 字").describe("时间节点名称"),
  year: yearField.describe("年份"),
  startsOn: calendarDate.nullable().describe("该年的开始日，YYYY-MM-DD，须在该年内；null 恢复为通常的开始日"),
});

const periodOffsetBody = z.object({
  period: z
    .string()
    .min(1, "请填写时间节点")
    .max(50, "时间节点不能超过 50 字")
    .describe("时间节点名称，如“下次常务会议”"),
  offsetDays: z.number("请填写会后天数").int("会后天数应为整数").describe("会后第几天召开（1 至 120）"),
});

const periodStartResponse = z.object({
  reason: z.string().describe("变更说明，记入各事项的时限记录"),
  moved: z
    .array(
      z.object({
        taskId: z.number().int().describe("事项编号"),
        from: day.nullable().describe("原完成时限"),
        to: day.describe("重新推算的完成时限"),
        handedOut: z.boolean().describe("是否已交办（已交办的记入时限记录）"),
      }),
    )
    .describe("完成时限因此改变的事项"),
});

/** A period change as the API answers it: why, and each task whose deadline moved. */
function movedJson(result: { reason: string; moves: PeriodMove[] }) {
  const moved = result.moves.map(({ taskId, from, to, handedOut }) => ({ taskId, from, to, handedOut }));
  return { reason: result.reason, moved };
}

export const calendarApiRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/calendar/:year",
    {
      schema: {
        tags: ["日历"],
        summary: "某年的工作日历",
        description: "该年的法定节假日、调休上班日和本地调整。仅限督查室。",
        params: yearParams,
        response: { 200: calendarYearResponse, ...errorResponses },
      },
    },
    async (request) => calendarYearDays(app.db, request.apiActor!, request.params.year),
  );

  app.put(
    "/calendar/:year",
    {
      schema: {
        tags: ["日历"],
        summary: "替换某年的本地调整",
        description:
          "用给出的日子替换该年全部本地调整（在一个事务中完成），返回替换后的该年日历。仅限督查室。",
        params: yearParams,
        body: putBody,
        response: { 200: calendarYearResponse, ...errorResponses },
      },
    },
    async (request) => {
      const actor = request.apiActor!;
      await replaceCalendarYear(app.db, actor, request.params.year, request.body.days);
      return calendarYearDays(app.db, actor, request.params.year);
    },
  );

  app.post(
    "/calendar/notice",
    {
      schema: {
        tags: ["日历"],
        summary: "识别国务院节假日安排通知",
        description:
          "把通知全文识别为放假日和调休上班日；带 ?save=1 时识别无误即保存为该年的本地调整（替换原有的）。" +
          "有未能识别的内容时不保存，带 save=1 时返回 422。仅限督查室。",
        querystring: noticeQuery,
        body: noticeBody,
        response: { 200: noticeResponse, ...errorResponses },
      },
    },
    async (request) => {
      const actor = request.apiActor!;
      const { text, year } = request.body;
      const save = request.query.save === "1";
      const reading = save ? await saveNotice(app.db, actor, text, year) : previewNotice(actor, text, year);
      return { ...reading, saved: save };
    },
  );

  app.get(
    "/periods",
    {
      schema: {
        tags: ["日历"],
        summary: "时间节点及某年的开始日",
        description: "主汛期、秋季开学、下次常务会议等时间节点，通常的开始日和该年的开始日。仅限督查室。",
        querystring: periodsQuery,
        response: {
          200: z.object({
            year: z.number().int().describe("年份"),
            periods: z.array(periodRow).describe("各时间节点"),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const year = request.query.year ?? parseCalendarDate(shanghaiToday(app.clock())).year;
      return { year, periods: await periodsOfYear(app.db, request.apiActor!, year) };
    },
  );

  app.put(
    "/periods/start",
    {
      schema: {
        tags: ["日历"],
        summary: "设定时间节点某年的开始日",
        description:
          "设定（或以 null 恢复）某年的开始日；按该节点推算且未办结的事项在同一事务中重新推算完成时限，" +
          "已交办事项的变更记入时限记录。仅限督查室。",
        body: periodStartBody,
        response: { 200: periodStartResponse, ...errorResponses },
      },
    },
    async (request) => {
      return movedJson(await setPeriodStart(app.db, request.apiActor!, request.body, app.clock()));
    },
  );

  app.put(
    "/periods/offset",
    {
      schema: {
        tags: ["日历"],
        summary: "设定“下次常务会议”等按会后天数推算的节点",
        description:
          "设定会后第几天；按该节点推算且未办结的事项在同一事务中重新推算完成时限，已交办事项的变更记入时限记录。仅限督查室。",
        body: periodOffsetBody,
        response: { 200: periodStartResponse, ...errorResponses },
      },
    },
    async (request) => {
      return movedJson(await setPeriodOffset(app.db, request.apiActor!, request.body, app.clock()));
    },
  );
};
