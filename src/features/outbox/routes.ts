import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendSoon } from "../../email/sender-address.ts";
import { formErrors } from "../../http/forms.ts";
import { flash } from "../../http/session-auth.ts";
import { reminderSettingsSchema } from "../../reminders/settings.ts";
import { requireRole } from "../../shared/actor.ts";
import { emptyForm, idParams, optional } from "../../shared/form-fields.ts";
import { getReminderSettings, updateReminderSettings } from "../settings/service.ts";
import {
  listOutgoingMail,
  outboxStatuses,
  outboxStatusNames,
  retryAllFailedMail,
  retryMail,
} from "./service.ts";

const settingsForm = z.object({
  dueSoonDays: z
    .string()
    .trim()
    .regex(/^\d{1,2}([,，、\s]+\d{1,2})*$/, "请用逗号分隔天数，如 7,3,1")
    .transform((v) => [...new Set(v.split(/[,，、\s]+/).map(Number))].sort((a, b) => b - a))
    .pipe(
      z.array(z.number().min(1, "天数至少为 1").max(60, "天数不超过 60")).max(6, "最多设置 6 个提醒天数"),
    ),
  overdueEveryDays: z.coerce.number().int("请填写整数").min(1, "至少 1 天").max(30, "不超过 30 天"),
  escalateAfterDays: z.coerce.number().int("请填写整数").min(1, "至少 1 天").max(90, "不超过 90 天"),
  signWithinWorkdays: z.coerce
    .number()
    .int("请填写整数")
    .min(1, "至少 1 个工作日")
    .max(10, "不超过 10 个工作日"),
  runAt: z.string("请填写时间").regex(/^([01]\d|2[0-3]):[0-5]\d$/, "时间格式应为 08:30"),
  countWorkdays: z.preprocess((v) => v === "on", z.boolean()),
  workdaysOnly: z.preprocess((v) => v === "on", z.boolean()),
  senderAddress: z.string().trim().max(200, "发件人不能超过 200 个字符").default(""),
});

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
    sendSoon({ db: app.db, mailer: app.mailer, config: app.config, log: app.log });
    flash(request, "已重新加入发送队列");
    return reply.redirect("/outbox?status=failed", 303);
  });

  app.post("/outbox/retry-failed", { schema: { body: emptyForm } }, async (request, reply) => {
    const count = await retryAllFailedMail(app.db, request.actor!, app.clock());
    if (count > 0) sendSoon({ db: app.db, mailer: app.mailer, config: app.config, log: app.log });
    flash(request, count > 0 ? `已将 ${count} 封发送失败的邮件重新加入发送队列` : "没有发送失败的邮件");
    return reply.redirect("/outbox", 303);
  });

  app.get("/settings/reminders", async (request, reply) => {
    const settings = await getReminderSettings(app.db, request.actor!);
    return reply.view("settings/reminders.eta", {
      title: "提醒设置",
      values: settingsValues(settings),
      errors: {},
    });
  });

  app.post(
    "/settings/reminders",
    { schema: { body: settingsForm }, attachValidation: true },
    async (request, reply) => {
      // Before validating: anyone else gets 403, not the office's form with their mistakes marked.
      requireRole(request.actor!, "office");
      const errors = formErrors(request);
      if (errors) {
        return reply
          .code(422)
          .view("settings/reminders.eta", { title: "提醒设置", values: request.body ?? {}, errors });
      }
      await updateReminderSettings(app.db, request.actor!, reminderSettingsSchema.parse(request.body));
      flash(request, "提醒设置已保存，下一次提醒按新设置执行");
      return reply.redirect("/settings/reminders", 303);
    },
  );
};

function settingsValues(s: z.output<typeof reminderSettingsSchema>) {
  return {
    ...s,
    dueSoonDays: s.dueSoonDays.join(","),
    countWorkdays: s.countWorkdays ? "on" : "",
    workdaysOnly: s.workdaysOnly ? "on" : "",
  };
}
