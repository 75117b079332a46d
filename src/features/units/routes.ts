import type { FastifyInstance } from "fastify";
import { listDirectory, unitKindNames } from "./service.ts";

export async function unitRoutes(app: FastifyInstance) {
  app.get("/units", async (request, reply) => {
    const units = await listDirectory(app.db, request.actor!);
    return reply.view("units/list.eta", { title: "单位名录", units, unitKindNames });
  });
}
