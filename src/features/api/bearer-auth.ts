// Bearer-token sign-in for /api. The page session is not used here: a token names the user, and the Actor it
// loads is the one the pages use, so every service rule applies unchanged.
import type { FastifyInstance } from "fastify";
import { dataVersionOf } from "../../http/data-version.ts";
import { signedInActor } from "../../http/session-auth.ts";
import type { Actor } from "../../shared/actor.ts";
import { AppError } from "../../shared/errors.ts";
import { loadActor } from "../auth/service.ts";
import { tokenOwner } from "../tokens/service.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The user behind the request's API token; set for every /api route that is not public. */
    apiActor: Actor | null;
  }
  interface FastifyContextConfig {
    /** The OpenAPI document and its page: readable by anyone; a token, when sent, is still checked. */
    apiDocs?: boolean;
  }
}

class UnauthorizedError extends AppError {
  constructor(message: string) {
    super(401, message);
  }
}

function bearerOf(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

/** Hooks for the /api scope; registered inside it, so they run only there. */
export function bearerAuth(app: FastifyInstance) {
  app.decorateRequest("apiActor", null);

  app.addHook("onRequest", async (request, reply) => {
    const header = request.headers.authorization;
    if (request.routeOptions.config.apiDocs && !header) return;
    reply.header("www-authenticate", 'Bearer realm="duban"');
    const token = bearerOf(header);
    if (!token) throw new UnauthorizedError("缺少 API 令牌：请在请求头中加入 Authorization: Bearer <令牌>");
    const owner = await tokenOwner(app.db, token, app.clock());
    // The token is checked on every request (a revoked one stops at once); its user comes from the same cache as
    // a signed-in page's, kept under the data version.
    const actor =
      owner === null ? null : await signedInActor(app.db, await dataVersionOf(request), owner, loadActor);
    if (!actor) throw new UnauthorizedError("API 令牌无效或已吊销，或者令牌所属账号已停用");
    request.apiActor = actor;
    // With the actor set, the app-wide session hook leaves the request alone: no session, no CSRF secret.
    request.actor = actor;
  });
}
