import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { dataVersionOf } from "../../http/data-version.ts";
import { formErrors } from "../../http/forms.ts";
import { optional } from "../../shared/form-fields.ts";
import { getUnitStatsAsOf } from "../dashboard/unit-stats.ts";
import {
  countUnitQueues,
  listUnitQueue,
  unitQueueHints,
  unitQueueNames,
  unitQueues,
} from "../tasks/queues.ts";
import { listInbox, summarizeTasks } from "../tasks/service.ts";
import { taskStateNames } from "../tasks/states.ts";
import { inboxQueueView, inboxView } from "../tasks/task-view.ts";
import { taskViewNames } from "../tasks/view-names.ts";
import { leaderQueues, officeQueues, summaryLinks } from "./queues.ts";

// queue= narrows a unit's inbox to one of its queues (the links at the top of the inbox); other roles' queues
// are ledger queries and their links go to /tasks.
const homeQuery = z.object({ queue: optional(z.enum(unitQueues, "待办筛选有误")) });

export const homeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/", { schema: { querystring: homeQuery }, attachValidation: true }, async (request, reply) => {
    const actor = request.actor!;
    const now = app.clock();
    const errors = formErrors(request);
    // A unit's home is its inbox, built for a phone.
    if (actor.role === "unit") {
      const queues = await countUnitQueues(app.db, actor, now);
      const queue = errors ? undefined : request.query.queue;
      if (queue) {
        const { rows, total } = await listUnitQueue(app.db, actor, queue, now);
        const heading = unitQueueNames[queue];
        const view = inboxQueueView({
          title: heading,
          unitId: actor.unitId,
          queue: { key: queue, heading, hint: unitQueueHints[queue], batchSign: queue === "to-sign" },
          rows,
          total,
        });
        return reply.view("tasks/inbox.eta", { ...taskViewNames, ...view, queues, currentQueue: queue });
      }
      const [inbox, unitStats] = await Promise.all([
        listInbox(app.db, actor, now),
        getUnitStatsAsOf(app.db, actor, now, await dataVersionOf(request)),
      ]);
      const view = inboxView({ ...taskViewNames, inbox, title: "本单位事项", errors: errors ?? {} });
      return reply.code(errors ? 422 : 200).view("tasks/inbox.eta", { ...view, queues, unitStats });
    }
    const [summary, waiting] = await Promise.all([
      summarizeTasks(app.db, actor, now),
      actor.role === "office" ? officeQueues(app.db, actor, now) : leaderQueues(app.db, actor, now),
    ]);
    const titles = { office: "工作台", leader: "督办总览" } as const;
    return reply.view(`home/${actor.role}.eta`, {
      title: titles[actor.role],
      summary,
      summaryLinks: summaryLinks(),
      ...waiting,
      taskStateNames,
    });
  });
};
