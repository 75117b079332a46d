import type { FastifyInstance } from "fastify";
import { shanghaiDate } from "../../locale.ts";
import { summarizeTasks, taskStateNames } from "../tasks/service.ts";

export async function homeRoutes(app: FastifyInstance) {
  app.get("/", async (request, reply) => {
    const actor = request.actor!;
    const today = new Date(`${shanghaiDate(app.clock())}T00:00:00Z`);
    const summary = await summarizeTasks(app.db, actor, today);
    const titles = { office: "工作台", unit: "本单位事项", leader: "督办总览" } as const;
    return reply.view(`home/${actor.role}.eta`, { title: titles[actor.role], summary, taskStateNames });
  });
}
