// Form validation shared by every page: zod parses, and failures become per-field Chinese messages that the
// template shows beside each input.
import type { z } from "zod";
import type { InvalidInputError } from "../errors.ts";

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

/** A service's InvalidInputError as field errors, so the form can show it like a schema failure. */
export function fieldErrorsOf(error: InvalidInputError): FieldErrors {
  return { [error.field ?? "_form"]: error.message };
}
