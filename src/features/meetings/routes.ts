import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError, InvalidInputError } from "../../errors.ts";
import { type FieldErrors, fieldErrorsOf, parseForm } from "../../http/forms.ts";
import { readMultipart } from "../../http/multipart.ts";
import { flash } from "../../http/session-auth.ts";
import { reportCycleNames } from "../tasks/calendar-dates.ts";
import { assignTasks } from "../tasks/service.ts";
import { maxRecordBytes } from "./read-record-file.ts";
import { findTaskMeeting } from "./repository.ts";
import {
  draftSchema,
  fragmentSchema,
  meetingKinds,
  meetingSchema,
  newUnitSchema,
  selectionSchema,
} from "./schemas.ts";
import {
  addDraftFromText,
  addUnitToDirectory,
  dropDraft,
  editTask,
  getReview,
  importMeeting,
  listAllMeetings,
  mergeDrafts,
  previewImport,
  recentImports,
  splitDraft,
} from "./service.ts";

type IdParams = { Params: { id: string } };

function idOf(request: FastifyRequest<IdParams>): number {
  const id = Number(request.params.id);
  if (!Number.isInteger(id) || id <= 0) throw new AppError(404, "要找的内容不存在");
  return id;
}

export async function meetingRoutes(app: FastifyInstance) {
  const importPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: FieldErrors,
    text = "",
    status = 200,
  ) =>
    reply.code(status).view("meetings/import.eta", {
      title: "导入会议纪要",
      errors,
      text,
      recent: await recentImports(app.db, request.actor!),
      maxMb: maxRecordBytes / 1024 / 1024,
    });

  async function reviewPage(
    request: FastifyRequest,
    reply: FastifyReply,
    meetingId: number,
    problem?: { taskId: number | null; errors: FieldErrors; status: number },
  ) {
    const review = await getReview(app.db, request.actor!, meetingId);
    return reply.code(problem?.status ?? 200).view("meetings/review.eta", {
      ...review,
      title: `核对事项 · ${review.meeting.title}`,
      reportCycleNames,
      problem: problem ?? null,
    });
  }

  /** Runs a review action; a problem the clerk can fix is shown on the review page beside the task. */
  async function onReview(
    request: FastifyRequest<IdParams>,
    reply: FastifyReply,
    meetingId: number,
    taskId: number | null,
    run: () => Promise<unknown>,
    done: string,
  ) {
    try {
      await run();
    } catch (error) {
      if (error instanceof AppError && (error.statusCode === 409 || error.statusCode === 422)) {
        const errors = error instanceof InvalidInputError ? fieldErrorsOf(error) : { _form: error.message };
        return reviewPage(request, reply, meetingId, { taskId, errors, status: error.statusCode });
      }
      throw error;
    }
    flash(request, done);
    return reply.redirect(`/meetings/${meetingId}/review${taskId ? `#task-${taskId}` : ""}`, 303);
  }

  app.get("/meetings", async (request, reply) => {
    const meetings = await listAllMeetings(app.db, request.actor!);
    return reply.view("meetings/list.eta", { title: "会议纪要", meetings });
  });

  app.get("/meetings/import", (request, reply) => importPage(request, reply, {}));

  app.post("/meetings/import", async (request, reply) => {
    const { fields, files } = await readMultipart(request.body);
    try {
      const preview = await previewImport(app.db, request.actor!, { text: fields.text, file: files[0] });
      return reply.view("meetings/confirm.eta", {
        title: "核对会议信息",
        values: preview,
        found: preview.found,
        warnings: preview.warnings,
        kinds: meetingKinds,
        errors: {},
      });
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return importPage(request, reply, fieldErrorsOf(error), fields.text ?? "", 422);
    }
  });

  app.post("/meetings", async (request, reply) => {
    const values = (request.body ?? {}) as Record<string, string>;
    const form = parseForm(meetingSchema, values);
    if (!form.ok) {
      return reply.code(422).view("meetings/confirm.eta", {
        title: "核对会议信息",
        values,
        found: null,
        warnings: [],
        kinds: meetingKinds,
        errors: form.errors,
      });
    }
    const result = await importMeeting(app.db, request.actor!, form.data, app.clock());
    flash(
      request,
      result.duplicate
        ? `这份纪要已经导入过（“${result.duplicate.title}”），没有重复创建。`
        : "纪要已导入。请逐项核对事项、责任单位和完成时限，然后勾选交办。",
    );
    return reply.redirect(`/meetings/${result.meetingId}/review`, 303);
  });

  app.get<IdParams>("/meetings/:id/review", (request, reply) => reviewPage(request, reply, idOf(request)));

  app.post<IdParams>("/meetings/:id/assign", async (request, reply) => {
    const form = parseForm(selectionSchema, request.body);
    const ids = form.ok ? form.data.taskIds : [];
    return onReview(
      request,
      reply,
      idOf(request),
      null,
      () => assignTasks(app.db, request.actor!, ids, app.clock()),
      `已交办 ${ids.length} 项，责任单位将收到通知`,
    );
  });

  app.post<IdParams>("/meetings/:id/merge", async (request, reply) => {
    const form = parseForm(selectionSchema, request.body);
    const ids = form.ok ? form.data.taskIds : [];
    return onReview(
      request,
      reply,
      idOf(request),
      null,
      () => mergeDrafts(app.db, request.actor!, ids),
      "已合并两项事项",
    );
  });

  app.post<IdParams>("/meetings/:id/add", async (request, reply) => {
    const form = parseForm(fragmentSchema, request.body);
    const meetingId = idOf(request);
    if (!form.ok)
      return reviewPage(request, reply, meetingId, { taskId: null, errors: form.errors, status: 422 });
    return onReview(
      request,
      reply,
      meetingId,
      null,
      () => addDraftFromText(app.db, request.actor!, meetingId, form.data.fragment, app.clock()),
      "已按粘贴的原文新增一项事项",
    );
  });

  /** The meeting a draft belongs to, for sending the clerk back to its review page. */
  async function meetingOf(taskId: number): Promise<number | null> {
    const task = await findTaskMeeting(app.db, taskId);
    return task?.state === "draft" ? task.meetingId : null;
  }

  app.post<IdParams>("/tasks/:id/edit", async (request, reply) => {
    const taskId = idOf(request);
    const meetingId = await meetingOf(taskId);
    const form = parseForm(draftSchema, request.body);
    if (meetingId === null) {
      if (!form.ok) throw new InvalidInputError(Object.values(form.errors).join("；"));
      await editTask(app.db, request.actor!, taskId, form.data);
      flash(request, "已保存修改");
      return reply.redirect(`/tasks/${taskId}`, 303);
    }
    if (!form.ok) return reviewPage(request, reply, meetingId, { taskId, errors: form.errors, status: 422 });
    return onReview(
      request,
      reply,
      meetingId,
      taskId,
      () => editTask(app.db, request.actor!, taskId, form.data),
      "已保存",
    );
  });

  app.post<IdParams>("/tasks/:id/drop", async (request, reply) => {
    const taskId = idOf(request);
    const meetingId = await meetingOf(taskId);
    if (meetingId === null)
      throw new AppError(409, "只有尚未交办的会议事项才能删除；已交办的事项请使用“撤销”");
    return onReview(
      request,
      reply,
      meetingId,
      null,
      () => dropDraft(app.db, request.actor!, taskId),
      "已删除该事项",
    );
  });

  app.post<IdParams>("/tasks/:id/split", async (request, reply) => {
    const taskId = idOf(request);
    const meetingId = await meetingOf(taskId);
    if (meetingId === null) throw new AppError(409, "只有尚未交办的会议事项才能拆分");
    const form = parseForm(fragmentSchema, request.body);
    if (!form.ok) return reviewPage(request, reply, meetingId, { taskId, errors: form.errors, status: 422 });
    return onReview(
      request,
      reply,
      meetingId,
      taskId,
      () => splitDraft(app.db, request.actor!, taskId, form.data.fragment, app.clock()),
      "已拆分为两项事项",
    );
  });

  app.post<IdParams>("/tasks/:id/units", async (request, reply) => {
    const taskId = idOf(request);
    const meetingId = await meetingOf(taskId);
    const form = parseForm(newUnitSchema, request.body);
    if (!form.ok) throw new InvalidInputError(form.errors.name ?? "单位名称有误");
    const run = () => addUnitToDirectory(app.db, request.actor!, taskId, form.data.name);
    if (meetingId === null) {
      await run();
      return reply.redirect(`/tasks/${taskId}`, 303);
    }
    return onReview(request, reply, meetingId, taskId, run, `已将“${form.data.name}”加入单位名录`);
  });
}
