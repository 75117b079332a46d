// The dashboard's figures for /api: the same service, and so the same roles and numbers, as the page.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { dataVersionOf } from "../../http/data-version.ts";
import { errorResponses, isoDay } from "../../shared/api-fields.ts";
import { dashboardQuery, dashboardResponse } from "./api-schemas.ts";
import { getDashboardAsOf } from "./service.ts";

/** The dashboard links each figure to the ledger page; the API links it to the same query on /api/tasks. */
function apiHref(href: string): string {
  return href.replace(/^\/tasks/, "/api/tasks");
}

function figure(f: { n: number; href: string }) {
  return { n: f.n, href: apiHref(f.href) };
}

type Group = Record<
  "total" | "open" | "done" | "ontime" | "late" | "overdue",
  { n: number; href: string }
> & {
  rate: { value: number | null; text: string; title: string; href: string };
};

function groupJson(g: Group) {
  return {
    total: figure(g.total),
    open: figure(g.open),
    done: figure(g.done),
    ontime: figure(g.ontime),
    late: figure(g.late),
    overdue: figure(g.overdue),
    rate: { ...g.rate, href: apiHref(g.rate.href) },
  };
}

export const dashboardApiRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/dashboard",
    {
      schema: {
        tags: ["统计"],
        summary: "统计分析",
        description:
          "与统计分析页相同的数字和口径。仅限督查室和领导；分管领导默认只看分管单位（scope=all 看全部）。每个数字附有列出对应事项的接口地址。",
        querystring: dashboardQuery,
        response: { 200: dashboardResponse, ...errorResponses },
      },
    },
    async (request) => {
      const d = await getDashboardAsOf(
        app.db,
        request.apiActor!,
        request.query,
        app.clock(),
        await dataVersionOf(request),
      );
      return {
        asOf: isoDay(d.today),
        scope: { current: d.scope.current, choosable: d.scope.choosable, mineNames: d.scope.mineNames },
        filterWords: d.filterWords,
        summary: {
          ...groupJson(d.summary),
          due: figure(d.summary.due),
          lights: {
            red: figure(d.summary.lights.red),
            yellow: figure(d.summary.lights.yellow),
            green: figure(d.summary.lights.green),
          },
        },
        units: d.units.map((u) => ({ unit: { id: u.unit.id, name: u.unit.name }, ...groupJson(u) })),
        meetings: d.meetings.map((m) => ({
          meeting: { id: m.meeting.id, title: m.meeting.title, heldOn: isoDay(m.meeting.heldOn) },
          ...groupJson(m),
        })),
        trend: d.trend.map((w) => ({
          monday: isoDay(w.monday),
          sunday: isoDay(w.sunday),
          opened: figure(w.opened),
          closed: figure(w.closed),
        })),
      };
    },
  );
};
