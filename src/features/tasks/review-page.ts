// The review page of a meeting's drafts, drawn for GET /meetings/:id/review and again, with status 422 or 409,
// after an action the clerk can put right, the problem shown beside the draft it concerns.
//
// Every draft's fields belong to the page's one form, so any press on the page sends what is typed in all of
// them. The drafts the action did not touch come back as they were left: on a refusal in the re-drawn page, on
// success through the session across the redirect (read once by the next GET of the same page). Saving one
// draft therefore never throws away what was typed into another.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type FieldErrors, submitForm } from "../../http/forms.ts";
import { shanghaiToday } from "../../shared/calendar-date.ts";
import { getReview } from "./drafts.ts";
import { reportCycleNames } from "./report-cycles.ts";
import { reviewPageView } from "./review-view.ts";
import { type TypedDraft, typedDraftsOf } from "./schemas.ts";

declare module "fastify" {
  interface Session {
    /** What was typed into the drafts an action left alone, for the review page the redirect goes to. */
    reviewTyped?: { meetingId: number; typed: Record<string, TypedDraft> };
  }
}

/** A problem with one draft (taskId) or with the page's own forms (null). */
export type ReviewProblem = { taskId: number | null; errors: FieldErrors; status: number };

export async function renderReviewPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  meetingId: number,
  problem?: ReviewProblem,
  typed: Record<string, TypedDraft> = takeTyped(request, meetingId),
) {
  const review = await getReview(app.db, request.actor!, meetingId);
  const data = {
    ...review,
    title: `核对事项 · ${review.meeting.title}`,
    reportCycleNames,
    problem: problem ?? null,
    typed,
    today: shanghaiToday(app.clock()),
  };
  return reply.code(problem?.status ?? 200).view("tasks/review.eta", reviewPageView(data));
}

function takeTyped(request: FastifyRequest, meetingId: number): Record<string, TypedDraft> {
  const kept = request.session.get("reviewTyped");
  if (!kept) return {};
  request.session.set("reviewTyped", undefined);
  return kept.meetingId === meetingId ? kept.typed : {};
}

/** The typed values of the drafts an action did not touch: those it touched show what it made of them. */
function untouched(typed: Record<string, TypedDraft>, touched: number[]) {
  return Object.fromEntries(Object.entries(typed).filter(([id]) => !touched.includes(Number(id))));
}

/**
 * Runs a review action (src/http/forms.ts submitForm); a problem the clerk can fix is shown beside the draft.
 * `touched` are the drafts the action changes; what is typed in the others is kept either way.
 */
export function actOnReview<T>(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  meetingId: number,
  taskId: number | null,
  run: () => Promise<T>,
  done: string | ((result: T) => string),
  touched: number[] = taskId ? [taskId] : [],
) {
  const typed = typedDraftsOf(request.body);
  return submitForm(request, reply, {
    run: async () => {
      const result = await run();
      const kept = untouched(typed, touched);
      if (Object.keys(kept).length > 0) request.session.set("reviewTyped", { meetingId, typed: kept });
      return result;
    },
    done,
    redirect: `/meetings/${meetingId}/review${taskId ? `#task-${taskId}` : ""}`,
    rerender: (errors, status) =>
      renderReviewPage(app, request, reply, meetingId, { taskId, errors, status }, typed),
  });
}
