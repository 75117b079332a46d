// Phrases dated on the calendar: a day ("6月30日前", "本月22号前", "下周三前"), a month or part of one ("6月底",
// "拟于11月"), a quarter, half-year or year ("一季度", "年底前", "2024年完成").

import {
  addDays,
  calendarDate,
  dayOfWeek,
  endOfMonth,
  isCalendarDate,
  parseCalendarDate,
} from "../shared/calendar-date.ts";
import { parseNumeral } from "./chinese-numerals.ts";
import {
  asOfBefore,
  completionAfter,
  LEAD,
  labelBefore,
  MONTH_PART,
  periodNameAfter,
  TIME_OF_DAY,
} from "./deadline-patterns.ts";
import {
  BEFORE,
  bareTarget,
  contextBefore,
  dayResolution,
  MONTH,
  monthNumber,
  phraseYear,
  type Resolution,
  type Rule,
  SMALL_NUMBER,
  settle,
  UNKNOWN_YEAR,
  validDay,
  YEAR,
  type YearSource,
} from "./deadline-rule.ts";
import { monthParts, vagueMonthPartDay } from "./vocabulary/deadline-words.ts";

const statedDate: Rule = {
  pattern: new RegExp(`${LEAD}${YEAR}${MONTH}月${SMALL_NUMBER}[日号]${TIME_OF_DAY}(${BEFORE}|止|为限)?`, "g"),
  resolve(m, text, ctx) {
    const start = m.index;
    const end = start + m[0].length;
    const bounded = m[6] !== undefined;
    if (!bounded && !asOfBefore.test(contextBefore(text, start, 4))) {
      if (!bareTarget(text, start, end, { startVerbs: true })) return null;
    }
    const month = monthNumber(m[3] as string);
    const day = parseNumeral(m[4] as string);
    if (!validDay(month, day)) return null;
    const found = phraseYear(m[1], m[2], text, start, ctx.meetingDate);
    const date = settle(found, ctx.meetingDate, (y) => calendarDate(y, month, day));
    if (date === null) return { ...UNKNOWN_YEAR, derivation: "stated" };
    return dayResolution(date, m[5], bounded, found.source);
  },
};

/** "截止时间为20191220日": the digits of a date run together, as some stored copies have them. */
const compactDate: Rule = {
  pattern: new RegExp(
    `${LEAD}(?<!\\d)((?:19|20)\\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])日?(?!\\d)(${BEFORE}|止)?`,
    "g",
  ),
  resolve(m, text) {
    if (m[4] === undefined && !labelBefore.test(contextBefore(text, m.index))) return null;
    const date = calendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return { ...dayResolution(date, undefined, true, "written"), note: "原文日期数字连写，请核对" };
  },
};

/** "今天下班前", "明日12时前": days counted from the meeting. */
const nearDay: Rule = {
  pattern: new RegExp(`${LEAD}(今天|今日|明天|明日|后天)${TIME_OF_DAY}(${BEFORE})`, "g"),
  resolve(m, _text, ctx) {
    if (!ctx.meetingDate) return { ...UNKNOWN_YEAR, note: "会议日期不详，无法推算日期，请确认" };
    const offset = /^(今)/.test(m[1] as string) ? 0 : m[1] === "后天" ? 2 : 1;
    return { ...dayResolution(addDays(ctx.meetingDate, offset), m[2], true, "none"), derivation: "rule" };
  },
};

/** "本月22号前", "下月5日前". */
const meetingMonthDay: Rule = {
  pattern: new RegExp(
    `${LEAD}(本月|当月|这个月|下月|下个月|次月)${SMALL_NUMBER}[日号]${TIME_OF_DAY}(${BEFORE}|止)?`,
    "g",
  ),
  resolve(m, text, ctx) {
    const start = m.index;
    const end = start + m[0].length;
    const bounded = m[4] !== undefined;
    if (!bounded && !bareTarget(text, start, end, { startVerbs: true })) return null;
    if (!ctx.meetingDate) return { ...UNKNOWN_YEAR, note: "会议日期不详，无法确定月份，请确认" };
    const { year, month } = parseCalendarDate(ctx.meetingDate);
    const day = parseNumeral(m[2] as string);
    const offset = /[下次]/.test(m[1] as string) ? 1 : 0;
    const first = endOfMonth(year, month + offset).slice(0, 8);
    const date = `${first}${String(day).padStart(2, "0")}`;
    if (!isCalendarDate(date)) return null;
    return dayResolution(date, m[3], bounded, "relative");
  },
};

