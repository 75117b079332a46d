// Accounts for /api, office tokens only, through the same service (and refusals) as the 账号管理 pages.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { roles } from "../../shared/actor.ts";
import { errorResponses, errorSchema } from "../../shared/api-fields.ts";
import { idParams } from "../../shared/form-fields.ts";
import { userCreateBody, userPatchBody } from "./schemas.ts";
import { createAccount, getAccount, listAccounts, updateAccount } from "./service.ts";

const tags = ["账号"];

const userJsonSchema = z
  .object({
    id: z.number().int().describe("账号编号"),
    username: z.string().describe("用户名"),
    name: z.string().describe("姓名"),
    email: z.string().nullable().describe("邮箱"),
    role: z.enum(roles).describe("角色：office 督查室，unit 责任单位，leader 领导"),
    unitId: z.number().int().nullable().describe("所属单位编号（责任单位账号）"),
    leaderUnitIds: z.array(z.number().int()).describe("分管单位编号（领导账号）"),
    active: z.boolean().describe("是否可用；停用的账号不能登录"),
    mustChangePassword: z.boolean().describe("密码已被重置，下次登录须先修改"),
    lastLoginAt: z.string().nullable().describe("最近登录时间，ISO 8601（UTC）；从未登录为 null"),
  })
  .describe("账号（不含密码）");

type UserRow = {
  id: number;
  username: string;
  name: string;
  email: string | null;
  role: string;
  unitId: number | null;
  leaderUnits: { unitId: number }[];
  active: boolean;
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
};

function userJson(u: UserRow) {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    email: u.email,
    role: u.role as (typeof roles)[number],
    unitId: u.unitId,
    leaderUnitIds: u.leaderUnits.map((l) => l.unitId),
    active: u.active,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
  };
}

const userIdParams = z.object({ id: idParams.shape.id.describe("账号编号") });
const officeOnly = "仅限督查室的令牌，其他角色返回 403。";

export const userApiRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/users",
    {
      schema: {
        tags,
        summary: "账号列表",
        description: `全部账号（含已停用的），不含密码。${officeOnly}`,
        response: {
          200: z.object({ items: z.array(userJsonSchema).describe("全部账号") }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ items: (await listAccounts(app.db, request.apiActor!)).map(userJson) }),
  );

  app.post(
    "/users",
    {
      schema: {
        tags,
        summary: "新建账号",
        description: `${officeOnly}责任单位账号必须给出所属单位；用户名已被使用时返回 422。`,
        body: userCreateBody,
        response: { 201: userJsonSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { email, unitId, leaderUnitIds, ...rest } = request.body;
      const created = await createAccount(app.db, request.apiActor!, {
        ...rest,
        email: email ?? undefined,
        unitId: unitId ?? undefined,
        leaderUnitIds: leaderUnitIds ?? [],
      });
      return reply.code(201).send(userJson(await getAccount(app.db, request.apiActor!, created.id)));
    },
  );

  app.patch(
    "/users/:id",
    {
      schema: {
        tags,
        summary: "修改账号",
        description: `${officeOnly}只修改请求中给出的字段。停用后该账号立即退出登录、API 令牌全部吊销；最后一个可用的督查室账号不能停用或改为其他角色（422）。`,
        params: userIdParams,
        body: userPatchBody,
        response: { 200: userJsonSchema, ...errorResponses, 404: errorSchema.describe("账号不存在") },
      },
    },
    async (request) =>
      userJson(await updateAccount(app.db, request.apiActor!, request.params.id, request.body, app.clock())),
  );
};
