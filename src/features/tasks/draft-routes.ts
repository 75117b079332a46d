// The review of a meeting's drafts and what the office does there (交办, merge, add, split, drop, add a unit),
// and the edit of a task, which a draft and a handed-out task share: each answers on its own page.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { formKeyOf } from "../../http/form-keys.ts";
import { formErrors, parseForm } from "../../http/forms.ts";
import type { Actor } from "../../shared/actor.ts";
import { AppError } from "../../shared/errors.ts";
import { idParams } from "../../shared/form-fields.ts";
import {
  addDraftFromText,
  addUnitToDirectory,
  checkMayEdit,
  chooseSuggestedLead,
  dropDraft,
  editTask,
  meetingOfDraft,
  mergeDrafts,
  splitDraft,
} from "./drafts.ts";
import { declineLink, linkDraft } from "./repeat-links.ts";
import { actOnReview, renderReviewPage } from "./review-page.ts";
import {
  draftSchema,
  fragmentSchema,
  leadSchema,
  linkSchema,
  newUnitSchema,
  reviewPressSchema,
  saveDraftSchema,
  selectionSchema,
  typedDraftsOf,
} from "./schemas.ts";
import { assignTasks } from "./service.ts";
import { actOnTask, renderTaskPage } from "./task-page.ts";

const params = idParams;

