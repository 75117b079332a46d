// The meetings for /api: the same service, and so the same roles, as the meetings page.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { daySchema as day, errorResponses, isoDay } from "../../shared/api-fields.ts";
import { meetingDraftsForApi } from "../tasks/api-actions.ts";
import { meetingDrafts } from "../tasks/api-schemas.ts";
import { meetingSchema } from "./schemas.ts";
import { importMeeting, listAllMeetings } from "./service.ts";

const meetingListResponse = z.object({
  items: z
    .array(
      z.object({
        id: z.number().int().describe("会议编号"),
        title: z.string().describe("会议名称"),
        kind: z.string().describe("会议类型，如常务会议、专题会议"),
        heldOn: day.nullable().describe("会议日期"),
        chair: z.string().nullable().describe("主持人"),
        taskCount: z.number().int().describe("从这次会议纪要中整理出的事项数"),
      }),
    )
    .describe("会议，按会议日期从近到远"),
});

/** The import form's own rules, each field described for the API's readers. */
const { shape } = meetingSchema;
const importBody = meetingSchema
  .extend({
    title: shape.title.describe("会议名称"),
    kind: shape.kind.describe("会议类型：常务会议、办公会、专题会议、党组会议、会议纪要、其他"),
    heldOn: shape.heldOn.describe("会议日期，YYYY-MM-DD，可省略"),
    chair: shape.chair.describe("主持人，可省略"),
    sourceUrl: shape.sourceUrl.describe("原文链接，可省略"),
    text: shape.text.describe("会议纪要正文"),
  })
  .describe("要导入的会议纪要");

export const meetingApiRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/meetings",
    {
      schema: {
        tags: ["会议"],
        summary: "会议列表",
        description: "已导入的会议纪要，最近的在前。仅限督查室和领导。",
        response: { 200: meetingListResponse, ...errorResponses },
      },
    },
    async (request) => {
      const meetings = await listAllMeetings(app.db, request.apiActor!);
      return {
        items: meetings.map((m) => ({
          id: m.id,
          title: m.title,
          kind: m.kind,
          heldOn: isoDay(m.heldOn),
          chair: m.chair,
          taskCount: m._count.tasks,
        })),
      };
    },
  );

  app.post(
    "/meetings",
    {
      schema: {
        tags: ["会议"],
        summary: "导入会议纪要",
        description:
          "督查室导入一份会议纪要的正文（与网页导入相同的识别和限制），返回会议及识别出的待交办事项，每项附可能重复的已有事项（linkCandidates）。" +
          "同一份纪要（不计空白）再次导入不会重复建立，返回 200 和已有的会议；新导入返回 201。",
        body: importBody,
        response: { 200: meetingDrafts, 201: meetingDrafts, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = request.apiActor!;
      const { meetingId, duplicate } = await importMeeting(app.db, actor, request.body, app.clock());
      reply.code(duplicate ? 200 : 201);
      return meetingDraftsForApi(app.db, actor, meetingId);
    },
  );
};
