import { readFile } from "node:fs/promises";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { type FieldErrors, fieldErrorsOf, formErrors, submitForm } from "../../http/forms.ts";
import { receiveUploads } from "../../http/multipart.ts";
import { flash } from "../../http/session-auth.ts";
import { InvalidInputError } from "../../shared/errors.ts";
import { idParams } from "../../shared/form-fields.ts";
import { maxRecordBytes } from "./read-record-file.ts";
import { meetingDeleteSchema, meetingEditSchema, meetingKinds, meetingSchema } from "./schemas.ts";
import {
  deleteMeeting,
  editMeeting,
  getMeetingForEdit,
  importMeeting,
  listAllMeetings,
  previewImport,
  recentImports,
} from "./service.ts";

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
      // The review of the drafts is the tasks feature's page.
      return reply.redirect(`/meetings/${result.meetingId}/review`, 303);
    },
  );

  const editPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    meetingId: number,
    form: { values?: object; errors?: FieldErrors; status?: number } = {},
  ) => {
    const { meeting, deletable } = await getMeetingForEdit(app.db, request.actor!, meetingId);
    return reply.code(form.status ?? 200).view("meetings/edit.eta", {
      title: "修改会议信息",
      meeting,
      deletable,
      values: form.values ?? meeting,
      errors: form.errors ?? {},
      kinds: meetingKinds,
    });
  };

  app.get("/meetings/:id/edit", { schema: { params: idParams } }, (request, reply) =>
    editPage(request, reply, request.params.id),
  );

  app.post(
    "/meetings/:id/edit",
    { schema: { params: idParams, body: meetingEditSchema }, attachValidation: true },
    (request, reply) => {
      const id = request.params.id;
      return submitForm(request, reply, {
        run: () => editMeeting(app.db, request.actor!, id, request.body, app.clock()),
        rerender: (errors, status) => editPage(request, reply, id, { values: request.body, errors, status }),
        done: (moved) =>
          moved ? `会议信息已保存，已按新的会议日期重新推算 ${moved} 项完成时限。` : "会议信息已保存。",
        redirect: `/meetings/${id}/review`,
      });
    },
  );

  app.post(
    "/meetings/:id/delete",
    { schema: { params: idParams, body: meetingDeleteSchema }, attachValidation: true },
    (request, reply) => {
      const id = request.params.id;
      return submitForm(request, reply, {
        run: () => deleteMeeting(app.db, request.actor!, id),
        rerender: (errors, status) => editPage(request, reply, id, { errors, status }),
        done: (title) => `已删除纪要“${title}”及其待交办事项。`,
        redirect: "/meetings",
      });
    },
  );
};
