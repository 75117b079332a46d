// The unit directory for /api: names and kinds for any signed-in role to filter tasks by; adding and changing
// units for the office, through the same service as the 单位名录 pages.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponses, errorSchema } from "../../shared/api-fields.ts";
import { idParams } from "../../shared/form-fields.ts";
import { unitCreateBody, unitKinds, unitPatchBody } from "./schemas.ts";
import { addUnit, editUnit, listUnitsForAnyone } from "./service.ts";

const tags = ["单位"];

const unitListResponse = z.object({
  items: z
    .array(
      z.object({
        id: z.number().int().describe("单位编号"),
        name: z.string().describe("单位全称"),
        shortName: z.string().nullable().describe("简称"),
        aliases: z.array(z.string()).describe("别名"),
        kind: z.enum(unitKinds).describe("单位类别"),
        active: z.boolean().describe("是否在用"),
      }),
    )
    .describe("全部单位"),
});

const unitDetail = z
  .object({
    id: z.number().int().describe("单位编号"),
    name: z.string().describe("单位全称（已按抽取规则统一全角半角、去掉空格）"),
    shortName: z.string().nullable().describe("简称"),
    aliases: z.array(z.string()).describe("别名"),
    kind: z.enum(unitKinds).describe("单位类别"),
    emails: z.array(z.string()).describe("联系邮箱"),
    duties: z.array(z.string()).describe("职责关键词"),
    active: z.boolean().describe("是否在用"),
    mergedIntoId: z.number().int().nullable().describe("已并入的单位编号；未合并为 null"),
  })
  .describe("单位（督查室可见的全部信息）");

const unitIdParams = idParams.extend({ id: idParams.shape.id.describe("单位编号") });

export const unitApiRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/units",
    {
      schema: {
        tags,
        summary: "单位列表",
        description: "全部责任单位（含已停用的），供筛选事项时使用。所有角色均可查询。",
        response: { 200: unitListResponse, ...errorResponses },
      },
    },
    async (request) => ({ items: await listUnitsForAnyone(app.db, request.apiActor!) }),
  );

  app.post(
    "/units",
    {
      schema: {
        tags,
        summary: "新增单位",
        description:
          "仅限督查室的令牌。名称按纪要抽取的规则统一全角半角、去掉空格后保存，不得与其他单位的全称、简称或别名重复（重复时返回 422）。",
        body: unitCreateBody,
        response: { 201: unitDetail, ...errorResponses },
      },
    },
    async (request, reply) => {
      const unit = await addUnit(app.db, request.apiActor!, request.body);
      return reply.code(201).send(unit);
    },
  );

  app.patch(
    "/units/:id",
    {
      schema: {
        tags,
        summary: "修改单位",
        description:
          "仅限督查室的令牌。只修改请求中给出的字段；列表字段整体替换。active 为 false 即停用：不再参与抽取匹配和推荐，其未办结事项保留。已合并的单位不能再启用（409）。",
        params: unitIdParams,
        body: unitPatchBody,
        response: {
          200: unitDetail,
          ...errorResponses,
          404: errorSchema.describe("单位不存在"),
          409: errorSchema.describe("单位已并入其他单位，不能再启用"),
        },
      },
    },
    async (request) => editUnit(app.db, request.apiActor!, request.params.id, request.body),
  );
};
