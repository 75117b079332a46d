// Form validation shared by every page: zod parses, and failures become per-field Chinese messages that the
// template shows beside each input.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { AppError, InvalidInputError, NotFoundError, RepeatedFormError } from "../shared/errors.ts";
import { flash } from "./session-auth.ts";

export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The first message per top-level field of a failed route schema (fastify-type-provider-zod's issues). */
export function validationFieldErrors(issues: { instancePath: string; message?: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.instancePath.split("/")[1] || "_form";
    errors[field] ??= issue.message ?? "填写有误";
  }
  return errors;
}

/**
 * For a route declared with `attachValidation: true`: the form's field errors, or null when it passed. A bad
 * path parameter is still a 404, never a form error. On failure `request.body` is what was sent, for re-rendering.
 */
export function formErrors(request: FastifyRequest): FieldErrors | null {
  const error = request.validationError;
  if (!error) return null;
  if (error.validationContext === "params") throw new NotFoundError();
  const issues = (error as { validation?: { instancePath: string; message?: string }[] }).validation;
  return issues ? validationFieldErrors(issues) : { _form: "提交的内容不符合要求，请检查后重试" };
}

/** A service's InvalidInputError as field errors, so the form can show it like a schema failure. */
export function fieldErrorsOf(error: InvalidInputError): FieldErrors {
  return { [error.field ?? "_form"]: error.message };
}

/** A refusal the person can put right (a service's 409 or 422) as field errors; null for anything else. */
export function fixableErrors(error: unknown): { errors: FieldErrors; status: number } | null {
  if (!(error instanceof AppError) || (error.statusCode !== 409 && error.statusCode !== 422)) return null;
  const field = error instanceof InvalidInputError && error.field ? error.field : "_form";
  return { errors: { [field]: error.message }, status: error.statusCode };
}

/**
 * The one way a form post ends. The route schema's field errors (`attachValidation`) or a refusal from `run`
 * the person can put right draw the form's page again through `rerender`, with status 422 or 409 and the
 * messages beside their fields; success leaves `done` as a flash message and redirects with 303. A form sent a
 * second time (RepeatedFormError) redirects the same way, its flash saying nothing was done again. Anything else
 * goes to the error handler.
 */
export async function submitForm<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  form: {
    run: () => Promise<T>;
    rerender: (errors: FieldErrors, status: number) => unknown;
    done: string | ((result: T) => string);
    redirect: string;
  },
) {
  const invalid = formErrors(request);
  if (invalid) return form.rerender(invalid, 422);
  let result: T;
  try {
    result = await form.run();
  } catch (error) {
    if (error instanceof RepeatedFormError) return repeatedForm(request, reply, form.redirect);
    const fixable = fixableErrors(error);
    if (fixable) return form.rerender(fixable.errors, fixable.status);
    throw error;
  }
  flash(request, typeof form.done === "function" ? form.done(result) : form.done);
  return reply.redirect(form.redirect, 303);
}

/** The answer to a form sent again: where its first sending went, with a flash saying so. */
export function repeatedForm(request: FastifyRequest, reply: FastifyReply, redirect: string) {
  flash(request, new RepeatedFormError().message);
  return reply.redirect(redirect, 303);
}
