// After the office resets a password, the user's next sign-in leads to 我的账号 and nowhere else until they have
// chosen their own: the one-time password passed through other hands.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { ForbiddenError } from "../../shared/errors.ts";

declare module "fastify" {
  interface Session {
    /** Set at log-in from users.must_change_password; cleared when the password is changed. */
    mustChangePassword?: boolean;
  }
}

const open = new Set(["/account", "/account/password", "/logout", "/login", "/healthz"]);

/** Registered after the sign-in hook (src/http/session-auth.ts), which it relies on to have found the user. */
export const passwordGate = fp(async (app: FastifyInstance) => {
  app.addHook("preValidation", async (request, reply) => {
    if (!request.actor || request.session?.get("mustChangePassword") !== true) return;
    const path = request.url.split("?")[0] ?? "/";
    if (open.has(path) || path.startsWith("/assets/")) return;
    if (request.method === "GET" || request.method === "HEAD") return reply.redirect("/account", 303);
    throw new ForbiddenError("督查室已重置您的密码，请先在“我的账号”中设置新密码，再进行其他操作");
  });
});
