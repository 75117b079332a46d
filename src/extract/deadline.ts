// Completion-by phrases ("6月底前", "在主汛期前", "10个工作日内", "限期") and the date each one means for a meeting held
// on a given day. The first phrase in a directive that reads as a deadline is its deadline. Finding a phrase and
// resolving its date is done by the rules below; whether the phrase is a deadline at all (and not a forecast, a
// past completion, an as-of status, a window or a cadence) is decided by deadline-modality.ts. Ongoing work and
// reporting cycles are never deadlines; findSchedule (deadline-schedule.ts) reports them.
import type { WorkCalendar } from "./calendar.ts";
import { parseNumeral } from "./chinese-numerals.ts";
import { clauseEnd, clauseStart, readPhrase, sentenceEnd, sentenceStart } from "./deadline-modality.ts";
import {
  asOfBefore,
  attributiveAfter,
  COMPULSORY_ACT,
  completionAfter,
  completionLater,
  compulsoryAct,
  documentAnchor,
  glossAfter,
  LEAD,
  labelBefore,
  MONTH_PART,
  NOTICE_WINDOW,
  noticeWindowAct,
  OPEN_LIMIT,
  openLimitNotAfter,
  openLimitNotBefore,
  orderOrPlanWord,
  selfReference,
  standingAnchor,
  standingCondition,
  startAfter,
  TIME_OF_DAY,
  targetVerbBefore,
  taskNameAfter,
  windowStartBefore,
} from "./deadline-patterns.ts";
import { festivals } from "./festivals.ts";
import type { NamedPeriod } from "./named-periods.ts";
import { normaliseText, originalText } from "./normalise.ts";
import {
  addDays,
  addMonths,
  addYears,
  dayOfWeek,
  endOfMonth,
  formatIsoDate,
  isIsoDate,
  parseIsoDate,
} from "./plain-date.ts";
import { monthParts, vagueMonthPartDay } from "./vocabulary/deadline-words.ts";

export type Deadline = {
  /** The phrase as written in the directive. */
  text: string;
  date: string | null;
  /** stated: a calendar date written in the text; rule: computed from a phrase. */
  derivation: "stated" | "rule";
  needsConfirmation: boolean;
  /** How the date was reached, or why there is none (Chinese, shown to the office). */
  note?: string;
  /** A time of day written with the date ("下午17:30", "下班"); the deadline is still that whole day. */
  timeOfDay?: string;
  /** True when the text states an aim (计划/力争/争取/拟/将) rather than an order (要/确保/务必/请). */
  planned?: boolean;
};

export type DeadlineContext = {
  meetingDate: string | null;
  calendar: WorkCalendar;
  namedPeriods: NamedPeriod[];
};

/** Where the year of a phrase came from; it decides whether a date already passed may roll into next year. */
export type YearSource = "written" | "relative" | "sentence" | "meeting" | "none";

type Resolution = Omit<Deadline, "text"> & {
  warnings?: string[];
  /** The phrase carries its own by-word (前, 止, 底, 内 …); a bare date needs a verb or a label instead. */
  bounded: boolean;
  year: YearSource;
  /** For a vague phrase (中旬) the date shown in the note, used to tell past from future. */
  provisionalDate?: string;
  /** The phrase as written when it reaches beyond the match ("自本公告发布之日起30日内", a gloss after it). */
  start?: number;
  end?: number;
};

type Rule = {
  pattern: RegExp;
  /** null: this match is not a completion-by phrase after all (e.g. a date with no 前 and no completion verb). */
  resolve: (m: RegExpExecArray, text: string, ctx: DeadlineContext) => Resolution | null;
};

// An explicit year: "2019年", or one relative to the meeting: "今年", "明年" ("明年的4月底"), "去年".
const YEAR = "(?:(\\d{4})年|(今年|本年度?|当年|明年|次年|来年|去年|上年|前年))?(?:的)?";
const SMALL_NUMBER = "(\\d{1,2}|[一二三四五六七八九十]{1,3})";
// 元月 is January.
const MONTH = "(\\d{1,2}|[一二三四五六七八九十]{1,3}|元)";
const BEFORE = "(?:之前|以前|前(?![后期夕]))";
/** How many years a relative year word is from the meeting's. */
function yearOffset(word: string): number {
  if (/明年|次年|来年/.test(word)) return 1;
  if (/去年|上年/.test(word)) return -1;
  return word === "前年" ? -2 : 0;
}

