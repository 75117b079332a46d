// /account/tokens: every signed-in user manages their own API tokens here, with the same CSRF-protected forms
// as the rest of the site.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { type FieldErrors, fieldErrorsOf, formErrors } from "../../http/forms.ts";
import { flash } from "../../http/session-auth.ts";
import { InvalidInputError } from "../../shared/errors.ts";
import { idParams } from "../../shared/form-fields.ts";
import { tokenNameSchema } from "./schemas.ts";
import { createToken, listTokens, revokeToken } from "./service.ts";

type Shown = { token: string; name: string } | null;

export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { created?: Shown; errors?: FieldErrors; values?: unknown; status?: number } = {},
  ) {
    const tokens = await listTokens(app.db, request.actor!);
    return reply.code(extra.status ?? 200).view("tokens/list.eta", {
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
  app.post(
    "/account/tokens",
    { schema: { body: tokenNameSchema }, attachValidation: true },
    async (request, reply) => {
      const values = request.body;
      const errors = formErrors(request);
      if (errors) return page(request, reply, { errors, values, status: 422 });
      try {
        const created = await createToken(app.db, request.actor!, request.body.name);
        return page(request, reply, { created });
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        return page(request, reply, { errors: fieldErrorsOf(error), values, status: 422 });
      }
    },
  );

  app.post("/account/tokens/:id/revoke", { schema: { params: idParams } }, async (request, reply) => {
    await revokeToken(app.db, request.actor!, request.params.id, app.clock());
    flash(request, "令牌已吊销，使用它的系统将无法再访问");
    return reply.redirect("/account/tokens", 303);
  });
};