export const draftRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/meetings/:id/review", { schema: { params } }, (request, reply) =>
    renderReviewPage(app, request, reply, request.params.id),
  );

  // 保存 on one draft: the page's one form sends every draft's fields; the pressed draft is saved, and what is
  // typed in the others comes back on the page either way (review-page.ts).
  app.post(
    "/meetings/:id/save",
    { schema: { params, body: saveDraftSchema }, attachValidation: true },
    async (request, reply) => {
      const meetingId = request.params.id;
      const invalid = formErrors(request);
      const typed = typedDraftsOf(request.body);
      const again = (taskId: number | null, errors: Record<string, string>, status: number) =>
        renderReviewPage(app, request, reply, meetingId, { taskId, errors, status }, typed);
      if (invalid) return again(null, invalid, 422);
      const taskId = request.body.save;
      if ((await meetingOfDraft(app.db, taskId)) !== meetingId)
        return again(null, { _form: "要保存的事项已交办或已被删除，请核对后再保存其他事项" }, 409);
      const form = parseForm(draftSchema, typed[String(taskId)] ?? {});
      if (!form.ok) return again(taskId, form.errors, 422);
      return actOnReview(
        app,
        request,
        reply,
        meetingId,
        taskId,
        () =>
          editTask(
            app.db,
            request.actor!,
            taskId,
            form.data,
            app.clock(),
            formKeyOf(request, `save:${taskId}`),
          ),
        `已保存“${form.data.title}”`,
      );
    },
  );

  const selection = { schema: { params, body: selectionSchema } };

  // 交办 and 合并 act on the drafts ticked on the review page; the form key is named for the press.
  const onSelection = (
    press: "assign" | "merge",
    run: (actor: Actor, ids: number[], formKey: string | undefined) => Promise<unknown>,
    done: (ids: number[]) => string,
  ) =>
    app.post(`/meetings/:id/${press}`, selection, async (request, reply) => {
      const ids = request.body.taskIds;
      const formKey = formKeyOf(request, press);
      const act = () => run(request.actor!, ids, formKey);
      return actOnReview(app, request, reply, request.params.id, null, act, done(ids), ids);
    });
  onSelection(
    "assign",
    (actor, ids, formKey) => assignTasks(app.db, actor, ids, app.clock(), formKey),
    (ids) => `已交办 ${ids.length} 项，责任单位将收到通知`,
  );
  onSelection(
    "merge",
    (actor, ids, formKey) => mergeDrafts(app.db, actor, ids, formKey),
    () => "已合并两项事项",
  );

  const fragment = { schema: { params, body: fragmentSchema }, attachValidation: true };

  app.post("/meetings/:id/add", fragment, async (request, reply) => {
    const meetingId = request.params.id;
    return actOnReview(
      app,
      request,
      reply,
      meetingId,
      null,
      () =>
        addDraftFromText(
          app.db,
          request.actor!,
          meetingId,
          request.body.fragment,
          app.clock(),
          formKeyOf(request),
        ),
      "已按粘贴的原文新增一项事项",
    );
  });

  // A draft is corrected on its meeting's review page, a handed-out task on its own page: a mistake in the form
  // comes back on the page it was sent from.
  app.post(
    "/tasks/:id/edit",
    { schema: { params, body: draftSchema }, attachValidation: true },
    async (request, reply) => {
      const taskId = request.params.id;
      const errors = formErrors(request);
      const meetingId = await meetingOfDraft(app.db, taskId);
      const run = () =>
        editTask(app.db, request.actor!, taskId, request.body, app.clock(), formKeyOf(request));
      if (meetingId === null) {
        if (errors) {
          await checkMayEdit(app.db, request.actor!, taskId);
          const values = request.body;
          return renderTaskPage(app, request, reply, taskId, { form: "edit", errors, values, status: 422 });
        }
        return actOnTask(app, request, reply, taskId, "edit", run, "已保存修改", request.body);
      }
      if (errors) return renderReviewPage(app, request, reply, meetingId, { taskId, errors, status: 422 });
      return actOnReview(app, request, reply, meetingId, taskId, run, "已保存");
    },
  );

  // 删除, 拆分 and 推荐单位 are presses on a card of the review page: only a draft still under review takes them.
  const onDraft = async <T>(
    request: FastifyRequest,
    reply: FastifyReply,
    taskId: number,
    refused: string,
    run: (taskId: number, meetingId: number) => Promise<T>,
    done: string | ((result: T) => string),
    focus = true,
  ) => {
    const meetingId = await meetingOfDraft(app.db, taskId);
    if (meetingId === null) throw new AppError(409, refused);
    const focused = focus ? taskId : null;
    return actOnReview(app, request, reply, meetingId, focused, () => run(taskId, meetingId), done, [taskId]);
  };

  app.post("/tasks/:id/drop", { schema: { params, body: reviewPressSchema } }, (request, reply) =>
    onDraft(
      request,
      reply,
      request.params.id,
      "只有尚未交办的会议事项才能删除；已交办的事项请使用“撤销”",
      (taskId) => dropDraft(app.db, request.actor!, taskId),
      "已删除该事项",
      false,
    ),
  );

  app.post("/tasks/:id/split", fragment, (request, reply) =>
    onDraft(
      request,
      reply,
      request.params.id,
      "只有尚未交办的会议事项才能拆分",
      (taskId) =>
        splitDraft(app.db, request.actor!, taskId, request.body.fragment, app.clock(), formKeyOf(request)),
      "已拆分为两项事项",
    ),
  );

  app.post("/tasks/:id/lead", { schema: { params, body: leadSchema } }, (request, reply) =>
    onDraft(
      request,
      reply,
      request.params.id,
      "只有尚未交办的会议事项才有推荐单位；已交办的事项请在表单中修改",
      (taskId) => chooseSuggestedLead(app.db, request.actor!, taskId, request.body.unitId),
      (unitName) => `已将${unitName}设为牵头单位`,
    ),
  );

  // A draft that repeats an open task: linked to it (the draft goes, the task counts one more 强调) or declined.
  app.post("/tasks/:id/link", { schema: { params, body: linkSchema } }, (request, reply) =>
    onDraft(
      request,
      reply,
      request.params.id,
      "该事项已交办或已关联，不能再关联到已有事项",
      (draftId, meetingId) =>
        linkDraft(
          app.db,
          request.actor!,
          meetingId,
          draftId,
          request.body.taskId,
          app.clock(),
          formKeyOf(request),
        ),
      (linked) => `已关联到事项 #${linked.taskId}“${linked.title}”，这是第${linked.repeatCount}次强调`,
      false,
    ),
  );

  app.post("/tasks/:id/decline", { schema: { params, body: linkSchema } }, (request, reply) =>
    onDraft(
      request,
      reply,
      request.params.id,
      "该事项已交办或已关联",
      (draftId, meetingId) => declineLink(app.db, request.actor!, meetingId, draftId, request.body.taskId),
      `已确认不是事项 #${request.body.taskId}，将作为新事项交办`,
    ),
  );

  app.post("/tasks/:id/units", { schema: { params, body: newUnitSchema } }, async (request, reply) => {
    const taskId = request.params.id;
    const meetingId = await meetingOfDraft(app.db, taskId);
    const { name } = request.body;
    const run = () => addUnitToDirectory(app.db, request.actor!, taskId, name);
    const done = `已将“${name}”加入单位名录`;
    if (meetingId === null) return actOnTask(app, request, reply, taskId, "edit", run, done);
    return actOnReview(app, request, reply, meetingId, taskId, run, done);
  });
};
