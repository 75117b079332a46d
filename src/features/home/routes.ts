import type { FastifyInstance } from "fastify";
import { summarizeTasks } from "../tasks/service.ts";
import { taskStateNames } from "../tasks/states.ts";

export async function homeRoutes(app: FastifyInstance) {
  app.get("/", async (request, reply) => {
    const actor = request.actor!;
    const summary = await summarizeTasks(app.db, actor, app.clock());
    const titles = { office: "工作台", unit: "本单位事项", leader: "督办总览" } as const;
    return reply.view(`home/${actor.role}.eta`, { title: titles[actor.role], summary, taskStateNames });
  });
}
