import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { versionedCache } from "../../db/data-version.ts";
import { sendSoon } from "../../email/sender-address.ts";
import { AppError, InvalidInputError } from "../../errors.ts";
import { dataVersionOf } from "../../http/data-version.ts";
import { type FieldErrors, fieldErrorsOf, parseForm } from "../../http/forms.ts";
import { readMultipart } from "../../http/multipart.ts";
import { flash } from "../../http/session-auth.ts";
import { shanghaiDate } from "../../locale.ts";
import { urgeTask } from "../../reminders/urge.ts";
import type { Actor } from "../auth/permissions.ts";
import { describeLedgerQuery } from "../dashboard/ledger-words.ts";
import { sendAttachment } from "../files/download.ts";
import { acceptedEvidence, maxEvidenceFiles } from "../files/evidence.ts";
import { reportCycleNames } from "./calendar-dates.ts";
import { lightNames } from "./light.ts";
import {
  decisionSchema,
  extensionSchema,
  instructionSchema,
  ledgerFilterOf,
  ledgerQuerySchema,
  manualTaskSchema,
  reasonSchema,
} from "./schemas.ts";
import {
  addInstruction,
  approveCompletion,
  cancelTask,
  createManualTask,
  decideExtension,
  getTaskPage,
  ledgerAudience,
  listLedger,
  manualTaskOptions,
  openAttachment,
  reportProgress,
  requestCompletion,
  requestExtension,
  returnTask,
  signTask,
} from "./service.ts";
import { taskStateNames, taskStates } from "./states.ts";
import { taskActions } from "./transitions.ts";

export const eventNames: Record<string, string> = {
  import: "导入",
  create: "创建",
  edit: "修改",
  assign: "交办",
  sign: "签收",
  report: "进展反馈",
  request_completion: "申请办结",
  approve: "审核通过",
  return: "退回",
  request_extension: "申请延期",
  approve_extension: "同意延期",
  refuse_extension: "不同意延期",
  cancel: "撤销",
  urge: "催办",
  instruct: "批示",
};

const derivationNames = { stated: "原文日期", rule: "按规则推算", manual: "人工设定" } as const;

type TaskParams = { Params: { id: string } };

function idOf(request: FastifyRequest<TaskParams>): number {
  const id = Number(request.params.id);
  if (!Number.isInteger(id) || id <= 0) throw new AppError(404, "督办事项不存在");
  return id;
}

/** What every task template needs to turn codes into Chinese. */
export const taskViewNames = {
  taskStateNames,
  lightNames,
  eventNames,
  derivationNames,
  reportCycleNames,
  taskActions,
};

// The ledger's body (filters, rows with their lights, pages) depends on nothing but its audience, the query string,
// the day and the data, so it is drawn once per data version; each request wraps it in the layout, which carries
// the person's name and form token.
const ledgerBodies = versionedCache<{ html: string; status: number }>(200);

