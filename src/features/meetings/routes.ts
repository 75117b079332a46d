import { readFile } from "node:fs/promises";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { AppError, InvalidInputError } from "../../shared/errors.ts";
import { idParams } from "../../shared/form-fields.ts";
import { type FieldErrors, fieldErrorsOf, formErrors } from "../../http/forms.ts";
import { receiveUploads } from "../../http/multipart.ts";
import { flash } from "../../http/session-auth.ts";
import { reportCycleNames } from "../tasks/calendar-dates.ts";
import { assignTasks } from "../tasks/service.ts";
import { maxRecordBytes } from "./read-record-file.ts";
import { findTaskMeeting } from "./repository.ts";
import { reviewPageView } from "./review-view.ts";
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

const params = idParams;

export const meetingRoutes: FastifyPluginAsyncZod = async (app) => {
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
    const data = {
      ...review,
      title: `核对事项 · ${review.meeting.title}`,
      reportCycleNames,
      problem: problem ?? null,
    };
    return reply.code(problem?.status ?? 200).view("meetings/review.eta", reviewPageView(data));
  }

  /** Runs a review action; a problem the clerk can fix is shown on the review page beside the task. */
  async function onReview(
    request: FastifyRequest,
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

  app.post("/meetings/import", { config: { uploads: true } }, async (request, reply) => {
    // Filled as the form is read, so a refused upload still shows the pasted text.
    const fields: Record<string, string> = {};
    try {
      const { files } = await receiveUploads(
        request,
        { fileField: "file", maxFiles: 1, maxFileBytes: maxRecordBytes, maxFieldBytes: 2 * 1024 * 1024 },
        fields,
      );
      // The record reader needs the bytes: at most 5 MB, and only once the person and the token are checked.
      const received = files[0];
      const file = received && { ...received, bytes: await readFile(received.path) };
      const preview = await previewImport(app.db, request.actor!, { text: fields.text, file });
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

  app.post(
    "/meetings",
    { schema: { body: meetingSchema }, attachValidation: true },
    async (request, reply) => {
      const errors = formErrors(request);
      if (errors) {
        return reply.code(422).view("meetings/confirm.eta", {
          title: "核对会议信息",
          values: request.body ?? {},
          found: null,
          warnings: [],
          kinds: meetingKinds,
          errors,
        });
      }
      const result = await importMeeting(app.db, request.actor!, request.body, app.clock());
      flash(
        request,
        result.duplicate
          ? `这份纪要已经导入过（“${result.duplicate.title}”），没有重复创建。`
          : "纪要已导入。请逐项核对事项、责任单位和完成时限，然后勾选交办。",
      );
      return reply.redirect(`/meetings/${result.meetingId}/review`, 303);
    },
  );

  app.get("/meetings/:id/review", { schema: { params } }, (request, reply) =>
    reviewPage(request, reply, request.params.id),
  );

  const selection = { schema: { params, body: selectionSchema } };

  app.post("/meetings/:id/assign", selection, async (request, reply) => {
    const ids = request.body.taskIds;
    return onReview(
      request,
      reply,
      request.params.id,
      null,
      () => assignTasks(app.db, request.actor!, ids, app.clock()),
      `已交办 ${ids.length} 项，责任单位将收到通知`,
    );
  });

  app.post("/meetings/:id/merge", selection, async (request, reply) => {
    const ids = request.body.taskIds;
    return onReview(
      request,
      reply,
      request.params.id,
      null,
      () => mergeDrafts(app.db, request.actor!, ids),
      "已合并两项事项",
    );
  });

  const fragment = { schema: { params, body: fragmentSchema }, attachValidation: true };

  app.post("/meetings/:id/add", fragment, async (request, reply) => {
    const errors = formErrors(request);
    const meetingId = request.params.id;
    if (errors) return reviewPage(request, reply, meetingId, { taskId: null, errors, status: 422 });
    return onReview(
      request,
      reply,
      meetingId,
      null,
      () => addDraftFromText(app.db, request.actor!, meetingId, request.body.fragment, app.clock()),
      "已按粘贴的原文新增一项事项",
    );
  });

  /** The meeting a draft belongs to, for sending the clerk back to its review page. */
  async function meetingOf(taskId: number): Promise<number | null> {
    const task = await findTaskMeeting(app.db, taskId);
    return task?.state === "draft" ? task.meetingId : null;
  }

  app.post(
    "/tasks/:id/edit",
    { schema: { params, body: draftSchema }, attachValidation: true },
    async (request, reply) => {
      const taskId = request.params.id;
      const errors = formErrors(request);
      const meetingId = await meetingOf(taskId);
      if (meetingId === null) {
        if (errors) throw new InvalidInputError(Object.values(errors).join("；"));
        await editTask(app.db, request.actor!, taskId, request.body);
        flash(request, "已保存修改");
        return reply.redirect(`/tasks/${taskId}`, 303);
      }
      if (errors) return reviewPage(request, reply, meetingId, { taskId, errors, status: 422 });
      return onReview(
        request,
        reply,
        meetingId,
        taskId,
        () => editTask(app.db, request.actor!, taskId, request.body),
        "已保存",
      );
    },
  );

  app.post("/tasks/:id/drop", { schema: { params } }, async (request, reply) => {
    const taskId = request.params.id;
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

  app.post("/tasks/:id/split", fragment, async (request, reply) => {
    const taskId = request.params.id;
    const errors = formErrors(request);
    const meetingId = await meetingOf(taskId);
    if (meetingId === null) throw new AppError(409, "只有尚未交办的会议事项才能拆分");
    if (errors) return reviewPage(request, reply, meetingId, { taskId, errors, status: 422 });
    return onReview(
      request,
      reply,
      meetingId,
      taskId,
      () => splitDraft(app.db, request.actor!, taskId, request.body.fragment, app.clock()),
      "已拆分为两项事项",
    );
  });

  app.post("/tasks/:id/units", { schema: { params, body: newUnitSchema } }, async (request, reply) => {
    const taskId = request.params.id;
    const meetingId = await meetingOf(taskId);
    const { name } = request.body;
    const run = () => addUnitToDirectory(app.db, request.actor!, taskId, name);
    if (meetingId === null) {
      await run();
      return reply.redirect(`/tasks/${taskId}`, 303);
    }
    return onReview(request, reply, meetingId, taskId, run, `已将“${name}”加入单位名录`);
  });
};