const UNKNOWN_YEAR: Resolution = {
  date: null,
  derivation: "rule",
  needsConfirmation: true,
  note: "会议日期不详，无法确定年份，请确认",
  bounded: true,
  year: "meeting",
};

function monthNumber(written: string): number {
  return written === "元" ? 1 : parseNumeral(written);
}

function yearOf(meetingDate: string | null): number | null {
  return meetingDate ? parseIsoDate(meetingDate).year : null;
}

// A year written earlier in the same sentence ("2022年，全县……8月底前完成"); 年度 (a programme year), 以来 and 起
// (starts of spans) and ranges ("2023-2027年") do not date what follows.
const SENTENCE_YEAR = /(?<![\d\-—～~至到])(\d{4})年(?![度以起至到\d])|(今年|本年度|明年|次年|来年)/g;

function yearEarlierInSentence(text: string, index: number, meetingYear: number | null) {
  const from = sentenceStart(text, index);
  let found: { year: number | null; source: YearSource } | null = null;
  SENTENCE_YEAR.lastIndex = from;
  for (let m = SENTENCE_YEAR.exec(text); m && m.index < index; m = SENTENCE_YEAR.exec(text)) {
    if (m[1]) {
      const year = Number(m[1]);
      // A year before the meeting's introduces a report of that year, not the year of a task set now.
      if (meetingYear === null || year >= meetingYear) found = { year, source: "sentence" };
    } else if (meetingYear !== null) {
      found = { year: meetingYear + yearOffset(m[2] as string), source: "relative" };
    }
  }
  return found;
}

/** The year a phrase refers to: written ("2019年"), relative ("明年"), from the sentence, or the meeting's own. */
function phraseYear(
  written: string | undefined,
  relative: string | undefined,
  text: string,
  index: number,
  meetingDate: string | null,
): { year: number | null; source: YearSource } {
  if (written) return { year: Number(written), source: "written" };
  const meetingYear = yearOf(meetingDate);
  if (relative) {
    if (meetingYear === null) return { year: null, source: "relative" };
    return { year: meetingYear + yearOffset(relative), source: "relative" };
  }
  return yearEarlierInSentence(text, index, meetingYear) ?? { year: meetingYear, source: "meeting" };
}

/**
 * A date that only the meeting's year dates ("3月底前") and that is well past at the meeting means the next one
 * ("3月底前" said in December). Recent past dates stay: "10月31日前" said on 5 November refers back to a deadline
 * just missed, not to one a year away. A recurring event ("主汛期前" said in July) is always the next one.
 */
function settle(
  found: { year: number | null; source: YearSource },
  meetingDate: string | null,
  dateIn: (year: number) => string,
  recurring = false,
): string | null {
  if (found.year === null) return null;
  const date = dateIn(found.year);
  if (found.source !== "meeting" || !meetingDate || date >= meetingDate) return date;
  if (recurring || date < addMonths(meetingDate, -2)) return dateIn(found.year + 1);
  return date;
}

function contextBefore(text: string, index: number, width = 12): string {
  return text.slice(Math.max(0, index - width), index);
}

/**
 * A date or period with no by-word of its own is a deadline only when something says so: a label before it
 * ("截止时间为8月5日"), a completion verb right after it ("11月15日完成"), or an order or plan governing its clause
 * with a completion verb later in it ("确保热用户10月15日0时室温达标"). A start verb after it makes it a start date.
 */
function bareTarget(
  text: string,
  start: number,
  end: number,
  opts: { startVerbs: boolean; targetVerb?: boolean },
): boolean {
  if (labelBefore.test(contextBefore(text, start))) return true;
  // "迁坟期限：5月10日至6月9日": the end of a window for a compulsory act.
  if (
    windowStartBefore.test(contextBefore(text, start, 8)) &&
    compulsoryAct.test(text.slice(sentenceStart(text, start), start))
  )
    return true;
  const after = text.slice(end, end + 40);
  if (opts.startVerbs && startAfter.test(after)) return false;
  if (attributiveAfter.test(after)) return false;
  if (completionAfter.test(after)) return true;
  if (opts.targetVerb && targetVerbBefore.test(contextBefore(text, start, 2))) return true;
  return orderOrPlanWord.test(text.slice(clauseStart(text, start), start)) && completionLater.test(after);
}

