// 账号管理 (office): the list with the new-account form, editing an account, 停用/启用 and 重置密码.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { type FieldErrors, submitForm } from "../../http/forms.ts";
import { flash } from "../../http/session-auth.ts";
import { roleNames } from "../../shared/actor.ts";
import { emptyForm, idParams } from "../../shared/form-fields.ts";
import { listActiveUnits } from "../units/service.ts";
import { activeBody, editUserSchema, newUserSchema, userListQuery } from "./schemas.ts";
import {
  createAccount,
  getAccount,
  listAccounts,
  requireAccountKeeper,
  resetPassword,
  setAccountActive,
  updateAccount,
} from "./service.ts";

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: unknown,
    errors: FieldErrors,
    status = 200,
  ) {
    const q = (request.query as { q?: string } | undefined)?.q;
    const users = await listAccounts(app.db, request.actor!, q);
    const units = await listActiveUnits(app.db);
    return reply.code(status).view("users/list.eta", {
      title: "账号管理",
      users,
      units,
      roleNames,
      q: q ?? "",
      values: values ?? {},
      errors,
    });
  }

  app.get("/users", { schema: { querystring: userListQuery } }, async (request, reply) =>
    listPage(request, reply, {}, {}),
  );

  app.post("/users", { schema: { body: newUserSchema }, attachValidation: true }, async (request, reply) => {
    requireAccountKeeper(request.actor!);
    return submitForm(request, reply, {
      run: () => createAccount(app.db, request.actor!, request.body),
      rerender: (errors, status) => listPage(request, reply, request.body, errors, status),
      done: (user) => `已创建账号“${user.username}”`,
      redirect: "/users",
    });
  });

  async function editPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Record<string, unknown> | null,
    errors: FieldErrors,
    status = 200,
  ) {
    const user = await getAccount(app.db, request.actor!, id);
    const units = await listActiveUnits(app.db);
    const leaderUnitIds = (
      values ? [values.leaderUnitIds ?? []].flat() : user.leaderUnits.map((l) => l.unitId)
    ).map(String);
    return reply.code(status).view("users/edit.eta", {
      title: `编辑账号：${user.name}`,
      user,
      units,
      roleNames,
      values: values ?? {
        name: user.name,
        email: user.email ?? "",
        role: user.role,
        unitId: user.unitId ?? "",
      },
      leaderUnitIds,
      errors,
    });
  }

  app.get("/users/:id/edit", { schema: { params: idParams } }, async (request, reply) =>
    editPage(request, reply, request.params.id, null, {}),
  );

  app.post(
    "/users/:id",
    { schema: { params: idParams, body: editUserSchema }, attachValidation: true },
    async (request, reply) => {
      requireAccountKeeper(request.actor!);
      const id = request.params.id;
      return submitForm(request, reply, {
        run: () => updateAccount(app.db, request.actor!, id, request.body, app.clock()),
        rerender: (errors, status) =>
          editPage(request, reply, id, (request.body ?? {}) as Record<string, unknown>, errors, status),
        done: (user) => `已保存账号“${user.username}”`,
        redirect: `/users/${id}/edit`,
      });
    },
  );

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

  // The new password is rendered in this response, never flashed through a redirect: it must not be stored in
  // the clear anywhere, the session included. Pressing again makes another one.
  app.post(
    "/users/:id/password",
    { schema: { params: idParams, body: emptyForm } },
    async (request, reply) => {
      const { user, password } = await resetPassword(app.db, request.actor!, request.params.id, app.clock());
      return reply.view("users/password.eta", { title: "密码已重置", user, password });
    },
  );
};
