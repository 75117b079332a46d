import { PassThrough } from "node:stream";
import type { FastifyInstance } from "fastify";
import { versionedCache } from "../../db/data-version.ts";
import { dataVersionOf } from "../../http/data-version.ts";
import { parseForm } from "../../http/forms.ts";
import { lightNames } from "../tasks/light.ts";
import { ledgerQuerySchema } from "../tasks/schemas.ts";
import { taskStateNames } from "../tasks/states.ts";
import {
  type ChartPair,
  escapeXml,
  lightChart,
  meetingChart,
  meetingChartLimit,
  trendChart,
} from "./charts.ts";
import { prepareLedgerExport } from "./export.ts";
import { dashboardQuerySchema, dashboardStates } from "./schemas.ts";
import { dashboardKey, dueWithinDays, type Figure, getDashboardAsOf, trendWeeks } from "./service.ts";

// The charts are drawn from the cached figures, so they are kept with them: drawing three SVGs costs more than
// rendering the rest of the page.
const chartSets = versionedCache<Record<"trend" | "lights" | "meetings", ChartPair>>(50);

// Kept per figure object, which lives as long as the cached dashboard it belongs to.
const figureLinks = new WeakMap<Figure, string>();

/**
 * A figure as a link to the ledger rows behind it. A page with every unit has some 1,500 of them, so this is a
 * function rather than a template include (which costs several times more per call), and each link is built once.
 */
function fig(f: Figure): string {
  let link = figureLinks.get(f);
  if (link === undefined) {
    link = `<a class="fig${f.n === 0 ? " zero" : ""}" data-n="${f.n}" href="${escapeXml(f.href)}">${f.n}</a>`;
    figureLinks.set(f, link);
  }
  return link;
}

export async function dashboardRoutes(app: FastifyInstance) {
  app.get<{ Querystring: Record<string, string> }>("/dashboard", async (request, reply) => {
    const parsed = parseForm(dashboardQuerySchema, request.query);
    const query = parsed.ok ? parsed.data : {};
    const actor = request.actor!;
    const now = app.clock();
    const version = await dataVersionOf(request);
    const dashboard = await getDashboardAsOf(app.db, actor, query, now, version);
    const charts = await chartSets.get(app.db, version, dashboardKey(actor, query, now), async () => ({
      trend: trendChart(dashboard.trend),
      lights: lightChart(dashboard.summary.lights),
      meetings: meetingChart(dashboard.meetings),
    }));
    return reply.code(parsed.ok ? 200 : 422).view("dashboard/show.eta", {
      title: "统计分析",
      ...dashboard,
      query,
      errors: parsed.ok ? {} : parsed.errors,
      charts,
      fig,
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
