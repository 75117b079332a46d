// The unit directory for /api: names and kinds, for any signed-in role to filter tasks by.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponses } from "../../shared/api-fields.ts";
import { listUnitsForAnyone, unitKindNames } from "./service.ts";

const unitListResponse = z.object({
  items: z
    .array(
      z.object({
        id: z.number().int().describe("单位编号"),
        name: z.string().describe("单位全称"),
        shortName: z.string().nullable().describe("简称"),
        aliases: z.array(z.string()).describe("别名，纪要中出现时也认作这个单位"),
        kind: z.enum(Object.keys(unitKindNames) as [keyof typeof unitKindNames]).describe(
          `单位类别：${Object.entries(unitKindNames)
            .map(([code, name]) => `${code} ${name}`)
            .join("、")}`,
        ),
        active: z.boolean().describe("是否在用；停用的单位不再出现在选择列表中"),
      }),
    )
    .describe("单位名录"),
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
