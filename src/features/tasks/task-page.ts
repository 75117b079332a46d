// The task page, drawn for GET /tasks/:id and again, with status 422 or 409, beside the form of an action the
// user can put right: every action on a task, the edit of a handed-out task included, fails back to this page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type FieldErrors, submitForm } from "../../http/forms.ts";
import { acceptedEvidence, maxEvidenceFiles } from "../files/evidence.ts";
import { getTaskPage, manualTaskOptions } from "./service.ts";
import { taskShowPage } from "./task-view.ts";
import { taskViewNames } from "./view-names.ts";

/** What went wrong with one form on the page: its messages by field, and what was typed, to show again. */
export type TaskProblem = { form: string; errors: FieldErrors; values?: unknown; status: number };

export async function renderTaskPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  taskId: number,
  problem?: TaskProblem,
) {
  const page = await getTaskPage(app.db, request.actor!, taskId, app.clock());
  const editOptions = page.actions.includes("edit") ? await manualTaskOptions(app.db, request.actor!) : null;
  const data = {
    ...taskViewNames,
    ...page,
    editOptions,
    title: page.task.title,
    acceptedEvidence,
    maxEvidenceFiles,
    problem: problem ?? null,
  };
  return reply.code(problem?.status ?? 200).view("tasks/show.eta", taskShowPage(data, request.actor!));
}

/**
 * Runs an action from the task page (src/http/forms.ts submitForm): a mistake in the form or a refusal the
 * user can put right comes back on the task page beside the form it concerns, with what was typed.
 */
export function actOnTask(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  taskId: number,
  form: string,
  run: () => Promise<unknown>,
  done: string,
  values: unknown = request.body,
) {
  return submitForm(request, reply, {
    run,
    done,
    redirect: `/tasks/${taskId}`,
    rerender: (errors, status) =>
      renderTaskPage(app, request, reply, taskId, { form, errors, values, status }),
  });
}
