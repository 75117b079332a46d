import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { type FieldErrors, fieldErrorsOf, formErrors } from "../../http/forms.ts";
import { flash } from "../../http/session-auth.ts";
import { roleNames } from "../../shared/actor.ts";
import { InvalidInputError } from "../../shared/errors.ts";
import { idParams } from "../../shared/form-fields.ts";
import { listUnits } from "../units/repository.ts";
import { newUserSchema } from "./schemas.ts";
import { createAccount, listAccounts, setAccountActive } from "./service.ts";

const activeBody = z.object({ active: z.enum(["true", "false"], "请选择启用或停用") });

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  async function page(actor: Parameters<typeof listAccounts>[1], values: unknown, errors: FieldErrors) {
    const users = await listAccounts(app.db, actor);
    const units = await listUnits(app.db, { active: true });
    return { title: "账号管理", users, units, roleNames, values: values ?? {}, errors };
  }

  app.get("/users", async (request, reply) =>
    reply.view("users/list.eta", await page(request.actor!, {}, {})),
  );

  app.post("/users", { schema: { body: newUserSchema }, attachValidation: true }, async (request, reply) => {
    const actor = request.actor!;
    const errors = formErrors(request);
    if (errors) return reply.code(422).view("users/list.eta", await page(actor, request.body, errors));
    try {
      await createAccount(app.db, actor, request.body);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return reply.code(422).view("users/list.eta", await page(actor, request.body, fieldErrorsOf(error)));
    }
    flash(request, `已创建账号“${request.body.username}”`);
    return reply.redirect("/users", 303);
  });

  app.post(
    "/users/:id/active",
    { schema: { params: idParams, body: activeBody } },
    async (request, reply) => {
      const active = request.body.active === "true";
      await setAccountActive(app.db, request.actor!, request.params.id, active, app.clock());
      flash(request, active ? "账号已启用" : "账号已停用，该用户已被强制退出登录，其 API 令牌已全部吊销");
      return reply.redirect("/users", 303);
    },
  );
};
