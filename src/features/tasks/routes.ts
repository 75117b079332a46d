import { PassThrough } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { z } from "zod";
import { dataVersionOf } from "../../http/data-version.ts";
import { formKeyOf } from "../../http/form-keys.ts";
import { type FieldErrors, fieldErrorsOf, formErrors, repeatedForm } from "../../http/forms.ts";
import { receiveUploads } from "../../http/multipart.ts";
import { flash } from "../../http/session-auth.ts";
import type { Actor } from "../../shared/actor.ts";
import { InvalidInputError, RepeatedFormError } from "../../shared/errors.ts";
import { idParams } from "../../shared/form-fields.ts";
import { sendAttachment } from "../files/download.ts";
import { evidenceUploads } from "../files/evidence.ts";
import { draftRoutes } from "./draft-routes.ts";
import { prepareLedgerExport } from "./ledger-export.ts";
import { describeLedgerQuery } from "./ledger-words.ts";
import { resolveQueueFilter } from "./queues.ts";
import {
  decisionSchema,
  doneQuerySchema,
  extensionParams,
  extensionSchema,
  instructionSchema,
  ledgerFilterOf,
  ledgerQuerySchema,
  manualTaskSchema,
  reasonSchema,
  signBatchSchema,
  taskParams,
  urgeSchema,
} from "./schemas.ts";
import {
  addInstruction,
  approveCompletion,
  type BatchSignResult,
  cancelTask,
  createManualTask,
  decideExtension,
  type Evidence,
  listInbox,
  listLedgerAsOf,
  manualTaskOptions,
  openAttachment,
  reportProgress,
  requestCompletion,
  requestExtension,
  returnTask,
  searchDoneTasks,
  signTask,
  signTasks,
} from "./service.ts";
import { taskStates } from "./states.ts";
import { actOnTask, renderTaskPage, type TaskProblem } from "./task-page.ts";
import { doneSearchView, inboxView, ledgerView } from "./task-view.ts";
import { urgeTask } from "./urge.ts";
import { taskViewNames } from "./view-names.ts";

/** The flash after a batch 签收: how many were signed, and each task left with why. */
function batchSignWords(result: BatchSignResult): string {
  const signed =
    result.signed.length > 0 ? `已签收 ${result.signed.length} 项，请按时报送进展。` : "没有签收任何事项。";
  const skipped = result.skipped.map((s) => `“${s.title}”：${s.reason}`).join("；");
  return skipped ? `${signed}未签收 ${result.skipped.length} 项：${skipped}。` : signed;
}