function vagueNote(month: number, part: keyof typeof vagueMonthPartDay) {
  return `“${month}月${part}”没有确切日期，可按${month}月${vagueMonthPartDay[part]}日，请确认`;
}

/** 6月底, 9月下旬; 上旬/中旬/初 are vague and get no date of their own. */
function monthPartResolution(
  found: { year: number | null; source: YearSource },
  month: number,
  part: keyof typeof monthParts,
  meetingDate: string | null,
): Resolution {
  if (monthParts[part] === "end") {
    const date = settle(found, meetingDate, (y) => endOfMonth(y, month));
    if (date === null) return UNKNOWN_YEAR;
    return { date, derivation: "rule", needsConfirmation: false, bounded: true, year: found.source };
  }
  const vague = part as keyof typeof vagueMonthPartDay;
  const provisionalDate =
    settle(found, meetingDate, (y) => calendarDate(y, month, vagueMonthPartDay[vague])) ?? undefined;
  return {
    date: null,
    derivation: "rule",
    needsConfirmation: true,
    note: vagueNote(month, vague),
    bounded: true,
    year: found.source,
    ...(provisionalDate ? { provisionalDate } : {}),
  };
}

const monthPart: Rule = {
  pattern: new RegExp(`${LEAD}${YEAR}${MONTH}月份?${MONTH_PART}(?:${BEFORE})?`, "g"),
  resolve(m, text, ctx) {
    const month = monthNumber(m[3] as string);
    if (!(month >= 1 && month <= 12)) return null;
    const found = phraseYear(m[1], m[2], text, m.index, ctx.meetingDate);
    return monthPartResolution(found, month, m[4] as keyof typeof monthParts, ctx.meetingDate);
  },
};

/** "6月前" is the end of May; "个月" (a duration) is left to the relative rule. */
const beforeMonth: Rule = {
  pattern: new RegExp(`${LEAD}${YEAR}${MONTH}月份?${BEFORE}(?![后期])`, "g"),
  resolve(m, text, ctx) {
    const month = monthNumber(m[3] as string);
    if (!(month >= 1 && month <= 12)) return null;
    const found = phraseYear(m[1], m[2], text, m.index, ctx.meetingDate);
    const date = settle(found, ctx.meetingDate, (y) => endOfMonth(y, month - 1));
    if (date === null) return UNKNOWN_YEAR;
    return { date, derivation: "rule", needsConfirmation: false, bounded: true, year: found.source };
  },
};

/** "拟于11月开园", "2020年10月份完工": a whole month with a completion verb is due by its last day. */
const bareMonth: Rule = {
  pattern: new RegExp(`${LEAD}${YEAR}${MONTH}月份?(?![日号底末旬初前内之以中上下\\d个])`, "g"),
  resolve(m, text, ctx) {
    // "1-5月完成投资" is a cumulative period of a report.
    if (/[\d\-—～~至到、]$/.test(contextBefore(text, m.index, 1))) return null;
    const end = m.index + m[0].length;
    if (!bareTarget(text, m.index, end, { startVerbs: false })) return null;
    const month = monthNumber(m[3] as string);
    if (!(month >= 1 && month <= 12)) return null;
    const found = phraseYear(m[1], m[2], text, m.index, ctx.meetingDate);
    const date = settle(found, ctx.meetingDate, (y) => endOfMonth(y, month));
    if (date === null) return { ...UNKNOWN_YEAR, bounded: false };
    return { date, derivation: "rule", needsConfirmation: false, bounded: false, year: found.source };
  },
};