export async function taskRoutes(app: FastifyInstance) {
  const view = taskViewNames;

  async function showTask(
    request: FastifyRequest<TaskParams>,
    reply: FastifyReply,
    problem?: { form: string; errors: FieldErrors; values?: Record<string, string>; status: number },
  ) {
    const page = await getTaskPage(app.db, request.actor!, idOf(request), app.clock());
    const editOptions = page.actions.includes("edit")
      ? await manualTaskOptions(app.db, request.actor!)
      : null;
    return reply.code(problem?.status ?? 200).view("tasks/show.eta", {
      ...view,
      ...page,
      editOptions,
      title: page.task.title,
      acceptedEvidence,
      maxEvidenceFiles,
      problem: problem ?? null,
    });
  }

  /** Runs an action; a refusal the user can fix comes back on the task page beside the form it concerns. */
  async function act(
    request: FastifyRequest<TaskParams>,
    reply: FastifyReply,
    form: string,
    run: () => Promise<unknown>,
    done: string,
    values?: Record<string, string>,
  ) {
    try {
      await run();
    } catch (error) {
      if (error instanceof AppError && (error.statusCode === 409 || error.statusCode === 422)) {
        const field = "field" in error && typeof error.field === "string" ? error.field : "_form";
        return showTask(request, reply, {
          form,
          errors: { [field]: error.message },
          values,
          status: error.statusCode,
        });
      }
      throw error;
    }
    flash(request, done);
    return reply.redirect(`/tasks/${idOf(request)}`, 303);
  }

  app.get<{ Querystring: Record<string, string> }>("/tasks", async (request, reply) => {
    // Checked before the cache: a kept page is served to anyone with the same audience key.
    const audience = ledgerAudience(request.actor!);
    const now = app.clock();
    const key = JSON.stringify([audience, request.query, shanghaiDate(now)]);
    const { html, status } = await ledgerBodies.get(app.db, await dataVersionOf(request), key, () =>
      ledgerBody(request.actor!, request.query, now),
    );
    return reply.code(status).view("prerendered.eta", { title: "督办台账", html });
  });

  /** The ledger page without the layout: filters, rows with lights, pages. */
  async function ledgerBody(actor: Actor, rawQuery: Record<string, string>, now: Date) {
    const parsed = parseForm(ledgerQuerySchema, rawQuery);
    const query = parsed.ok ? parsed.data : {};
    const page = query.page ?? 1;
    const ledger = await listLedger(app.db, actor, ledgerFilterOf(query), page, now);
    const params = new URLSearchParams(
      Object.entries(rawQuery).filter(([k, v]) => k !== "page" && v !== "") as [string, string][],
    );
    const html = await app.renderPart("tasks/ledger.eta", {
      ...view,
      ...ledger,
      query,
      rawQuery,
      page,
      states: taskStates,
      errors: parsed.ok ? {} : parsed.errors,
      filterWords: describeLedgerQuery(query, ledger),
      exportHref: params.size ? `/tasks/export.xlsx?${params}` : "/tasks/export.xlsx",
      pageLink: (n: number) => `/tasks?${new URLSearchParams([...params, ["page", String(n)]]).toString()}`,
    });
    return { html, status: parsed.ok ? 200 : 422 };
  }

  async function newTaskPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: FieldErrors,
    status = 200,
  ) {
    const options = await manualTaskOptions(app.db, request.actor!);
    return reply
      .code(status)
      .view("tasks/new.eta", { ...view, ...options, title: "新建督办事项", values, errors });
  }

  app.get("/tasks/new", (request, reply) => newTaskPage(request, reply, { reportCycle: "monthly" }, {}));

  app.post("/tasks/new", async (request, reply) => {
    const values = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(manualTaskSchema, values);
    if (!form.ok) return newTaskPage(request, reply, values, form.errors, 422);
    try {
      const task = await createManualTask(
        app.db,
        request.actor!,
        { ...form.data, deadline: form.data.deadline ?? null },
        app.clock(),
      );
      flash(request, "事项已创建并交办");
      return reply.redirect(`/tasks/${task.id}`, 303);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return newTaskPage(request, reply, values, fieldErrorsOf(error), 422);
    }
  });

  app.get<TaskParams>("/tasks/:id", (request, reply) => showTask(request, reply));

  app.post<TaskParams>("/tasks/:id/sign", (request, reply) =>
    act(
      request,
      reply,
      "sign",
      () => signTask(app.db, request.actor!, idOf(request), app.clock()),
      "已签收，请按时报送进展",
    ),
  );

  app.post<TaskParams>("/tasks/:id/report", async (request, reply) => {
    const { fields, files } = await readMultipart(request.body);
    return act(
      request,
      reply,
      "report",
      () =>
        reportProgress(app.db, request.actor!, idOf(request), { body: fields.body ?? "" }, app.clock(), {
          dataDir: app.config.dataDir,
          files,
        }),
      "进展已报送",
      fields,
    );
  });

  app.post<TaskParams>("/tasks/:id/request-completion", async (request, reply) => {
    const { fields, files } = await readMultipart(request.body);
    return act(
      request,
      reply,
      "request_completion",
      () =>
        requestCompletion(
          app.db,
          request.actor!,
          idOf(request),
          { summary: fields.summary ?? "" },
          app.clock(),
          {
            dataDir: app.config.dataDir,
            files,
          },
        ),
      "已申请办结，等待督查室审核",
      fields,
    );
  });

  app.post<TaskParams>("/tasks/:id/urge", async (request, reply) => {
    const note = String((request.body as { note?: string } | undefined)?.note ?? "").slice(0, 500);
    return act(
      request,
      reply,
      "urge",
      async () => {
        await urgeTask(app.db, request.actor!, idOf(request), {
          note,
          now: app.clock(),
          publicUrl: app.config.publicUrl,
        });
        sendSoon({ db: app.db, mailer: app.mailer, config: app.config, log: app.log });
      },
      app.mailer ? "催办邮件已发出" : "催办邮件已进入发送队列（尚未配置邮件服务器，配置后自动发送）",
    );
  });

  app.post<TaskParams>("/tasks/:id/approve", (request, reply) =>
    act(
      request,
      reply,
      "approve",
      () => approveCompletion(app.db, request.actor!, idOf(request), app.clock()),
      "已审核通过，事项办结",
    ),
  );

  app.post<TaskParams>("/tasks/:id/return", async (request, reply) => {
    const form = parseForm(reasonSchema, request.body);
    if (!form.ok) return showTask(request, reply, { form: "return", errors: form.errors, status: 422 });
    return act(
      request,
      reply,
      "return",
      () => returnTask(app.db, request.actor!, idOf(request), form.data.reason),
      "已退回责任单位",
    );
  });

  app.post<TaskParams>("/tasks/:id/cancel", async (request, reply) => {
    const form = parseForm(reasonSchema, request.body);
    if (!form.ok) return showTask(request, reply, { form: "cancel", errors: form.errors, status: 422 });
    return act(
      request,
      reply,
      "cancel",
      () => cancelTask(app.db, request.actor!, idOf(request), form.data.reason, app.clock()),
      "事项已撤销",
    );
  });

  app.post<TaskParams>("/tasks/:id/instruct", async (request, reply) => {
    const form = parseForm(instructionSchema, request.body);
    if (!form.ok) return showTask(request, reply, { form: "instruct", errors: form.errors, status: 422 });
    return act(
      request,
      reply,
      "instruct",
      () => addInstruction(app.db, request.actor!, idOf(request), form.data.text),
      "批示已保存",
    );
  });

  app.post<TaskParams>("/tasks/:id/extension", async (request, reply) => {
    const values = (request.body ?? {}) as Record<string, string>;
    const form = parseForm(extensionSchema, values);
    if (!form.ok)
      return showTask(request, reply, {
        form: "request_extension",
        errors: form.errors,
        values,
        status: 422,
      });
    return act(
      request,
      reply,
      "request_extension",
      () => requestExtension(app.db, request.actor!, idOf(request), form.data, app.clock()),
      "延期申请已提交，等待督查室审批",
      values,
    );
  });

  app.post<TaskParams & { Params: { extensionId: string } }>(
    "/tasks/:id/extensions/:extensionId",
    async (request, reply) => {
      const form = parseForm(decisionSchema, request.body);
      if (!form.ok)
        return showTask(request, reply, { form: "decide_extension", errors: form.errors, status: 422 });
      const approve = form.data.decision === "approve";
      return act(
        request,
        reply,
        "decide_extension",
        () =>
          decideExtension(
            app.db,
            request.actor!,
            Number(request.params.extensionId),
            { approve, note: form.data.note },
            app.clock(),
          ),
        approve ? "已同意延期，完成时限已更新" : "已不同意延期",
      );
    },
  );

  app.get<{ Params: { id: string } }>("/files/:id", async (request, reply) => {
    const id = Number(request.params.id);
    if (!Number.isInteger(id) || id <= 0) throw new AppError(404, "附件不存在");
    const file = await openAttachment(app.db, request.actor!, id);
    return sendAttachment(reply, app.config.dataDir, file);
  });
}
