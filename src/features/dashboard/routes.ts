import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { versionedCache } from "../../db/data-version.ts";
import { dataVersionOf } from "../../http/data-version.ts";
import { formErrors } from "../../http/forms.ts";
import { sendPrerendered } from "../../http/prerendered.ts";
import { lightNames } from "../tasks/light.ts";
import { taskStateNames } from "../tasks/states.ts";
import { escapeXml, lightChart, meetingChart, meetingChartLimit, trendChart } from "./charts.ts";
import { dashboardView } from "./dashboard-view.ts";
import { dashboardQuerySchema, dashboardStates } from "./schemas.ts";
import { dashboardKey, dueWithinDays, type Figure, getDashboard, trendWeeks } from "./service.ts";
import { getUnitStatsAsOf } from "./unit-stats.ts";

/**
 * A figure as a link to the ledger rows behind it. A page with every unit has some 1,500 of them, so this is a
 * function rather than a template include, which costs several times more per call.
 */
function fig(f: Figure): string {
  return `<a class="fig${f.n === 0 ? " zero" : ""}" data-n="${f.n}" href="${escapeXml(f.href)}">${f.n}</a>`;
}

// The page's body (figures, SVG charts, tables: some 380 KB with 200 units) depends on nothing but what the
// dashboard's key names (the role, a leader's units, the query, the day) and the filter errors, so it is drawn
// once per key and data version; each request only wraps it in the layout, which carries the person's name and
// form token. Kept as HTML because it pays: bench:dashboard on 5,000 tasks gave 31 pages/s with it and 11
// without (the charts are drawn by echarts on each render). It is kept as UTF-8 bytes, not a string: a string
// that size is measured and encoded again for every response (about 15 ms of CPU a page, more than everything
// else the request does). The API keeps the figures alone (getDashboardAsOf); the page computes them once per
// body, so nothing is cached twice.
const bodies = versionedCache<{ html: Buffer }>(50);

export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  const dashboardOptions = { schema: { querystring: dashboardQuerySchema }, attachValidation: true };
  app.get("/dashboard", dashboardOptions, async (request, reply) => {
    // A filter with a mistake shows the whole dashboard with the mistake marked, as the ledger does.
    const invalid = formErrors(request);
    const query = invalid ? {} : request.query;
    const errors = invalid ?? {};
    const actor = request.actor!;
    const now = app.clock();
    const version = await dataVersionOf(request);
    const key = `${dashboardKey(actor, query, now)}${JSON.stringify(errors)}`;
    const { html } = await bodies.get(app.db, version, key, async () => {
      const dashboard = await getDashboard(app.db, actor, query, now);
      // The same units as the dashboard's table: a chosen unit, a leader's 分管 units, or all.
      const scopeUnits = query.unitId
        ? [query.unitId]
        : dashboard.scope.current === "mine" && actor.role === "leader"
          ? actor.leaderUnitIds
          : null;
      const unitStats = await getUnitStatsAsOf(app.db, actor, now, version, scopeUnits);
      const charts = {
        trend: trendChart(dashboard.trend),
        lights: lightChart(dashboard.summary.lights),
        meetings: meetingChart(dashboard.meetings),
      };
      const data = {
        ...dashboard,
        query,
        errors,
        charts,
        unitStats,
        fig,
        meetingChartLimit,
        trendWeeks,
        dueWithinDays,
        states: dashboardStates,
        taskStateNames,
        lightNames,
      };
      return { html: Buffer.from(await app.renderPart("dashboard/show.eta", dashboardView(data))) };
    });
    return sendPrerendered(reply.code(invalid ? 422 : 200), "统计分析", html);
  });
};
