// Checks that apply to every request whatever its route: text PostgreSQL cannot store, and pages that must not
// be kept by a browser or a proxy once someone has signed in.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { InvalidInputError, NotFoundError } from "../shared/errors.ts";

// Half of a UTF-16 pair: JSON can carry it ("\ud800"), but it is no character and PostgreSQL cannot store it.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// No form or API body of ours nests deeper than a few levels; a deeper one is a probe, refused before anything
// walks it recursively (zod included).
const maxDepth = 20;

/** The top-level field holding a NUL character or a lone surrogate, "" for the body itself, or null; walked without recursion. */
function fieldWithNul(value: unknown): string | null {
  const stack: { value: unknown; field: string; depth: number }[] = [{ value, field: "", depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (typeof item.value === "string") {
      if (item.value.includes("\u0000") || loneSurrogate.test(item.value)) return item.field;
      continue;
    }
    if (item.value === null || typeof item.value !== "object") continue;
    if (item.depth >= maxDepth)
      throw new InvalidInputError("提交的内容层级过深，无法处理。", item.field || undefined);
    for (const [key, inner] of Object.entries(item.value)) {
      stack.push({ value: inner, field: item.depth === 0 ? key : item.field, depth: item.depth + 1 });
    }
  }
  return null;
}

export const requestGuards = fp(async (app: FastifyInstance) => {
  // PostgreSQL refuses NUL (\0) and lone surrogates in text, so they would fail deep in a transaction as a 500.
  // No one types them: they come from a damaged paste or a script, and are refused up front, not removed.
  app.addHook("preValidation", async (request) => {
    for (const part of [request.params, request.query, request.body]) {
      const field = fieldWithNul(part);
      if (field !== null) {
        throw new InvalidInputError(
          "提交的内容含有空字符（\\0）或无法识别的字符，无法保存。请删除后重新提交。",
          field || undefined,
        );
      }
    }
  });

  // A signed-in page or an API answer names people and tasks: never kept in a shared or back-button cache.
  // A form route keeps its field errors for the form (attachValidation), but a path id that names no row is a
  // 404 before its handler runs, so no handler ever sees an unparsed id.
  app.addHook("preHandler", async (request) => {
    if (request.validationError?.validationContext === "params") throw new NotFoundError();
  });

  app.addHook("onSend", async (request, reply) => {
    if ((request.actor || request.url.startsWith("/api/")) && !reply.hasHeader("cache-control")) {
      reply.header("cache-control", "no-store");
    }
  });
});