/** 本月底, 月底前, 下月底, 本月中旬: months counted from the meeting. */
const meetingMonthEnd: Rule = {
  pattern: new RegExp(
    `${LEAD}(?:(本月|当月|下月|下个月)(${MONTH_PART.slice(1, -1)}|内)|(?<![\\d一二三四五六七八九十每本当个下元])月(底|末))(?:${BEFORE})?`,
    "g",
  ),
  resolve(m, text, ctx) {
    const bare = m[3] !== undefined;
    if (bare && !/前$/.test(m[0]) && !completionAfter.test(text.slice(m.index + m[0].length))) return null;
    if (!ctx.meetingDate) return { ...UNKNOWN_YEAR, note: "会议日期不详，无法推算月份，请确认" };
    const { year, month } = parseCalendarDate(ctx.meetingDate);
    const offset = m[1] && /下/.test(m[1]) ? 1 : 0;
    const written = (m[2] ?? m[3]) as string;
    const part = (written === "内" ? "底" : written) as keyof typeof monthParts;
    const target = parseCalendarDate(endOfMonth(year, month + offset));
    return monthPartResolution(
      { year: target.year, source: "relative" },
      target.month,
      part,
      ctx.meetingDate,
    );
  },
};

/** A whole year ("年底", "年内", "2024年完成"): its last day. */
function yearResolution(found: { year: number | null; source: YearSource }, bounded: boolean): Resolution {
  if (found.year === null) return { ...UNKNOWN_YEAR, bounded };
  return {
    date: calendarDate(found.year, 12, 31),
    derivation: "rule",
    needsConfirmation: false,
    bounded,
    year: found.source,
  };
}

function relativeYearWord(prefix: string | undefined): string | undefined {
  return prefix ? `${prefix}年` : undefined;
}

// 去年底 / 上年底 / 三年底 are not this year's end.
const NOT_YEAR_END_BEFORE = /[\d零〇一二两三四五六七八九十几去上前每]/;

const yearEnd: Rule = {
  pattern: new RegExp(`${LEAD}(?:(\\d{4})|(今|本|当|明|次|来))?年(?:年|度)?(底|末)(?:${BEFORE})?`, "g"),
  resolve(m, text, ctx) {
    const at =
      m.index + (m[0].startsWith("在") || m[0].startsWith("于") ? 1 : m[0].startsWith("赶在") ? 2 : 0);
    if (!m[1] && !m[2] && NOT_YEAR_END_BEFORE.test(contextBefore(text, at, 1))) return null;
    if (/^(?:前后|岁初|年初)/.test(text.slice(m.index + m[0].length))) return null;
    return yearResolution(phraseYear(m[1], relativeYearWord(m[2]), text, m.index, ctx.meetingDate), true);
  },
};

const withinYear: Rule = {
  pattern: new RegExp(`${LEAD}(?:(\\d{4})|(今|本|当|明))?年(?:度)?内`, "g"),
  resolve(m, text, ctx) {
    const at = m.index + (/^(?:在|于)/.test(m[0]) ? 1 : 0);
    // "三年内" is a duration, left to the relative rule.
    if (!m[1] && !m[2] && /[\d零〇一二两三四五六七八九十几个半去上前每]/.test(contextBefore(text, at, 1)))
      return null;
    return yearResolution(phraseYear(m[1], relativeYearWord(m[2]), text, m.index, ctx.meetingDate), true);
  },
};

/** "2024年实现…目标", "确保2024年当年实施、当年完成": a bare year with a completion verb. */
const bareYear: Rule = {
  pattern:
    /(?<![\d\-—～~])(\d{4})年(当年|全年)?(?![年度底末内初前后起以至到是的上下第一二三四五六七八九十元\d])/g,
  resolve(m, text) {
    if (!bareTarget(text, m.index, m.index + m[0].length, { startVerbs: false })) return null;
    // Treated as relative: a year already over at the meeting, in a sentence that orders nothing, is a report.
    return { ...yearResolution({ year: Number(m[1]), source: "relative" }, false) };
  },
};

/** "力争今年全部完成", "确保今年我区完成…": 今年/明年 with a completion verb. */
const relativeYear: Rule = {
  pattern:
    /(今年|本年度|明年|来年|次年)(?![上下]半年|[一二三四1-4第]季度|第|以来|是|的|度|起|前|后|至|到|年|底|末|内|初|[\d一二三四五六七八九十元]|[春夏秋冬汛]|元旦|春节|国庆|中秋|端午|清明|五一)/g,
  resolve(m, text, ctx) {
    if (!bareTarget(text, m.index, m.index + m[0].length, { startVerbs: false })) return null;
    return yearResolution(phraseYear(undefined, m[1], text, m.index, ctx.meetingDate), false);
  },
};

