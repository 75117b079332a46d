// The JSON API under /api: token sign-in, zod-validated requests and responses, and an OpenAPI description.
// This file only composes: the handlers are the features' (their api-routes.ts), and every rule (roles, units,
// states) is the services', exactly as for the pages.
import swagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { calendarApiRoutes } from "../calendar/api-routes.ts";
import { dashboardApiRoutes } from "../dashboard/api-routes.ts";
import { meetingApiRoutes } from "../meetings/api-routes.ts";
import { taskApiRoutes } from "../tasks/api-routes.ts";
import { tokenRoutes } from "../tokens/routes.ts";
import { unitApiRoutes } from "../units/api-routes.ts";
import { userApiRoutes } from "../users/api-routes.ts";
import { bearerAuth } from "./bearer-auth.ts";
import { apiDocsRoutes } from "./docs.ts";

async function apiScope(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "督办 Duban API",
        version: "1.0.0",
        description:
          "会议议定事项督办系统的数据接口。每个请求都要带上个人 API 令牌（在“我的账号 → API 令牌”中生成）：" +
          "`Authorization: Bearer <令牌>`。接口的权限与令牌所属账号登录网页时完全相同：督查室、领导、责任单位各自只能查看和办理网页上允许的事项。" +
          "出错时返回 `{ error, message }`，填写有误（422）时另有 `fields`，逐项说明。",
      },
      tags: [
        { name: "督办事项", description: "查询、反馈进展与办理" },
        { name: "会议", description: "已导入的会议纪要" },
        { name: "单位", description: "责任单位名录" },
        { name: "账号", description: "账号管理（仅限督查室）" },
        { name: "统计", description: "统计分析的数字" },
        { name: "日历", description: "工作日历：法定节假日、调休和本地调整（仅限督查室）" },
      ],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: "http",
            scheme: "bearer",
            description: "个人 API 令牌（duban_ 开头），只在生成时显示一次；吊销或账号停用后立即失效",
          },
        },
      },
      security: [{ bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  bearerAuth(app);
  // Without this an unknown /api path would fall to the app's 404, past the token check, and the session hook
  // would send the client to the login page.
  app.setNotFoundHandler(async (_request, reply) =>
    reply.code(404).send({ error: "接口不存在", message: "没有这个接口，可用的接口见 /api/docs" }),
  );
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Each feature's handlers, under the one scope with its token check and its document.
  await api.register(taskApiRoutes);
  await api.register(meetingApiRoutes);
  await api.register(unitApiRoutes);
  await api.register(userApiRoutes);
  await api.register(dashboardApiRoutes);
  await api.register(calendarApiRoutes);
  await api.register(apiDocsRoutes);
}

/** The token pages (/account/tokens, signed in through the session like every page) and the /api scope. */
export async function apiRoutes(app: FastifyInstance) {
  await app.register(tokenRoutes);
  await app.register(apiScope, { prefix: "/api" });
}
