import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { flash } from "../../http/session-auth.ts";
import { emptyForm, idParams, optional } from "../../shared/form-fields.ts";
import {
  listOutgoingMail,
  outboxStatuses,
  outboxStatusNames,
  retryAllFailedMail,
  retryMail,
} from "./service.ts";

// An unknown status shows every message, as the page's own links never send one.
const outboxQuery = z.object({ status: optional(z.string().max(20)) });

export const outboxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/outbox", { schema: { querystring: outboxQuery } }, async (request, reply) => {
    const status = outboxStatuses.find((s) => s === request.query.status) ?? null;
    const mail = await listOutgoingMail(app.db, request.actor!, status);
    return reply.view("outbox/list.eta", {
      title: "邮件发送记录",
      ...mail,
      status,
      outboxStatuses,
      outboxStatusNames,
      smtpConfigured: app.mailer !== null,
    });
  });

  app.post("/outbox/:id/retry", { schema: { params: idParams } }, async (request, reply) => {
    await retryMail(app.db, request.actor!, request.params.id, app.clock());
    flash(request, "已重新加入发送队列");
    return reply.redirect("/outbox?status=failed", 303);
  });

  app.post("/outbox/retry-failed", { schema: { body: emptyForm } }, async (request, reply) => {
    const { retried, unaddressed } = await retryAllFailedMail(app.db, request.actor!, app.clock());
    const left = unaddressed > 0 ? `${unaddressed} 封没有收件地址，未重发，请先补充邮箱` : "";
    flash(
      request,
      retried > 0
        ? `已将 ${retried} 封发送失败的邮件重新加入发送队列${left ? `；另有 ${left}` : ""}`
        : left
          ? `没有可重发的邮件：${left}`
          : "没有发送失败的邮件",
    );
    return reply.redirect("/outbox", 303);
  });
};
