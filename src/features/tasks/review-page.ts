// The review page of a meeting's drafts, drawn for GET /meetings/:id/review and again, with status 422 or 409,
// after an action the clerk can put right, the problem shown beside the draft it concerns.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type FieldErrors, submitForm } from "../../http/forms.ts";
import { getReview } from "./drafts.ts";
import { reportCycleNames } from "./report-cycles.ts";
import { reviewPageView } from "./review-view.ts";

/** A problem with one draft (taskId) or with the page's own forms (null). */
export type ReviewProblem = { taskId: number | null; errors: FieldErrors; status: number };

export async function renderReviewPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  meetingId: number,
  problem?: ReviewProblem,
) {
  const review = await getReview(app.db, request.actor!, meetingId);
  const data = {
    ...review,
    title: `核对事项 · ${review.meeting.title}`,
    reportCycleNames,
    problem: problem ?? null,
  };
  return reply.code(problem?.status ?? 200).view("tasks/review.eta", reviewPageView(data));
}

/** Runs a review action (src/http/forms.ts submitForm); a problem the clerk can fix is shown beside the draft. */
export function actOnReview<T>(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  meetingId: number,
  taskId: number | null,
  run: () => Promise<T>,
  done: string | ((result: T) => string),
) {
  return submitForm(request, reply, {
    run,
    done,
    redirect: `/meetings/${meetingId}/review${taskId ? `#task-${taskId}` : ""}`,
    rerender: (errors, status) =>
      renderReviewPage(app, request, reply, meetingId, { taskId, errors, status }),
  });
}
