import type { FastifyInstance } from "fastify";
import { InvalidInputError } from "../../errors.ts";
import { type FieldErrors, fieldErrorsOf, parseForm } from "../../http/forms.ts";
import { flash } from "../../http/session-auth.ts";
import { roleNames } from "../auth/permissions.ts";
import { listUnits } from "../units/repository.ts";
import { newUserSchema } from "./schemas.ts";
import { createAccount, listAccounts, setAccountActive } from "./service.ts";

export async function userRoutes(app: FastifyInstance) {
  async function page(
    actor: Parameters<typeof listAccounts>[1],
    values: Record<string, unknown>,
    errors: FieldErrors,
  ) {
    const users = await listAccounts(app.db, actor);
    const units = await listUnits(app.db, { active: true });
    return { title: "账号管理", users, units, roleNames, values, errors };
  }

  app.get("/users", async (request, reply) =>
    reply.view("users/list.eta", await page(request.actor!, {}, {})),
  );

  app.post("/users", async (request, reply) => {
    const actor = request.actor!;
    const values = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(newUserSchema, values);
    if (!form.ok) return reply.code(422).view("users/list.eta", await page(actor, values, form.errors));
    try {
      await createAccount(app.db, actor, form.data);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return reply.code(422).view("users/list.eta", await page(actor, values, fieldErrorsOf(error)));
    }
    flash(request, `已创建账号“${form.data.username}”`);
    return reply.redirect("/users", 303);
  });

  app.post<{ Params: { id: string }; Body: { active?: string } }>(
    "/users/:id/active",
    async (request, reply) => {
      const id = Number(request.params.id);
      const active = request.body?.active === "true";
      if (!Number.isInteger(id)) return reply.callNotFound();
      await setAccountActive(app.db, request.actor!, id, active);
      flash(request, active ? "账号已启用" : "账号已停用，该用户已被强制退出登录");
      return reply.redirect("/users", 303);
    },
  );
}
