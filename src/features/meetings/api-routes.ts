// The meetings for /api: the same service, and so the same roles, as the meetings page.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { daySchema as day, errorResponses, isoDay } from "../../shared/api-fields.ts";
import { listAllMeetings } from "./service.ts";

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
};
