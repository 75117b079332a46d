// Counted periods: "30日内", "10个工作日内", "自本公告发布之日起30日内", "整改期限为30日". What the count runs from
// decides the date: the document (the reference date), a stated day, an event of its own (no date yet), or every
// case (a standing limit, not a deadline).

import { addDays, addMonths, addYears, calendarDate, isCalendarDate } from "../shared/calendar-date.ts";
import { parseNumeral } from "./chinese-numerals.ts";
import type { DeadlineContext } from "./deadline.ts";
import { clauseEnd, clauseStart } from "./deadline-modality.ts";
import {
  COMPULSORY_ACT,
  documentAnchor,
  glossAfter,
  selfReference,
  standingAnchor,
  standingCondition,
} from "./deadline-patterns.ts";
import {
  contextBefore,
  dayResolution,
  phraseYear,
  type Resolution,
  type Rule,
  settle,
  UNKNOWN_YEAR,
} from "./deadline-rule.ts";

const RELATIVE_ANCHOR = /(?:之日)?(?:起|后)(?:的)?$/;
const ANCHOR_LEAD = /[自从在于]/;

/** What a count such as "30日内" is counted from: the document (the reference date), an event, or every case. */
function anchorOf(text: string, start: number) {
  const clauseFrom = clauseStart(text, start);
  const before = text.slice(Math.max(clauseFrom, start - 16), start);
  if (RELATIVE_ANCHOR.test(before)) {
    let from = 0;
    for (let i = before.length - 1; i >= 0; i--) {
      if (ANCHOR_LEAD.test(before[i] as string)) {
        from = i;
        break;
      }
    }
    const anchor = before.slice(from);
    return { kind: anchorKind(anchor), text: anchor, start: start - before.length + from };
  }
  // "受理申请后，应在10个工作日内作出决定": the anchor closes the clause before; the phrase stays where it is.
  if (before.length > 3 || clauseFrom < 2) return null;
  const previous = text.slice(Math.max(clauseStart(text, clauseFrom - 1), clauseFrom - 17), clauseFrom - 1);
  if (!RELATIVE_ANCHOR.test(previous)) return null;
  return { kind: anchorKind(previous), text: previous, start };
}

const ANCHOR_DATE = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]/;

function anchorKind(anchor: string): "document" | "standing" | "event" | "date" {
  if (ANCHOR_DATE.test(anchor)) return "date";
  if (documentAnchor.test(anchor)) return "document";
  return standingAnchor.test(anchor) ? "standing" : "event";
}

/** Counts from `from` (the meeting date unless the text names a start date). */
export function countResolution(
  amount: number,
  unit: string,
  ctx: DeadlineContext,
  from = ctx.meetingDate as string,
): Resolution {
  const meetingDate = from;
  if (unit === "工作日") {
    const { date, warning } = ctx.calendar.addWorkdays(meetingDate, amount);
    return {
      date,
      derivation: "rule",
      needsConfirmation: warning !== undefined,
      note: from === ctx.meetingDate ? `自会议日期起${amount}个工作日` : `自${from}起${amount}个工作日`,
      bounded: true,
      year: "none",
      ...(warning ? { warnings: [warning] } : {}),
    };
  }
  const date =
    unit === "月" || unit === "季度"
      ? amount === 0.5
        ? addDays(meetingDate, 15)
        : addMonths(meetingDate, amount * (unit === "季度" ? 3 : 1))
      : unit === "年"
        ? addYears(meetingDate, amount)
        : addDays(meetingDate, amount * (unit === "周" || unit === "星期" ? 7 : 1));
  return { date, derivation: "rule", needsConfirmation: false, bounded: true, year: "none" };
}

/** "30日内（即7月22日前）": the issuer's own gloss wins over counting. */
function glossResolution(text: string, end: number, ctx: DeadlineContext): Resolution | null {
  const gloss = glossAfter.exec(text.slice(end, end + 30));
  if (!gloss) return null;
  const parts = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})/.exec(gloss[1] as string);
  if (!parts) return null;
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  const found = phraseYear(parts[1], undefined, text, end, ctx.meetingDate);
  const date = settle(found, ctx.meetingDate, (y) => calendarDate(y, month, day));
  if (date === null) return null;
  return { ...dayResolution(date, undefined, true, found.source), end: end + gloss[0].length };
}

