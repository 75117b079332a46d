// One error handler for the whole app: a Chinese page (or JSON under /api) with the right status. Messages are
// shown only below 500; a 500 shows a generic page and the details go to the log.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { AppError } from "../errors.ts";

const headings: Record<number, string> = {
  400: "请求有误",
  401: "请先登录",
  403: "没有权限",
  404: "页面不存在",
  409: "操作冲突",
  413: "内容过大",
  422: "填写有误",
  429: "操作过于频繁",
  500: "服务器出错了",
};

export const errorPages = fp(async (app: FastifyInstance) => {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = statusOf(error);
    if (status >= 500) request.log.error({ err: error }, "request failed");
    const message =
      status >= 500
        ? "服务器处理请求时出错，请稍后再试。如果问题持续出现，请联系系统管理员。"
        : messageOf(error, status);
    return render(request, reply, status, message);
  });

  app.setNotFoundHandler(async (request, reply) =>
    render(request, reply, 404, "您要找的页面不存在，可能地址有误或内容已被删除。"),
  );
});

function statusOf(error: FastifyError): number {
  if (error instanceof AppError) return error.statusCode;
  const code = error.statusCode ?? 500;
  return code >= 400 && code < 600 ? code : 500;
}

function messageOf(error: FastifyError, status: number): string {
  if (error instanceof AppError) return error.message;
  if (error.code?.startsWith("FST_CSRF")) return "页面已过期或来源不明，请返回刷新页面后重新提交。";
  if (status === 413) return "提交的内容超过了大小限制。";
  if (status === 429) return "登录尝试次数过多，请稍后再试。";
  if (status === 401) return "登录已过期，请重新登录。";
  // Fastify's own 4xx messages are English; say what we can in Chinese.
  if (/[\u4e00-\u9fff]/.test(error.message)) return error.message;
  return "请求格式不正确，请检查后重试。";
}

async function render(request: FastifyRequest, reply: FastifyReply, status: number, message: string) {
  reply.code(status);
  if (request.url.startsWith("/api/")) return { error: headings[status] ?? "出错了", message };
  // The error may have happened before the session hook filled the layout's locals.
  reply.locals = { nav: [], demo: false, flash: null, actor: null, csrfToken: "", path: "", ...reply.locals };
  return reply.view("error.eta", { title: headings[status] ?? "出错了", status, message });
}
