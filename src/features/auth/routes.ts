import type { FastifyInstance } from "fastify";
import { InvalidInputError } from "../../errors.ts";
import { fieldErrorsOf, parseForm } from "../../http/forms.ts";
import { flash } from "../../http/session-auth.ts";
import { changePasswordSchema, loginSchema } from "./schemas.ts";
import { authenticate, changePassword } from "./service.ts";

/** Only same-site paths, so a crafted ?next= cannot send the user elsewhere after log-in. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : "/";
}

export async function authRoutes(app: FastifyInstance) {
  app.get<{ Querystring: { next?: string } }>("/login", async (request, reply) => {
    if (request.actor) return reply.redirect(safeNext(request.query.next), 303);
    return reply.view("auth/login.eta", {
      title: "登录",
      next: request.query.next ?? "",
      values: {},
      errors: {},
    });
  });

  app.post(
    "/login",
    {
      config: {
        rateLimit: {
          max: app.config.login.maxAttempts,
          timeWindow: app.config.login.windowMinutes * 60 * 1000,
          // Per address and user name: a whole office behind one NAT address must not lock itself out.
          hook: "preHandler",
          keyGenerator: (request) =>
            `${request.ip}|${String((request.body as { username?: unknown })?.username ?? "")}`,
          errorResponseBuilder: (_request, context) => ({
            statusCode: 429,
            message: `登录尝试次数过多，请 ${Math.ceil(context.ttl / 60000)} 分钟后再试。`,
          }),
        },
      },
    },
    async (request, reply) => {
      const form = parseForm(loginSchema, request.body);
      const values = { username: (request.body as { username?: string } | undefined)?.username ?? "" };
      if (!form.ok) {
        return reply
          .code(422)
          .view("auth/login.eta", { title: "登录", next: "", values, errors: form.errors });
      }
      const userId = await authenticate(app.db, form.data.username, form.data.password, app.clock());
      if (userId === null) {
        return reply.code(401).view("auth/login.eta", {
          title: "登录",
          next: form.data.next ?? "",
          values,
          errors: { _form: "用户名或密码不正确，或账号已停用" },
        });
      }
      // A new session id on log-in, so a session fixed before log-in is worthless.
      await request.session.regenerate();
      request.session.set("userId", userId);
      return reply.redirect(safeNext(form.data.next), 303);
    },
  );

  app.post("/logout", async (request, reply) => {
    await request.session.destroy();
    return reply.redirect("/login", 303);
  });

  app.get("/account", async (_request, reply) =>
    reply.view("auth/account.eta", { title: "我的账号", errors: {} }),
  );

  app.post("/account/password", async (request, reply) => {
    const actor = request.actor!;
    const form = parseForm(changePasswordSchema, request.body);
    if (!form.ok) return reply.code(422).view("auth/account.eta", { title: "我的账号", errors: form.errors });
    try {
      await changePassword(app.db, actor, form.data, request.session.sessionId);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return reply.code(422).view("auth/account.eta", { title: "我的账号", errors: fieldErrorsOf(error) });
    }
    flash(request, "密码已修改。其他设备上的登录已全部退出。");
    return reply.redirect("/account", 303);
  });
}
