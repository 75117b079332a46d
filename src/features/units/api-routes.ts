// The unit directory for /api: names and kinds, for any signed-in role to filter tasks by.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponses } from "../../shared/api-fields.ts";
import { listUnitsForAnyone, unitKindNames } from "./service.ts";

const unitListResponse = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      shortName: z.string().nullable(),
      aliases: z.array(z.string()),
      kind: z.enum(Object.keys(unitKindNames) as [keyof typeof unitKindNames]),
      active: z.boolean(),
    }),
  ),
});

export const unitApiRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/units",
    {
      schema: {
        tags: ["单位"],
        summary: "单位列表",
        description: "全部责任单位（含已停用的），供筛选事项时使用。所有角色均可查询。",
        response: { 200: unitListResponse, ...errorResponses },
      },
    },
    async (request) => ({ items: await listUnitsForAnyone(app.db, request.apiActor!) }),
  );
};
