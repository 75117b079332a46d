import { PassThrough } from "node:stream";
import type { FastifyInstance } from "fastify";
import { parseForm } from "../../http/forms.ts";
import { lightNames } from "../tasks/light.ts";
import { ledgerQuerySchema } from "../tasks/schemas.ts";
import { taskStateNames } from "../tasks/states.ts";
import { lightChart, meetingChart, meetingChartLimit, trendChart } from "./charts.ts";
import { prepareLedgerExport } from "./export.ts";
import { dashboardQuerySchema, dashboardStates } from "./schemas.ts";
import { dueWithinDays, getDashboard, trendWeeks } from "./service.ts";

export async function dashboardRoutes(app: FastifyInstance) {
  app.get<{ Querystring: Record<string, string> }>("/dashboard", async (request, reply) => {
    const parsed = parseForm(dashboardQuerySchema, request.query);
    const query = parsed.ok ? parsed.data : {};
    const dashboard = await getDashboard(app.db, request.actor!, query, app.clock());
    return reply.code(parsed.ok ? 200 : 422).view("dashboard/show.eta", {
      title: "统计分析",
      ...dashboard,
      query,
      errors: parsed.ok ? {} : parsed.errors,
      charts: {
        trend: trendChart(dashboard.trend),
        lights: lightChart(dashboard.summary.lights),
        meetings: meetingChart(dashboard.meetings),
      },
      meetingChartLimit,
      trendWeeks,
      dueWithinDays,
      states: dashboardStates,
      taskStateNames,
      lightNames,
    });
  });

  // The same query as /tasks; a query the ledger would refuse is ignored here as it is there.
  app.get<{ Querystring: Record<string, string> }>("/tasks/export.xlsx", async (request, reply) => {
    const parsed = parseForm(ledgerQuerySchema, request.query);
    const exported = await prepareLedgerExport(
      app.db,
      request.actor!,
      parsed.ok ? parsed.data : {},
      app.clock(),
    );
    const body = new PassThrough();
    exported.write(body).catch((error: unknown) => {
      request.log.error({ err: error }, "ledger export failed");
      body.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    return reply
      .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .header(
        "content-disposition",
        `attachment; filename="${exported.asciiFileName}"; filename*=UTF-8''${encodeURIComponent(exported.fileName)}`,
      )
      .header("cache-control", "private, no-store")
      .send(body);
  });
}
