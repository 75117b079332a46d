import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { fieldErrorsOf, formErrors } from "../../http/forms.ts";
import { flash } from "../../http/session-auth.ts";
import { InvalidInputError } from "../../shared/errors.ts";
import { deliveryNames } from "../notices/kinds.ts";
import { noticePrefsForm } from "../notices/schemas.ts";
import { noticePreferencesOf, saveNoticePreferences } from "../notices/service.ts";
import { createLoginLimit } from "./login-limit.ts";
import { changePasswordSchema, loginSchema } from "./schemas.ts";
import { authenticate, changePassword } from "./service.ts";

/**
 * Only a path on this site, so a crafted ?next= cannot send the user elsewhere after log-in. Browsers drop tabs
 * and newlines from URLs and read "\" as "/", so "/\t/evil.example" and "/\evil.example" lead off-site.
 */
export function safeNext(next: string | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (!next || !/^\/(?![/\\])/.test(next) || /[\u0000-\u001F\u007F\\]/.test(next)) return "/";
  return new URL(next, "http://duban.invalid").host === "duban.invalid" ? next : "/";
}

const loginQuery = z.object({ next: z.string().max(2000).optional() });

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const limit = createLoginLimit(app.config.login.maxAttempts, app.config.login.windowMinutes * 60_000);

  app.get("/login", { schema: { querystring: loginQuery } }, async (request, reply) => {
    if (request.actor) return reply.redirect(safeNext(request.query.next), 303);
    return reply.view("auth/login.eta", {
      title: "登录",
      next: safeNext(request.query.next),
      values: {},
      errors: {},
    });
  });

  app.post("/login", { schema: { body: loginSchema }, attachValidation: true }, async (request, reply) => {
    const raw = request.body as { username?: unknown; next?: unknown } | undefined;
    const values = { username: typeof raw?.username === "string" ? raw.username : "" };
    const next = typeof raw?.next === "string" ? safeNext(raw.next) : "/";
    const login = (status: number, errors: Record<string, string>) =>
      reply.code(status).view("auth/login.eta", { title: "登录", next, values, errors });
    const errors = formErrors(request);
    if (errors) return login(422, errors);

    // Per address and user name: a whole office behind one NAT address must not lock itself out.
    const attempt = limit.reserve(request.ip, request.body.username, app.clock());
    if (!attempt.ok) {
      const minutes = Math.max(1, Math.ceil(attempt.waitMs / 60_000));
      reply.header("retry-after", String(Math.ceil(attempt.waitMs / 1000)));
      return login(429, { _form: `登录失败次数过多，请 ${minutes} 分钟后再试。` });
    }
    const signedIn = await authenticate(app.db, request.body.username, request.body.password, app.clock());
    if (signedIn === null) return login(401, { _form: "用户名或密码不正确，或账号已停用" });
    limit.succeeded(attempt.key);
    // A new session id on log-in, so a session fixed before log-in is worthless.
    await request.session.regenerate();
    request.session.set("userId", signedIn.userId);
    if (signedIn.mustChangePassword) {
      request.session.set("mustChangePassword", true);
      return reply.redirect("/account", 303);
    }
    return reply.redirect(next, 303);
  });

  app.post("/logout", async (request, reply) => {
    await request.session.destroy();
    return reply.redirect("/login", 303);
  });

  const accountPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: Record<string, string>,
    noticeErrors: Record<string, string> = {},
  ) =>
    reply.view("auth/account.eta", {
      title: "我的账号",
      errors,
      noticeErrors,
      mustChangePassword: request.session.get("mustChangePassword") === true,
      noticePrefs: await noticePreferencesOf(app.db, request.actor!),
      deliveryNames,
    });

  app.get("/account", async (request, reply) => accountPage(request, reply, {}));

  // 通知方式: per kind of workflow notice, at once or in the daily digest (src/features/notices/).
  app.post(
    "/account/notices",
    { schema: { body: noticePrefsForm }, attachValidation: true },
    async (request, reply) => {
      const errors = formErrors(request);
      if (errors) return accountPage(request, reply.code(422), {}, errors);
      await saveNoticePreferences(app.db, request.actor!, request.body);
      flash(request, "通知方式已保存");
      return reply.redirect("/account", 303);
    },
  );

  app.post(
    "/account/password",
    { schema: { body: changePasswordSchema }, attachValidation: true },
    async (request, reply) => {
      const actor = request.actor!;
      const errors = formErrors(request);
      if (errors) return accountPage(request, reply.code(422), errors);
      let revokedTokens: number;
      try {
        ({ revokedTokens } = await changePassword(
          app.db,
          actor,
          request.body,
          request.session.sessionId,
          app.clock(),
        ));
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        return accountPage(request, reply.code(422), fieldErrorsOf(error));
      }
      request.session.set("mustChangePassword", undefined);
      flash(
        request,
        revokedTokens > 0
          ? `密码已修改。其他设备上的登录已全部退出；您的 ${revokedTokens} 个 API 令牌已吊销，请在“API 令牌”中为对接系统重新生成。`
          : "密码已修改。其他设备上的登录已全部退出。",
      );
      return reply.redirect("/account", 303);
    },
  );
};
