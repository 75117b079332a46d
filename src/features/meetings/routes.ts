import { readFile } from "node:fs/promises";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { type FieldErrors, fieldErrorsOf, formErrors } from "../../http/forms.ts";
import { receiveUploads } from "../../http/multipart.ts";
import { flash } from "../../http/session-auth.ts";
import { InvalidInputError } from "../../shared/errors.ts";
import { maxRecordBytes } from "./read-record-file.ts";
import { meetingKinds, meetingSchema } from "./schemas.ts";
import { importMeeting, listAllMeetings, previewImport, recentImports } from "./service.ts";

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
};
