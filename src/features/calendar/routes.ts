// 日历设置: the year's month grid, one day's edit, and the State Council's notice pasted, previewed and saved.
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { type FieldErrors, formErrors, submitForm } from "../../http/forms.ts";
import { flash } from "../../http/session-auth.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { isCalendarDate, parseCalendarDate, shanghaiToday } from "../../shared/calendar-date.ts";
import { InvalidInputError } from "../../shared/errors.ts";
import type { NoticeReading } from "../../work-calendar/notice.ts";
import { periodSavedMessage, periodsOfYear, setPeriodOffset, setPeriodStart } from "./periods.ts";
import {
  calendarQuery,
  dayForm,
  noticeForm,
  periodOffsetForm,
  periodStartForm,
  periodsQuery,
} from "./schemas.ts";
import {
  calendarYears,
  calendarYearView,
  dayKindNames,
  dayModeNames,
  dayModes,
  daySourceNames,
  noticeSummary,
  previewNotice,
  saveNotice,
  setCalendarDay,
} from "./service.ts";

type PageState = {
  day?: { values: Record<string, unknown>; errors: FieldErrors };
  notice?: { values: Record<string, unknown>; errors: FieldErrors; reading?: NoticeReading };
};

export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const thisYear = () => parseCalendarDate(shanghaiToday(app.clock())).year;

  async function page(reply: FastifyReply, actor: Actor, year: number, state: PageState, status = 200) {
    const view = await calendarYearView(app.db, actor, year);
    return reply.code(status).view("settings/calendar.eta", {
      title: `日历设置 · ${year}年`,
      ...view,
      previousYear: year > calendarYears.first ? year - 1 : null,
      nextYear: year < calendarYears.last ? year + 1 : null,
      dayKindNames,
      daySourceNames,
      dayModes,
      dayModeNames,
      day: state.day ?? { values: {}, errors: {} },
      notice: state.notice ?? { values: {}, errors: {} },
    });
  }

  /** The year a refused form was about, when it can still be told; else this year. */
  function yearOf(value: unknown, fallback: number): number {
    if (typeof value === "string" && isCalendarDate(value)) return parseCalendarDate(value).year;
    const year = Number(value);
    return Number.isInteger(year) && year >= calendarYears.first && year <= calendarYears.last
      ? year
      : fallback;
  }

  app.get("/settings/calendar", { schema: { querystring: calendarQuery } }, async (request, reply) => {
    const { year: asked, date } = request.query;
    const year = asked ?? (date ? parseCalendarDate(date).year : thisYear());
    const day = date && parseCalendarDate(date).year === year ? { date } : {};
    return page(reply, request.actor!, year, { day: { values: day, errors: {} } });
  });

  app.post(
    "/settings/calendar/day",
    { schema: { body: dayForm }, attachValidation: true },
    async (request, reply) => {
      // Before validating: anyone else gets 403, not the office's form with their mistakes marked.
      requireRole(request.actor!, "office");
      const body = request.body as Record<string, unknown> | undefined;
      const year = yearOf(body?.date, thisYear());
      return submitForm(request, reply, {
        run: () => setCalendarDay(app.db, request.actor!, request.body),
        rerender: (errors, status) =>
          page(reply, request.actor!, year, { day: { values: body ?? {}, errors } }, status),
        done: (message) => message,
        redirect: `/settings/calendar?year=${year}`,
      });
    },
  );

  app.post(
    "/settings/calendar/notice",
    { schema: { body: noticeForm }, attachValidation: true },
    async (request, reply) => {
      const actor = request.actor!;
      requireRole(actor, "office");
      const body = request.body as Record<string, unknown> | undefined;
      const errors = formErrors(request);
      const year = yearOf(body?.year, thisYear());
      if (errors) return page(reply, actor, year, { notice: { values: body ?? {}, errors } }, 422);
      const { text } = request.body;
      if (request.body.confirm !== "1") {
        const reading = previewNotice(actor, text, year);
        return page(reply, actor, year, { notice: { values: body ?? {}, errors: {}, reading } });
      }
      try {
        const reading = await saveNotice(app.db, actor, text, year);
        flash(request, `已按通知保存${year}年的节假日安排：${noticeSummary(reading)}`);
        return reply.redirect(`/settings/calendar?year=${year}`, 303);
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        const reading = previewNotice(actor, text, year);
        const refused = { text: error.message };
        return page(reply, actor, year, { notice: { values: body ?? {}, errors: refused, reading } }, 422);
      }
    },
  );

  async function periodsPage(
    reply: FastifyReply,
    actor: Actor,
    year: number,
    failed?: { period: unknown; values: Record<string, unknown>; errors: FieldErrors },
    status = 200,
  ) {
    const periods = await periodsOfYear(app.db, actor, year);
    return reply.code(status).view("settings/periods.eta", {
      title: `时间节点 · ${year}年`,
      year,
      periods,
      failed,
      previousYear: year > calendarYears.first ? year - 1 : null,
      nextYear: year < calendarYears.last ? year + 1 : null,
    });
  }

  app.get("/settings/periods", { schema: { querystring: periodsQuery } }, async (request, reply) =>
    periodsPage(reply, request.actor!, request.query.year ?? thisYear()),
  );

  app.post(
    "/settings/periods/start",
    { schema: { body: periodStartForm }, attachValidation: true },
    async (request, reply) => {
      const actor = request.actor!;
      requireRole(actor, "office");
      const body = (request.body as Record<string, unknown> | undefined) ?? {};
      const year = yearOf(body.year, thisYear());
      return submitForm(request, reply, {
        run: () => {
          const { period, year, startsOn, restore } = request.body;
          const input = { period, year, startsOn: restore === "1" ? null : (startsOn ?? null) };
          return setPeriodStart(app.db, actor, input, app.clock());
        },
        rerender: (errors, status) =>
          periodsPage(reply, actor, year, { period: body.period, values: body, errors }, status),
        done: periodSavedMessage,
        redirect: `/settings/periods?year=${year}`,
      });
    },
  );

  app.post(
    "/settings/periods/offset",
    { schema: { body: periodOffsetForm, querystring: periodsQuery }, attachValidation: true },
    async (request, reply) => {
      const actor = request.actor!;
      requireRole(actor, "office");
      const body = (request.body as Record<string, unknown> | undefined) ?? {};
      // The year the page was on; a broken one falls back to this year rather than failing the save.
      const year = yearOf((request.query as Record<string, unknown> | undefined)?.year, thisYear());
      return submitForm(request, reply, {
        run: () => setPeriodOffset(app.db, actor, request.body, app.clock()),
        rerender: (errors, status) =>
          periodsPage(reply, actor, year, { period: body.period, values: body, errors }, status),
        done: periodSavedMessage,
        redirect: `/settings/periods?year=${year}`,
      });
    },
  );
};