function dayResolution(
  date: string | null,
  timeOfDay: string | undefined,
  bounded: boolean,
  year: YearSource,
) {
  return {
    date,
    derivation: "stated" as const,
    needsConfirmation: false,
    bounded,
    year,
    ...(timeOfDay ? { timeOfDay } : {}),
  };
}

function validDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

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
    const date = settle(found, ctx.meetingDate, (y) => formatIsoDate(y, month, day));
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
    const date = formatIsoDate(Number(m[1]), Number(m[2]), Number(m[3]));
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
    const { year, month } = parseIsoDate(ctx.meetingDate);
    const day = parseNumeral(m[2] as string);
    const offset = /[下次]/.test(m[1] as string) ? 1 : 0;
    const first = endOfMonth(year, month + offset).slice(0, 8);
    const date = `${first}${String(day).padStart(2, "0")}`;
    if (!isIsoDate(date)) return null;
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
    settle(found, meetingDate, (y) => formatIsoDate(y, month, vagueMonthPartDay[vague])) ?? undefined;
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
    const { year, month } = parseIsoDate(ctx.meetingDate);
    const offset = m[1] && /下/.test(m[1]) ? 1 : 0;
    const written = (m[2] ?? m[3]) as string;
    const part = (written === "内" ? "底" : written) as keyof typeof monthParts;
    const target = parseIsoDate(endOfMonth(year, month + offset));
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
    date: formatIsoDate(found.year, 12, 31),
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

// After a half-year or quarter these make it the name of a period of work, not a deadline.
const PERIOD_NAME_AFTER = /^(?:工作|经济|以来|的|重点|计划)/;

