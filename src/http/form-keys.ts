// The idempotency key of a rendered form: templates/partials/form-guard.eta puts a fresh `_formKey` into every
// form it guards, and a write service claims it inside its transaction (src/db/form-submissions.ts), so the
// same rendered form sent twice is carried out once.
import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";

declare module "fastify" {
  interface FastifyRequest {
    /** The `_formKey` the form was sent with, read before a route's schema drops unknown fields. */
    formKey: string | null;
  }
}

// A UUID as the partial writes it; anything else is no key at all (a crafted post claims nothing).
const keyShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function keyIn(body: unknown): string | null {
  const key = (body as Record<string, unknown> | null | undefined)?._formKey;
  return typeof key === "string" && keyShape.test(key) ? key : null;
}

/** A new key for one rendered form (the partial calls it once per form). */
export function newFormKey(): string {
  return randomUUID();
}

export const formKeys = fp(async (app: FastifyInstance) => {
  app.decorateRequest("formKey", null);
  // preValidation, like the CSRF check: the route's schema then replaces the body with its parsed fields.
  app.addHook("preValidation", async (request) => {
    if (request.method === "POST") request.formKey = keyIn(request.body);
  });
});

/**
 * The key of the form a request was sent from, or undefined when it has none. An upload form's fields are read by
 * its handler (src/http/multipart.ts), which leaves them as the body: ask after receiveUploads. `scope` tells
 * apart the buttons of one form that do different things (the review page's one form saves any draft and hands
 * out the ticked ones): each button's press is carried out once, and one press does not use up the others.
 */
export function formKeyOf(request: FastifyRequest, scope?: string): string | undefined {
  const key = request.formKey ?? keyIn(request.body);
  if (!key) return undefined;
  return scope ? `${key}:${scope}` : key;
}
