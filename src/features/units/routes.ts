// 单位名录 (office): the list, adding and editing a unit, 停用/启用, and merging a duplicate into another.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { type FieldErrors, submitForm } from "../../http/forms.ts";
import { flash } from "../../http/session-auth.ts";
import { idParams } from "../../shared/form-fields.ts";
import { activeForm, mergeFormSchema, unitFormSchema, unitListQuery } from "./schemas.ts";
import {
  addUnit,
  editUnit,
  getDirectoryUnit,
  listDirectory,
  listMergeTargets,
  type MoveUnitTasks,
  mergeUnits,
  requireDirectoryKeeper,
  unitKindNames,
} from "./service.ts";

type UnitRow = {
  name: string;
  shortName: string | null;
  aliases: string[];
  kind: string;
  emails: string[];
  duties: string[];
};

/** A unit as its form shows it: lists one entry per line. */
function formValues(unit: UnitRow) {
  return {
    name: unit.name,
    shortName: unit.shortName ?? "",
    aliases: unit.aliases.join("\n"),
    kind: unit.kind,
    emails: unit.emails.join("\n"),
    duties: unit.duties.join("\n"),
  };
}

const formLabels = {
  name: "单位全称",
  shortName: "简称",
  aliases: "别名",
  kind: "类别",
  emails: "联系邮箱",
  duties: "职责关键词",
};

export const unitRoutes: FastifyPluginAsyncZod<{ moveTasks: MoveUnitTasks }> = async (app, options) => {
  app.get("/units", { schema: { querystring: unitListQuery } }, async (request, reply) => {
    const directory = await listDirectory(app.db, request.actor!, request.query.q);
    return reply.view("units/list.eta", {
      title: "单位名录",
      ...directory,
      q: request.query.q ?? "",
      unitKindNames,
    });
  });

  function newPage(reply: FastifyReply, values: object, errors: FieldErrors, status = 200) {
    return reply.code(status).view("units/form.eta", {
      title: "新增单位",
      unit: null,
      values,
      errors,
      labels: formLabels,
      unitKindNames,
    });
  }

  async function editPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: object | null,
    errors: FieldErrors,
    status = 200,
  ) {
    const page = await getDirectoryUnit(app.db, request.actor!, id);
    return reply.code(status).view("units/form.eta", {
      title: `编辑单位：${page.unit.name}`,
      ...page,
      values: values ?? formValues(page.unit),
      errors,
      labels: formLabels,
      unitKindNames,
    });
  }

  app.get("/units/new", async (request, reply) => {
    requireDirectoryKeeper(request.actor!);
    return newPage(reply, { kind: "" }, {});
  });

  app.post("/units", { schema: { body: unitFormSchema }, attachValidation: true }, async (request, reply) => {
    requireDirectoryKeeper(request.actor!);
    return submitForm(request, reply, {
      run: () => addUnit(app.db, request.actor!, request.body),
      rerender: (errors, status) => newPage(reply, request.body ?? {}, errors, status),
      done: (unit) => `已添加单位“${unit.name}”`,
      redirect: "/units",
    });
  });

  app.get("/units/:id/edit", { schema: { params: idParams } }, async (request, reply) =>
    editPage(request, reply, request.params.id, null, {}),
  );

  app.post(
    "/units/:id",
    { schema: { params: idParams, body: unitFormSchema }, attachValidation: true },
    async (request, reply) => {
      requireDirectoryKeeper(request.actor!);
      const id = request.params.id;
      return submitForm(request, reply, {
        run: () => editUnit(app.db, request.actor!, id, request.body),
        rerender: (errors, status) => editPage(request, reply, id, request.body ?? {}, errors, status),
        done: (unit) => `已保存单位“${unit.name}”`,
        redirect: `/units/${id}/edit`,
      });
    },
  );

  app.post(
    "/units/:id/active",
    { schema: { params: idParams, body: activeForm } },
    async (request, reply) => {
      const active = request.body.active === "true";
      const unit = await editUnit(app.db, request.actor!, request.params.id, { active });
      flash(
        request,
        active
          ? `已启用单位“${unit.name}”`
          : `已停用单位“${unit.name}”：抽取和选择单位时不再出现，其未办结事项保留并标注“责任单位已停用”`,
      );
      return reply.redirect(`/units/${unit.id}/edit`, 303);
    },
  );

  async function mergePage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: object,
    errors: FieldErrors,
    status = 200,
  ) {
    const page = await getDirectoryUnit(app.db, request.actor!, id);
    const targets = await listMergeTargets(app.db, request.actor!, id);
    return reply.code(status).view("units/merge.eta", {
      title: `合并单位：${page.unit.name}`,
      ...page,
      targets,
      values,
      errors,
    });
  }

  app.get("/units/:id/merge", { schema: { params: idParams } }, async (request, reply) =>
    mergePage(request, reply, request.params.id, {}, {}),
  );

  app.post(
    "/units/:id/merge",
    { schema: { params: idParams, body: mergeFormSchema }, attachValidation: true },
    async (request, reply) => {
      requireDirectoryKeeper(request.actor!);
      const id = request.params.id;
      return submitForm(request, reply, {
        run: () => mergeUnits(app.db, request.actor!, id, request.body.intoId, options.moveTasks),
        rerender: (errors, status) => mergePage(request, reply, id, request.body ?? {}, errors, status),
        done: (r) =>
          `已将“${r.from}”并入“${r.into}”：转移事项 ${r.tasks} 项、账号 ${r.users} 个、分管领导 ${r.leaders} 位，原名称已作为别名`,
        redirect: `/units/${request.body?.intoId}/edit`,
      });
    },
  );
};