const halfYear: Rule = {
  pattern: new RegExp(`${LEAD}${YEAR}(上半年|下半年)(底|末|内|${BEFORE})?`, "g"),
  resolve(m, text, ctx) {
    const end = m.index + m[0].length;
    if (PERIOD_NAME_AFTER.test(text.slice(end))) return null;
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
    if (PERIOD_NAME_AFTER.test(text.slice(end))) return null;
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
function countResolution(
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
  const date = settle(found, ctx.meetingDate, (y) => formatIsoDate(y, month, day));
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
      const from = formatIsoDate(found.year, Number(parts[2]), Number(parts[3]));
      if (!isIsoDate(from)) return null;
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

const festivalNames = festivals.flatMap((f) => f.names).sort((a, b) => b.length - a.length);

const festival: Rule = {
  // Festival names are often quoted: 要在“五一”前.
  pattern: new RegExp(`${LEAD}${YEAR}“?(${festivalNames.join("|")})(?:假期|节)?”?${BEFORE}(?![后期])`, "g"),
  resolve(m, text, ctx) {
    const found = festivals.find((f) => f.names.includes(m[3] as string));
    if (!found || taskNameAfter.test(text.slice(m.index + m[0].length))) return null;
    const year = phraseYear(m[1], m[2], text, m.index, ctx.meetingDate);
    const date = settle(year, ctx.meetingDate, (y) => addDays(found.firstDay(y), -1), true);
    if (date === null) return UNKNOWN_YEAR;
    return {
      date,
      derivation: "rule",
      needsConfirmation: false,
      note: `${found.names[0]}前一天`,
      bounded: true,
      year: year.source,
    };
  },
};

const springFestival = festivals.find((f) => f.names.includes("春节"));

/** "确保年前完工": 年前 colloquially means before the lunar new year. Not "三年前", "2020年前", "今年前三季度". */
const beforeLunarNewYear: Rule = {
  pattern: new RegExp(
    `${LEAD}(?<![\\d零〇一二两三四五六七八九十今去明本当上同全每几多半近])年前(?![一二三四五六七八九十两\\d几后夕])`,
    "g",
  ),
  resolve(m, text, ctx) {
    if (!springFestival || !bareTarget(text, m.index, m.index + m[0].length, { startVerbs: true }))
      return null;
    const found = phraseYear(undefined, undefined, text, m.index, ctx.meetingDate);
    const date = settle(found, ctx.meetingDate, (y) => addDays(springFestival.firstDay(y), -1), true);
    if (date === null) return UNKNOWN_YEAR;
    return {
      date,
      derivation: "rule",
      needsConfirmation: true,
      note: "“年前”按春节前一天推算，请确认",
      bounded: true,
      year: found.source,
    };
  },
};

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every way a named period may be written; "汛期" may also be written "汛" directly before 前 ("汛前"). */
function periodSpellings(periods: NamedPeriod[]): Map<string, NamedPeriod> {
  const spellings = new Map<string, NamedPeriod>();
  for (const period of periods) {
    for (const name of [period.name, ...period.aliases]) {
      if (!name) continue;
      spellings.set(name, period);
      if (/[期季]$/.test(name) && name.length > 1) spellings.set(`${name.slice(0, -1)}\u0000`, period);
    }
  }
  return spellings;
}

/** The first day of a named period on or after a date: the start of the next flood season, summer holiday … */
function nextStart(period: NamedPeriod, from: string): string {
  const year = parseIsoDate(from).year;
  const start = formatIsoDate(year, period.month ?? 1, period.day ?? 1);
  return start > from ? start : formatIsoDate(year + 1, period.month ?? 1, period.day ?? 1);
}

// The event itself is a deadline only as a target: "实现2019年秋季开学目标", "确保秋季开学投入使用".
const EVENT_TARGET_AFTER = /^(?:目标|投入使用|交付使用|正常使用|启用)/;

function namedPeriodRule(periods: NamedPeriod[]): Rule | null {
  const spellings = periodSpellings(periods);
  if (spellings.size === 0) return null;
  const full = [...spellings.keys()].filter((s) => !s.endsWith("\u0000"));
  const short = [...spellings.keys()].filter((s) => s.endsWith("\u0000")).map((s) => s.slice(0, -1));
  const alternatives = (names: string[]) =>
    names
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join("|");
  const shortPart = short.length ? `|(${alternatives(short)})(?=前(?![后期夕]))` : "";
  const pattern = new RegExp(
    `${LEAD}${YEAR}“?(?:(${alternatives(full)})${shortPart})”?(?:到来|来临|开始)?(${BEFORE}(?![后期]))?`,
    "g",
  );
  return {
    pattern,
    resolve(m, text, ctx) {
      const written = m[3] ?? m[4];
      const period = m[3] !== undefined ? spellings.get(m[3]) : spellings.get(`${m[4]}\u0000`);
      if (!period || !written) return null;
      const before = m[5] !== undefined || m[4] !== undefined;
      const after = text.slice(m.index + m[0].length);
      if (taskNameAfter.test(after)) return null;
      if (!before) {
        if (!m[1] && !EVENT_TARGET_AFTER.test(after)) return null;
        // "如期实现秋季开学目标" in a review reports what was achieved; a target needs a year ahead or someone to
        // pursue it ("要…实现秋季开学目标").
        const sentence = text.slice(sentenceStart(text, m.index), sentenceEnd(text, m.index));
        if (!m[1] && !orderOrPlanWord.test(sentence)) return null;
      }
      const shift = before ? -1 : 0;
      const label = before ? `${period.name}前一天` : `${period.name}当天`;
      if (period.kind === "relative") {
        if (!ctx.meetingDate)
          return { ...UNKNOWN_YEAR, note: `会议日期不详，无法推算${period.name}，请确认` };
        const start = addDays(ctx.meetingDate, period.offsetDays ?? 14);
        return {
          date: addDays(start, shift),
          derivation: "rule",
          needsConfirmation: true,
          note: `按${period.name}在会后${period.offsetDays ?? 14}天召开推算（${label}），请确认`,
          bounded: before,
          year: "none",
        };
      }
      const month = period.month ?? 1;
      const day = period.day ?? 1;
      const found = phraseYear(m[1], m[2], text, m.index, ctx.meetingDate);
      const date = settle(found, ctx.meetingDate, (y) => addDays(formatIsoDate(y, month, day), shift), true);
      if (date === null) return UNKNOWN_YEAR;
      return {
        date,
        derivation: "rule",
        needsConfirmation: true,
        note: `按${period.name}默认开始日${month}月${day}日推算（${label}），请确认`,
        bounded: before,
        year: found.source,
      };
    },
  };
}

/** "本学期末前": the day before the next school holiday (暑假 or 寒假, from the named periods). */
function schoolTermRule(periods: NamedPeriod[]): Rule {
  const holidays = periods.filter((p) => p.kind === "annual" && (p.name === "暑假" || p.name === "寒假"));
  return {
    pattern: new RegExp(`${LEAD}(本学期|这学期|本学年|这学年)(?:末|结束|内)(?:${BEFORE})?`, "g"),
    resolve(m, _text, ctx) {
      const candidates = m[1]?.endsWith("学年") ? holidays.filter((p) => p.name === "暑假") : holidays;
      if (!ctx.meetingDate || candidates.length === 0) {
        return { ...UNKNOWN_YEAR, note: "无法推算学期结束日期，请确认" };
      }
      const meetingDate = ctx.meetingDate;
      const next = candidates
        .map((p) => ({ period: p, start: nextStart(p, meetingDate) }))
        .sort((a, b) => (a.start < b.start ? -1 : 1))[0] as { period: NamedPeriod; start: string };
      return {
        date: addDays(next.start, -1),
        derivation: "rule",
        needsConfirmation: true,
        note: `按${next.period.name}默认开始日推算学期结束（${next.period.name}前一天），请确认`,
        bounded: true,
        year: "none",
      };
    },
  };
}

// Building the named-period patterns costs more than matching them; the same settings list comes in for every
// directive of a record.
const periodRules = new WeakMap<NamedPeriod[], Rule[]>();

function cachedPeriodRules(periods: NamedPeriod[]): Rule[] {
  let rules = periodRules.get(periods);
  if (!rules) {
    const named = namedPeriodRule(periods);
    rules = [...(named ? [named] : []), schoolTermRule(periods)];
    periodRules.set(periods, rules);
  }
  return rules;
}

// A stated window: "公示时间为2025年5月13日至19日", "公示期自2019年12月12日至2020年1月10日".
const NOTICE_WINDOW_RANGE = new RegExp(
  `${NOTICE_WINDOW}(?:期|时间|日期|期限)?[^。\\n]{0,14}?(?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})日(?:起)?(?:至|到|—|－|-|～|~)(?:(\\d{4})年)?(?:(\\d{1,2})月)?(\\d{1,2})日`,
);
const NOTICE_WINDOW_LENGTH = new RegExp(
  `${NOTICE_WINDOW}期(?:为|：)?(\\d{1,3}|[一二三四五六七八九十]{1,3})(?:个)?(工作日|天|日)`,
);

function statedWindowEnd(text: string, ctx: DeadlineContext): Resolution | null {
  const range = NOTICE_WINDOW_RANGE.exec(text);
  if (range) {
    const year = range[5] ? Number(range[5]) : range[2] ? Number(range[2]) : yearOf(ctx.meetingDate);
    if (year === null) return null;
    const month = Number(range[6] ?? range[3]);
    const startMonth = Number(range[3]);
    // "12月12日至1月10日" crosses into the next year.
    const endYear = !range[5] && month < startMonth ? year + 1 : year;
    const date = formatIsoDate(endYear, month, Number(range[7]));
    return {
      date,
      derivation: "stated",
      needsConfirmation: false,
      note: "公示期截止日",
      bounded: true,
      year: "none",
    };
  }
  const length = NOTICE_WINDOW_LENGTH.exec(text);
  if (length && ctx.meetingDate) {
    const amount = parseNumeral(length[2] as string);
    const counted = countResolution(amount, length[3] === "工作日" ? "工作日" : "日", ctx);
    return { ...counted, needsConfirmation: true, note: `按公示期${amount}${length[3]}自发布日起算，请确认` };
  }
  return null;
}

/** "请在公示期内反馈": due at the window's end, which the notice states elsewhere. */
const noticeWindow: Rule = {
  pattern: new RegExp(`(?:在|于)?${NOTICE_WINDOW}(?:期限|期间|期)(?:之内|以内|内)`, "g"),
  resolve(m, text, ctx) {
    const sentence = text.slice(sentenceStart(text, m.index), sentenceEnd(text, m.index));
    if (!noticeWindowAct.test(sentence.replace(m[0], ""))) return null;
    return (
      statedWindowEnd(text, ctx) ?? {
        date: null,
        derivation: "rule",
        needsConfirmation: true,
        note: "公示期的截止日期未在此处写明，请按公示起止时间确认",
        bounded: true,
        year: "none",
      }
    );
  },
};

/** 限期 / 限时 with no date: the office must set one. "限期10天内" is taken by the relative rule, which is longer. */
const openLimit: Rule = {
  pattern: new RegExp(`${OPEN_LIMIT}(?![\\d一二两三四五六七八九十半])`, "g"),
  resolve(m, text) {
    if (openLimitNotAfter.test(text.slice(m.index + m[0].length))) return null;
    if (openLimitNotBefore.test(contextBefore(text, m.index, 2))) return null;
    return {
      date: null,
      derivation: "rule",
      needsConfirmation: true,
      note: `${m[1]}未写明日期，请确认`,
      bounded: true,
      year: "none",
    };
  },
};

const fixedRules: Rule[] = [
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
  relative,
  labelledCount,
  festival,
  beforeLunarNewYear,
  noticeWindow,
  openLimit,
];

/** Book titles (《…2023-2027年…》) contain dates that are never deadlines. */
function insideBookTitle(text: string, index: number): boolean {
  const open = text.lastIndexOf("《", index);
  return open >= 0 && text.lastIndexOf("》", index) < open;
}

type Candidate = { start: number; end: number; rule: Rule; match: RegExpExecArray };

function candidatesIn(text: string, rules: Rule[]): Candidate[] {
  const candidates: Candidate[] = [];
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(text); m; m = rule.pattern.exec(text)) {
      if (m[0].length === 0) {
        rule.pattern.lastIndex++;
        continue;
      }
      if (!insideBookTitle(text, m.index)) {
        candidates.push({ start: m.index, end: m.index + m[0].length, rule, match: m });
      }
    }
  }
  // The first phrase wins; at the same place, the longer reading ("限期10天内" over "限期").
  return candidates.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** A deadline already past at the meeting is kept (it may be overdue) but the office should look at it. */
function flagPast(resolved: Resolution, meetingDate: string | null): Resolution {
  if (resolved.date === null || meetingDate === null || resolved.date >= meetingDate) return resolved;
  const note = resolved.note ? `${resolved.note}；早于会议日期，请确认` : "早于会议日期，请确认";
  return { ...resolved, needsConfirmation: true, note };
}

export function findDeadline(text: string, ctx: DeadlineContext): (Deadline & { warnings: string[] }) | null {
  const doc = normaliseText(text);
  const rules = [...fixedRules, ...cachedPeriodRules(ctx.namedPeriods)];
  for (const c of candidatesIn(doc.text, rules)) {
    const resolved = c.rule.resolve(c.match, doc.text, ctx);
    if (!resolved) continue;
    // A phrase that resolves outside any plausible year ("9999年底前", a mistyped year) is no deadline to keep.
    if (resolved.date !== null && !isIsoDate(resolved.date)) continue;
    const start = resolved.start ?? c.start;
    const end = resolved.end ?? c.end;
    const reading = readPhrase(
      doc.text,
      start,
      end,
      {
        bounded: resolved.bounded,
        year: resolved.year,
        date: resolved.date ?? resolved.provisionalDate ?? null,
      },
      ctx.meetingDate,
    );
    if (!reading.deadline) continue;
    const {
      warnings,
      bounded: _bounded,
      year: _year,
      provisionalDate: _provisional,
      start: _start,
      end: _end,
      ...deadline
    } = flagPast(resolved, ctx.meetingDate);
    return {
      text: originalText(doc, start, end),
      ...deadline,
      ...(reading.planned ? { planned: true } : {}),
      warnings: warnings ?? [],
    };
  }
  return null;
}