/** 一个月内, 两天内, 10个工作日内, 自本公告发布之日起30日内, 限期15日内: counted from the meeting or the notice. */
const relative: Rule = {
  pattern:
    /(?:赶在|在|于|限期|限)?(?<![\d月年])(\d{1,3}|[一二两三四五六七八九十百半]{1,4})(?:个)?(工作日|自然日|天|日|周|星期|个?月|季度|年)(?:之内|以内|内)/g,
  resolve(m, text, ctx) {
    const end = m.index + m[0].length;
    const unit = (m[2] as string).replace("个", "").replace("自然日", "日");
    // Half a month or a year is a duration people write; half a day is not a deadline anyone tracks.
    const amount =
      m[1] === "半" ? (unit === "月" || unit === "年" ? 0.5 : Number.NaN) : parseNumeral(m[1] as string);
    if (!Number.isFinite(amount) || amount <= 0) return null;
    // "由30个工作日压缩到7个工作日内" is a processing limit for every case.
    if (standingAnchor.test(contextBefore(text, m.index, 3))) return null;
    const anchor = anchorOf(text, m.index);
    const after = text.slice(end, clauseEnd(text, end));
    // "…之日起六个月内无人认领的，将…": a rule for whoever fails to act, restarting with every notice.
    if (anchor && !selfReference.test(anchor.text) && standingCondition.test(after)) return null;
    if (anchor?.kind === "standing") return null;
    const start = anchor?.start ?? m.index;
    if (anchor?.kind === "event") {
      return {
        date: null,
        derivation: "rule",
        needsConfirmation: true,
        note: `自“${anchor.text.replace(/^[自从在于]/, "")}”起算，文中未写明该日期，请确认`,
        bounded: true,
        year: "none",
        start,
      };
    }
    if (anchor?.kind === "date") {
      // "自6月1日起30日内": counted from the stated day.
      const parts = ANCHOR_DATE.exec(anchor.text) as RegExpExecArray;
      const found = phraseYear(parts[1], undefined, text, start, ctx.meetingDate);
      if (found.year === null) return { ...UNKNOWN_YEAR, start };
      const from = calendarDate(found.year, Number(parts[2]), Number(parts[3]));
      if (!isCalendarDate(from)) return null;
      return { ...countResolution(amount, unit, ctx, from), start };
    }
    const gloss = glossResolution(text, end, ctx);
    if (gloss) return { ...gloss, start };
    if (unit === "年" && amount >= 2) {
      return {
        date: null,
        derivation: "rule",
        needsConfirmation: true,
        note: `“${amount}年内”是多年目标，自会议日起算还是至第${amount}年年底，请确认`,
        bounded: true,
        year: "none",
        start,
      };
    }
    if (!ctx.meetingDate) {
      return {
        date: null,
        derivation: "rule",
        needsConfirmation: true,
        note: "会议日期不详，无法从会议日期起算，请确认",
        bounded: true,
        year: "none",
        start,
      };
    }
    return { ...countResolution(amount, unit, ctx), start };
  },
};

/** "整改期限为30日", "限期15日拆除": a stated period for a compulsory act, without 内. */
const labelledCount: Rule = {
  pattern: new RegExp(
    `(?:${COMPULSORY_ACT}(?:期限|时限)(?:为|是|：)?|限期)(\\d{1,3}|[一二两三四五六七八九十百]{1,4})(?:个)?(工作日|自然日|天|日|个?月)(?![内以之])`,
    "g",
  ),
  resolve(m, _text, ctx) {
    const amount = parseNumeral(m[1] as string);
    if (!Number.isFinite(amount) || amount <= 0) return null;
    if (!ctx.meetingDate) {
      return { ...UNKNOWN_YEAR, note: "会议日期不详，无法从会议日期起算，请确认", year: "none" };
    }
    return countResolution(amount, (m[2] as string).replace("个", "").replace("自然日", "日"), ctx);
  },
};

export const countRules: Rule[] = [relative, labelledCount];
