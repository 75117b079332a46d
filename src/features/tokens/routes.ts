// /account/tokens: every signed-in user manages their own API tokens here, with the same CSRF-protected forms
// as the rest of the site.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { InvalidInputError } from "../../errors.ts";
import { type FieldErrors, fieldErrorsOf, parseForm } from "../../http/forms.ts";
import { flash } from "../../http/session-auth.ts";
import { tokenNameSchema } from "./schemas.ts";
import { createToken, listTokens, revokeToken } from "./service.ts";

type Shown = { token: string; name: string } | null;

export async function tokenRoutes(app: FastifyInstance) {
  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { created?: Shown; errors?: FieldErrors; values?: Record<string, unknown>; status?: number } = {},
  ) {
    const tokens = await listTokens(app.db, request.actor!);
    return reply
      .code(extra.status ?? 200)
      .header("cache-control", "no-store")
      .view("tokens/list.eta", {
        title: "API 令牌",
        tokens,
        created: extra.created ?? null,
        errors: extra.errors ?? {},
        values: extra.values ?? {},
        publicUrl: app.config.publicUrl,
      });
  }

  app.get("/account/tokens", (request, reply) => page(request, reply));

  // The new token is rendered in this response rather than flashed through a redirect: it must never be stored
  // anywhere in the clear, the session included.
  app.post("/account/tokens", async (request, reply) => {
    const values = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(tokenNameSchema, values);
    if (!form.ok) return page(request, reply, { errors: form.errors, values, status: 422 });
    try {
      const created = await createToken(app.db, request.actor!, form.data.name);
      return page(request, reply, { created });
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return page(request, reply, { errors: fieldErrorsOf(error), values, status: 422 });
    }
  });

  app.post<{ Params: { id: string } }>("/account/tokens/:id/revoke", async (request, reply) => {
    const id = Number(request.params.id);
    await revokeToken(app.db, request.actor!, Number.isInteger(id) && id > 0 ? id : 0, app.clock());
    flash(request, "令牌已吊销，使用它的系统将无法再访问");
    return reply.redirect("/account/tokens", 303);
  });
}
