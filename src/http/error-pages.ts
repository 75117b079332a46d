// One error handler for the whole app: a Chinese page (or JSON under /api) with the right status. Messages are
// shown only below 500; a 500 shows a generic page and the details go to the log.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { isTransactionConflict } from "../db/errors.ts";
import { AppError, InvalidInputError } from "../shared/errors.ts";
import { type FieldErrors, validationFieldErrors } from "./forms.ts";

const headings: Record<number, string> = {
  400: "请求有误",
  401: "请先登录",
  403: "没有权限",
  404: "页面不存在",
  409: "操作冲突",
  413: "内容过大",
  415: "格式不支持",
  422: "填写有误",
  429: "操作过于频繁",
  500: "服务器出错了",
  503: "暂停服务",
};

const notFoundMessage = "您要找的页面不存在，可能地址有误或内容已被删除。";

export const errorPages = fp(async (app: FastifyInstance) => {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      // A path that names no possible row (/tasks/abc, /tasks/99999999999) is a page that does not exist.
      if (error.validationContext === "params") return render(request, reply, 404, notFoundMessage);
      const fields = validationFieldErrors(error.validation);
      return render(request, reply, 422, Object.values(fields).join("；"), fields);
    }
    const status = statusOf(error);
    if (status >= 500) request.log.error({ err: error }, "request failed");
    const message =
      status >= 500
        ? "服务器处理请求时出错，请稍后再试。如果问题持续出现，请联系系统管理员。"
        : messageOf(error, status);
    const fields =
      error instanceof InvalidInputError ? { [error.field ?? "_form"]: error.message } : undefined;
    return render(request, reply, status, message, fields);
  });

  app.setNotFoundHandler(async (request, reply) => render(request, reply, 404, notFoundMessage));

  // Once shutdown begins (SIGTERM, a restart), requests still arriving on open connections are answered at once in
  // Chinese, while the ones already running finish (Fastify's own 503 is English JSON: return503OnClosing is off).
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onRequest", async (request, reply) => {
    if (!closing) return;
    reply.header("retry-after", "30");
    const body = await render(
      request,
      reply,
      503,
      "系统正在重启或维护，请稍后刷新页面重试。刚才的操作没有执行。",
    );
    // A page is sent by reply.view inside render; the API's JSON is sent here.
    if (!reply.sent) await reply.send(body);
    return reply;
  });
});

const conflictMessage = "与其他人的操作同时提交，发生冲突，本次操作没有执行，请重试。";

function statusOf(error: FastifyError): number {
  if (error instanceof AppError) return error.statusCode;
  if (isTransactionConflict(error)) return 409;
  const code = error.statusCode ?? 500;
  return code >= 400 && code < 600 ? code : 500;
}

function messageOf(error: FastifyError, status: number): string {
  if (error instanceof AppError) return error.message;
  if (isTransactionConflict(error)) return conflictMessage;
  if (error.code?.startsWith("FST_CSRF")) return "页面已过期或来源不明，请返回刷新页面后重新提交。";
  if (status === 413) return "提交的内容超过了大小限制。";
  if (status === 415) return "提交的内容格式不受支持。";
  if (status === 429) return "操作过于频繁，请稍后再试。";
  if (status === 401) return "登录已过期，请重新登录。";
  // Fastify's own 4xx messages are English; say what we can in Chinese.
  if (/[\u4e00-\u9fff]/.test(error.message)) return error.message;
  return "请求格式不正确，请检查后重试。";
}

async function render(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
  fields?: FieldErrors,
) {
  reply.code(status);
  if (request.url.startsWith("/api/")) {
    return { error: headings[status] ?? "出错了", message, ...(fields ? { fields } : {}) };
  }
  // The error may have happened before the session hook filled the layout's locals.
  reply.locals = { nav: [], demo: false, flash: null, actor: null, csrfToken: "", path: "", ...reply.locals };
  return reply.view("error.eta", { title: headings[status] ?? "出错了", status, message });
}
