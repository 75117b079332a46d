// The meetings for /api: the same service, and so the same roles, as the meetings page.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { daySchema as day, errorResponses, isoDay } from "../../shared/api-fields.ts";
import { listAllMeetings } from "./service.ts";

const meetingListResponse = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      kind: z.string(),
      heldOn: day.nullable(),
      chair: z.string().nullable(),
      taskCount: z.number().int(),
    }),
  ),
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
