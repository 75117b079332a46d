// 我的账号 → 通知方式: each person chooses, per kind of workflow notice, at once or in the daily digest. The page
// itself is the account page (src/features/auth/routes.ts), which lists the choices from this feature's service.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { formErrors } from "../../http/forms.ts";
import { flash } from "../../http/session-auth.ts";
import { noticePrefsForm } from "./schemas.ts";
import { saveNoticePreferences } from "./service.ts";

export const noticeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/account/notices",
    { schema: { body: noticePrefsForm }, attachValidation: true },
    async (request, reply) => {
      // Radio buttons offer only the two values: anything else is a hand-made post, refused without a change.
      if (formErrors(request)) {
        flash(request, "通知方式未保存：提交的选项有误，请重新选择");
        return reply.redirect("/account", 303);
      }
      await saveNoticePreferences(app.db, request.actor!, request.body);
      flash(request, "通知方式已保存");
      return reply.redirect("/account", 303);
    },
  );
};
