// The zod fields that pages, queries and the API share, so an id, a date or a list of ids is checked the same way
// everywhere, with the same Chinese message.
import { z } from "zod";
import { isCalendarDate } from "./calendar-date.ts";

/** PostgreSQL's int4: a larger id can match no row, and the driver would refuse it with a 500. */
export const maxId = 2_147_483_647;

const blank = (v: unknown) => (v === "" ? undefined : v);

/** A form field that may be left empty: "" reads as absent. */
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

/** A row id from a path, a select or a query string. */
export const dbId = (message = "选择有误") =>
  z.coerce.number(message).int(message).positive(message).max(maxId, message);

/** `:id` in a path; a bad one answers 404 (see src/http/error-pages.ts). */
export const idParams = z.object({ id: dbId("要找的内容不存在") });

/** Checkboxes and multi-selects: absent, one value or many, at most `max`. */
export const idList = (message = "选择有误", max = 500) =>
  z.preprocess(
    (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
    z.array(dbId(message)).max(max, `一次最多选择 ${max} 项`),
  );

/**
 * A calendar day as YYYY-MM-DD that exists (zod's ISO date check): 2026-02-31 and 2026-13-45 are refused rather
 * than rolled over into March the way `new Date` would. Years outside 1990–2100 are typing mistakes (0026, 20266);
 * PostgreSQL would take them and the ledger would sort them first or last forever.
 */
export const calendarDate = z
  .string("请填写日期")
  .refine(
    (v) => z.iso.date().safeParse(v).success,
    "日期应为真实存在的日期，格式为 年-月-日，例如 2026-06-30",
  )
  .refine(isCalendarDate, "日期应在 1990 年至 2100 年之间");

/** A line of text a person typed, trimmed, with a length limit named in the message. */
export const text = (label: string, max: number) =>
  z.string(`请填写${label}`).trim().max(max, `${label}不能超过 ${max} 字`);

/** Like `text`, but must not be empty. */
export const requiredText = (label: string, max: number) => text(label, max).min(1, `请填写${label}`);

/** A form with no fields (a button): whatever else arrives is ignored, but it must be a form. */
export const emptyForm = z.object({}).loose();
