// The banner on every page that counts working days, while a year in use has no holiday arrangement: set once
// here, for the layout, instead of by each page's service.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { dataVersionOf } from "../../http/data-version.ts";
import { shanghaiToday } from "../../shared/calendar-date.ts";
import { missingCalendarYears } from "./service.ts";

export type CalendarWarning = { message: string; href: string | null };

// The pages whose lights, deadlines or reminder days come from the working-day calendar.
const countingPaths = [
  /^\/$/,
  /^\/tasks(\/|$)/,
  /^\/meetings(\/|$)/,
  /^\/dashboard$/,
  /^\/bulletin$/,
  /^\/settings\//,
];

export const calendarWarning = fp(async (app: FastifyInstance) => {
  app.addHook("preHandler", async (request, reply) => {
    const actor = request.actor;
    if (!actor || request.url.startsWith("/api/")) return;
    const path = request.url.split("?")[0] ?? "/";
    if (!countingPaths.some((p) => p.test(path))) return;
    const years = await missingCalendarYears(
      app.db,
      shanghaiToday(app.clock()),
      await dataVersionOf(request),
    );
    if (years.length === 0) return;
    const named = years.map((y) => `${y}年`).join("、");
    const office = actor.role === "office";
    const warning: CalendarWarning = {
      message: `${named}的节假日安排尚未录入，工作日按周一至周五计算，${office ? "请在日历设置中粘贴国务院通知" : "请督查室在日历设置中录入"}`,
      href: office ? `/settings/calendar?year=${years[0]}#notice` : null,
    };
    reply.locals = { ...reply.locals, calendarWarning: warning };
  });
});