export const taskRoutes: FastifyPluginAsyncZod = async (app) => {
  const view = taskViewNames;
  // The upload forms' fields arrive in the multipart stream, read by the handler (src/http/multipart.ts).
  const uploadOptions = { schema: { params: taskParams }, config: { uploads: true } };

  const showTask = (request: FastifyRequest, reply: FastifyReply, taskId: number, problem?: TaskProblem) =>
    renderTaskPage(app, request, reply, taskId, problem);

  // The review of a meeting's drafts and the edit of a task, with its own page renderer beside this one's.
  await app.register(draftRoutes);

  const ledgerOptions = { schema: { querystring: ledgerQuerySchema }, attachValidation: true };
  app.get("/tasks", ledgerOptions, async (request, reply) => {
    const now = app.clock();
    // The query as typed, for the filter form and the page links; the schema's output is what filters.
    const rawQuery = Object.fromEntries(new URLSearchParams(request.url.split("?")[1] ?? ""));
    // A leader in charge of some units (分管) starts on those units, as the dashboard does; any query (the form's
    // 全部单位 included) is the leader's own choice and is kept.
    const mine = request.actor!.role === "leader" ? request.actor!.leaderUnitIds : [];
    if (mine.length > 0 && !request.url.includes("?"))
      return reply.redirect(`/tasks?unitId=${mine.join(",")}`, 303);
    const errors = formErrors(request);
    const query = errors ? {} : request.query;
    const page = query.page ?? 1;
    const filter = await resolveQueueFilter(app.db, request.actor!, ledgerFilterOf(query), now);
    const ledger = await listLedgerAsOf(
      app.db,
      request.actor!,
      filter,
      page,
      now,
      await dataVersionOf(request),
    );
    const params = new URLSearchParams(
      Object.entries(rawQuery).filter(([k, v]) => k !== "page" && v !== "") as [string, string][],
    );
    return reply.code(errors ? 422 : 200).view("tasks/ledger.eta", {
      ...view,
      ...ledgerView(ledger),
      title: "督办台账",
      query,
      rawQuery,
      page,
      states: taskStates,
      errors: errors ?? {},
      filterWords: describeLedgerQuery(query, ledger),
      exportHref: params.size ? `/tasks/export.xlsx?${params}` : "/tasks/export.xlsx",
      pageLink: (n: number) => `/tasks?${new URLSearchParams([...params, ["page", String(n)]]).toString()}`,
    });
  });

  // The same query as /tasks. A query the ledger would refuse is a 422 page here, before the first byte of the
  // workbook: once streaming has begun, an error could only cut the download short.
  app.get("/tasks/export.xlsx", { schema: { querystring: ledgerQuerySchema } }, async (request, reply) => {
    const exported = await prepareLedgerExport(app.db, request.actor!, request.query, app.clock());
    const body = new PassThrough();
    exported.write(body).catch((error: unknown) => {
      request.log.error({ err: error }, "ledger export failed");
      body.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    return reply
      .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .header(
        "content-disposition",
        `attachment; filename="${exported.asciiFileName}"; filename*=UTF-8''${encodeURIComponent(exported.fileName)}`,
      )
      .header("cache-control", "private, no-store")
      .send(body);
  });

  async function newTaskPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: unknown,
    errors: FieldErrors,
    status = 200,
  ) {
    const options = await manualTaskOptions(app.db, request.actor!);
    return reply
      .code(status)
      .view("tasks/new.eta", { ...view, ...options, title: "新建督办事项", values, errors });
  }

  app.get("/tasks/new", (request, reply) => newTaskPage(request, reply, { reportCycle: "monthly" }, {}));

  app.post(
    "/tasks/new",
    { schema: { body: manualTaskSchema }, attachValidation: true },
    async (request, reply) => {
      const values = request.body ?? {};
      const errors = formErrors(request);
      if (errors) return newTaskPage(request, reply, values, errors, 422);
      try {
        const task = await createManualTask(
          app.db,
          request.actor!,
          { ...request.body, deadline: request.body.deadline ?? null },
          app.clock(),
          formKeyOf(request),
        );
        flash(request, "事项已创建并交办");
        return reply.redirect(`/tasks/${task.id}`, 303);
      } catch (error) {
        // The task the first sending made is in the ledger, newest first.
        if (error instanceof RepeatedFormError) return repeatedForm(request, reply, "/tasks");
        if (!(error instanceof InvalidInputError)) throw error;
        return newTaskPage(request, reply, values, fieldErrorsOf(error), 422);
      }
    },
  );

  // The inbox itself is the unit's home page (src/features/home); these are its search and its batch 签收.
  app.get(
    "/tasks/done",
    { schema: { querystring: doneQuerySchema }, attachValidation: true },
    async (request, reply) => {
      const errors = formErrors(request);
      const q = errors ? undefined : request.query.q;
      const found = await searchDoneTasks(app.db, request.actor!, q);
      const data = { ...found, title: "已办结事项", unitId: request.actor!.unitId, q };
      return reply.code(errors ? 422 : 200).view("tasks/inbox.eta", {
        ...view,
        ...doneSearchView(data, errors ?? {}),
      });
    },
  );

  app.post(
    "/tasks/sign",
    { schema: { body: signBatchSchema }, attachValidation: true },
    async (request, reply) => {
      const actor = request.actor!;
      const again = async (errors: FieldErrors) => {
        const inbox = await listInbox(app.db, actor, app.clock());
        return reply
          .code(422)
          .view("tasks/inbox.eta", inboxView({ ...view, inbox, title: "本单位事项", errors }));
      };
      const invalid = formErrors(request);
      if (invalid) return again(invalid);
      try {
        const result = await signTasks(app.db, actor, request.body.taskIds, app.clock());
        flash(request, batchSignWords(result));
        return reply.redirect("/", 303);
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        return again(fieldErrorsOf(error));
      }
    },
  );

  app.get("/tasks/:id", { schema: { params: taskParams } }, (request, reply) =>
    showTask(request, reply, request.params.id),
  );

  app.post("/tasks/:id/sign", { schema: { params: taskParams } }, (request, reply) =>
    actOnTask(
      app,
      request,
      reply,
      request.params.id,
      "sign",
      () => signTask(app.db, request.actor!, request.params.id, app.clock(), formKeyOf(request)),
      "已签收，请按时报送进展",
    ),
  );

  // 进展反馈 and 申请办结: a multipart form of text fields and evidence files, then the action's service.
  const evidenceAction = <Input>(
    path: string,
    action: "report" | "request_completion",
    inputOf: (fields: Record<string, string>) => Input,
    service: (
      db: typeof app.db,
      actor: Actor,
      taskId: number,
      input: Input,
      now: Date,
      evidence: Evidence,
      formKey?: string,
    ) => Promise<unknown>,
    done: string,
  ) =>
    app.post(`/tasks/:id/${path}`, uploadOptions, async (request, reply) => {
      // Filled as the form is read, so a refused upload still shows what was typed.
      const fields: Record<string, string> = {};
      const { id } = request.params;
      const upload = async () => {
        const { files } = await receiveUploads(request, evidenceUploads, fields);
        const evidence = { dataDir: app.config.dataDir, files };
        const formKey = formKeyOf(request);
        return service(app.db, request.actor!, id, inputOf(fields), app.clock(), evidence, formKey);
      };
      return actOnTask(app, request, reply, id, action, upload, done, fields);
    });
  evidenceAction("report", "report", (f) => ({ body: f.body ?? "" }), reportProgress, "进展已报送");
  const summaryOf = (f: Record<string, string>) => ({ summary: f.summary ?? "" });
  const completionDone = "已申请办结，等待督查室审核";
  evidenceAction("request-completion", "request_completion", summaryOf, requestCompletion, completionDone);

  app.post(
    "/tasks/:id/urge",
    { schema: { params: taskParams, body: urgeSchema } },
    async (request, reply) => {
      const note = request.body.note ?? "";
      return actOnTask(
        app,
        request,
        reply,
        request.params.id,
        "urge",
        async () => {
          await urgeTask(app.db, request.actor!, request.params.id, {
            note,
            now: app.clock(),
            publicUrl: app.config.publicUrl,
            formKey: formKeyOf(request),
          });
        },
        app.mailer ? "催办邮件已发出" : "催办邮件已进入发送队列（尚未配置邮件服务器，配置后自动发送）",
      );
    },
  );

  app.post("/tasks/:id/approve", { schema: { params: taskParams } }, (request, reply) =>
    actOnTask(
      app,
      request,
      reply,
      request.params.id,
      "approve",
      () =>
        approveCompletion(
          app.db,
          request.actor!,
          request.params.id,
          app.clock(),
          undefined,
          formKeyOf(request),
        ),
      "已审核通过，事项办结",
    ),
  );

  // 退回, 撤销 and 批示: one text from the form, handed to a service of one shape.
  const textAction = <Body>(
    action: "return" | "cancel" | "instruct",
    body: z.ZodType<Body>,
    textOf: (body: Body) => string,
    service: typeof cancelTask,
    done: string,
  ) =>
    app.post(
      `/tasks/:id/${action}`,
      { schema: { params: taskParams, body }, attachValidation: true },
      async (request, reply) => {
        const { id } = request.params;
        return actOnTask(
          app,
          request,
          reply,
          id,
          action,
          () =>
            service(
              app.db,
              request.actor!,
              id,
              textOf(request.body as Body),
              app.clock(),
              formKeyOf(request),
            ),
          done,
        );
      },
    );
  textAction("return", reasonSchema, (body) => body.reason, returnTask, "已退回责任单位");
  textAction("cancel", reasonSchema, (body) => body.reason, cancelTask, "事项已撤销");
  textAction("instruct", instructionSchema, (body) => body.text, addInstruction, "批示已保存");

  app.post(
    "/tasks/:id/extension",
    { schema: { params: taskParams, body: extensionSchema }, attachValidation: true },
    async (request, reply) => {
      const taskId = request.params.id;
      const values = request.body;
      return actOnTask(
        app,
        request,
        reply,
        taskId,
        "request_extension",
        () => requestExtension(app.db, request.actor!, taskId, request.body, app.clock(), formKeyOf(request)),
        "延期申请已提交，等待督查室审批",
        values,
      );
    },
  );

  app.post(
    "/tasks/:id/extensions/:extensionId",
    { schema: { params: extensionParams, body: decisionSchema }, attachValidation: true },
    async (request, reply) => {
      const taskId = request.params.id;
      const approve = request.body?.decision === "approve";
      return actOnTask(
        app,
        request,
        reply,
        taskId,
        "decide_extension",
        () =>
          decideExtension(
            app.db,
            request.actor!,
            taskId,
            request.params.extensionId,
            { approve, note: request.body.note },
            app.clock(),
            formKeyOf(request),
          ),
        approve ? "已同意延期，完成时限已更新" : "已不同意延期",
      );
    },
  );

  app.get("/files/:id", { schema: { params: idParams } }, async (request, reply) => {
    const file = await openAttachment(app.db, request.actor!, request.params.id);
    return sendAttachment(reply, app.config.dataDir, file);
  });
};
