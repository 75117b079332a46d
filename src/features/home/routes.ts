import type { FastifyInstance } from "fastify";
import { listInbox, summarizeTasks } from "../tasks/service.ts";
import { taskStateNames } from "../tasks/states.ts";
import { inboxView } from "../tasks/task-view.ts";
import { taskViewNames } from "../tasks/view-names.ts";

export async function homeRoutes(app: FastifyInstance) {
  app.get("/", async (request, reply) => {
    const actor = request.actor!;
    // A unit's home is its inbox, built for a phone.
    if (actor.role === "unit") {
      const inbox = await listInbox(app.db, actor, app.clock());
      return reply.view("tasks/inbox.eta", inboxView({ ...taskViewNames, inbox, title: "本单位事项" }));
    }
    const summary = await summarizeTasks(app.db, actor, app.clock());
    const titles = { office: "工作台", leader: "督办总览" } as const;
    return reply.view(`home/${actor.role}.eta`, { title: titles[actor.role], summary, taskStateNames });
  });
}