const halfYear: Rule = {
  pattern: new RegExp(`${LEAD}${YEAR}(上半年|下半年)(底|末|内|${BEFORE})?`, "g"),
  resolve(m, text, ctx) {
    const end = m.index + m[0].length;
    if (periodNameAfter.test(text.slice(end))) return null;
    const bounded = m[4] !== undefined;
    if (!bounded && !bareTarget(text, m.index, end, { startVerbs: false, targetVerb: true })) return null;
    const found = phraseYear(m[1], m[2], text, m.index, ctx.meetingDate);
    const month = m[3] === "上半年" ? 6 : 12;
    const date = settle(found, ctx.meetingDate, (y) => endOfMonth(y, month));
    if (date === null) return UNKNOWN_YEAR;
    return { date, derivation: "rule", needsConfirmation: false, bounded, year: found.source };
  },
};

const quarter: Rule = {
  pattern: new RegExp(`${LEAD}${YEAR}第?([一二三四1-4])季度((?:末|底|结束)?${BEFORE}|末|底|内)?`, "g"),
  resolve(m, text, ctx) {
    const end = m.index + m[0].length;
    if (periodNameAfter.test(text.slice(end))) return null;
    // "前三季度" is the reporting period from January.
    if (contextBefore(text, m.index, 1) === "前") return null;
    const bounded = m[4] !== undefined;
    if (!bounded && !bareTarget(text, m.index, end, { startVerbs: false, targetVerb: true })) return null;
    const q = parseNumeral(m[3] as string);
    const found = phraseYear(m[1], m[2], text, m.index, ctx.meetingDate);
    const date = settle(found, ctx.meetingDate, (y) => endOfMonth(y, q * 3));
    if (date === null) return UNKNOWN_YEAR;
    return { date, derivation: "rule", needsConfirmation: false, bounded, year: found.source };
  },
};

/** "下周三前", "周五前", "本周内": weeks run Monday to Sunday. */
const WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };

function mondayOf(date: string): string {
  return addDays(date, -((dayOfWeek(date) + 6) % 7));
}

const weekday: Rule = {
  pattern: new RegExp(
    `${LEAD}(本|这|下|下个)?(?:周|星期|礼拜)([一二三四五六日天])${TIME_OF_DAY}(${BEFORE})?`,
    "g",
  ),
  resolve(m, text, ctx) {
    const end = m.index + m[0].length;
    const bounded = m[4] !== undefined;
    if (!bounded && !completionAfter.test(text.slice(end))) return null;
    if (!ctx.meetingDate) return { ...UNKNOWN_YEAR, note: "会议日期不详，无法推算星期，请确认" };
    const day = WEEKDAYS[m[2] as string] as number;
    const thisWeek = addDays(mondayOf(ctx.meetingDate), day - 1);
    const date = m[1]?.startsWith("下")
      ? addDays(thisWeek, 7)
      : m[1] || thisWeek >= ctx.meetingDate
        ? thisWeek
        : addDays(thisWeek, 7);
    return {
      date,
      derivation: "rule",
      needsConfirmation: false,
      bounded,
      year: "relative",
      ...(m[3] ? { timeOfDay: m[3] } : {}),
    };
  },
};

const withinWeek: Rule = {
  pattern: new RegExp(`${LEAD}(本|这|下)(?:个)?(?:周|星期)(?:之内|以内|内)`, "g"),
  resolve(m, _text, ctx) {
    if (!ctx.meetingDate) return { ...UNKNOWN_YEAR, note: "会议日期不详，无法推算本周，请确认" };
    const sunday = addDays(mondayOf(ctx.meetingDate), (m[1] === "下" ? 7 : 0) + 6);
    return {
      date: sunday,
      derivation: "rule",
      needsConfirmation: true,
      note: "按该周周日计，如以周五为限请修改",
      bounded: true,
      year: "relative",
    };
  },
};

/** In tie order: at the same place and length, the earlier rule wins. */
export const calendarRules: Rule[] = [
  statedDate,
  compactDate,
  nearDay,
  meetingMonthDay,
  monthPart,
  beforeMonth,
  bareMonth,
  meetingMonthEnd,
  yearEnd,
  withinYear,
  bareYear,
  relativeYear,
  halfYear,
  quarter,
  weekday,
  withinWeek,
];
