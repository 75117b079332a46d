// The data version (src/db/data-version.ts) as this request saw it: read once, at the first cache lookup, which
// for a signed-in page is the session check before the handler runs. Handlers that write should redirect rather
// than render from a cache afterwards.
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { readDataVersion } from "../db/data-version.ts";

declare module "fastify" {
  interface FastifyRequest {
    dataVersionRead: Promise<string> | null;
  }
}

export const dataVersion = fp(async (app: FastifyInstance) => {
  app.decorateRequest("dataVersionRead", null);
});

export function dataVersionOf(request: FastifyRequest): Promise<string> {
  request.dataVersionRead ??= readDataVersion(request.server.db);
  return request.dataVersionRead;
}
