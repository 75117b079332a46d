// The task page, drawn for GET /tasks/:id and again, with status 422 or 409, beside the form of an action the
// user can put right: every action on a task, the edit of a handed-out task included, fails back to this page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { FieldErrors } from "../../http/forms.ts";
import { flash } from "../../http/session-auth.ts";
import { AppError, InvalidInputError } from "../../shared/errors.ts";
import { acceptedEvidence, maxEvidenceFiles } from "../files/evidence.ts";
import { getTaskPage, manualTaskOptions } from "./service.ts";
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
  return reply.code(problem?.status ?? 200).view("tasks/show.eta", {
    ...taskViewNames,
    ...page,
    editOptions,
    title: page.task.title,
    acceptedEvidence,
    maxEvidenceFiles,
    problem: problem ?? null,
  });
}

/** A refusal the user can fix (409, 422) as a problem of `form`; anything else is the error page's. */
export function problemOf(error: unknown, form: string, values?: unknown): TaskProblem | null {
  if (!(error instanceof AppError) || (error.statusCode !== 409 && error.statusCode !== 422)) return null;
  const field = error instanceof InvalidInputError && error.field ? error.field : "_form";
  return { form, errors: { [field]: error.message }, values, status: error.statusCode };
}

/** Runs an action; a refusal the user can fix comes back on the task page beside the form it concerns. */
export async function actOnTask(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  taskId: number,
  form: string,
  run: () => Promise<unknown>,
  done: string,
  values?: unknown,
) {
  try {
    await run();
  } catch (error) {
    const problem = problemOf(error, form, values);
    if (problem) return renderTaskPage(app, request, reply, taskId, problem);
    throw error;
  }
  flash(request, done);
  return reply.redirect(`/tasks/${taskId}`, 303);
}
