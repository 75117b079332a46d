// Completion-by phrases ("6月底前", "在主汛期前", "10个工作日内", "限期") and the date each one means for a meeting held
// on a given day. The first phrase in a directive is its deadline; cadences (每月底), windows (春节前后, 国庆期间) and
// urgency words (尽快, 抓紧, 按时) are not deadlines and never produce one.
import type { WorkCalendar } from "./calendar.ts";
import { parseNumeral } from "./chinese-numerals.ts";
import { festivals } from "./festivals.ts";
import type { NamedPeriod } from "./named-periods.ts";
import { normaliseText, originalText } from "./normalise.ts";
import {
  addDays,
  addMonths,
  addYears,
  endOfMonth,
  formatIsoDate,
  isIsoDate,
  parseIsoDate,
} from "./plain-date.ts";

export type Deadline = {
  /** The phrase as written in the directive. */
  text: string;
  date: string | null;
  /** stated: a calendar date written in the text; rule: computed from a phrase. */
  derivation: "stated" | "rule";
  needsConfirmation: boolean;
  /** How the date was reached, or why there is none (Chinese, shown to the office). */
  note?: string;
};

export type DeadlineContext = {
  meetingDate: string | null;
  calendar: WorkCalendar;
  namedPeriods: NamedPeriod[];
};

type Resolution = Omit<Deadline, "text"> & { warnings?: string[] };

type Rule = {
  pattern: RegExp;
  /** null: this match is not a completion-by phrase after all (e.g. a date with no 前 and no completion verb). */
  resolve: (m: RegExpExecArray, text: string, ctx: DeadlineContext) => Resolution | null;
};

// Optional "在/于/赶在" before the phrase is part of it as written ("在主汛期前").
const LEAD = "(?:赶在|在|于)?";
// An explicit year: "2019年", or one relative to the meeting: "今年", "明年".
const YEAR = "(?:(\\d{4})年|(今年|本年度?|当年|明年|次年|来年))?";
const SMALL_NUMBER = "(\\d{1,2}|[一二三四五六七八九十]{1,3})";
const BEFORE = "(?:之前|以前|前)";
// A completion verb right after a bare date or period turns it into a deadline ("6月30日完成", "实现上半年…").
const COMPLETION_AFTER =
  /^(?:全部|全面|基本|前|底)?(?:完成|办结|到位|上报|报送|提交|建成|竣工|完工|整改|交付|投用|投入使用|启用|开工|清零|出台|印发|结束|落实|实现|达标|见效)/;
// Words before a bare period that make it a target date ("确保一季度开工", "实现上半年…目标").
const TARGET_BEFORE = /(?:在|于|到|确保|力争|争取|实现|完成|截至|截止|之前|务必|必须)$/;
// "完成时限：6月30日" states the date without 前.
const DEADLINE_LABEL_BEFORE = /(?:时限|期限|时间|日期|截止)：?$/;
// After a festival or period these make it a window, not a deadline.
const WINDOW_AFTER = /^(?:后|前后|期间|以来)/;

const MONTH_PART_DAY: Record<string, number | "end"> = {
  底: "end",
  末: "end",
  下旬: "end",
  中旬: 20,
  上旬: 10,
};

function yearOf(meetingDate: string | null): number | null {
  return meetingDate ? parseIsoDate(meetingDate).year : null;
}

/** The year a phrase refers to: written ("2019年"), relative ("明年"), or the meeting's own year. */
function phraseYear(written: string | undefined, relative: string | undefined, meetingDate: string | null) {
  if (written) return { year: Number(written), explicit: true };
  const meetingYear = yearOf(meetingDate);
  if (meetingYear === null) return { year: null, explicit: false };
  if (relative && /明年|次年|来年/.test(relative)) return { year: meetingYear + 1, explicit: true };
  return { year: meetingYear, explicit: relative !== undefined };
}

/**
 * A date without a written year belongs to the meeting's year, unless that is already past at the meeting, in which
 * case the next occurrence is meant ("3月底前" said in December).
 */
function upcoming(
  year: number,
  explicit: boolean,
  meetingDate: string | null,
  dateIn: (y: number) => string,
) {
  const date = dateIn(year);
  if (!explicit && meetingDate && date < meetingDate) return dateIn(year + 1);
  return date;
}

const UNKNOWN_YEAR: Resolution = {
  date: null,
  derivation: "rule",
  needsConfirmation: true,
  note: "会议日期不详，无法确定年份，请确认",
};

function contextBefore(text: string, index: number, width = 6): string {
  return text.slice(Math.max(0, index - width), index);
}

function isTargetContext(
  m: RegExpExecArray,
  text: string,
  hasSuffix: boolean,
  explicitYear: boolean,
): boolean {
  const after = text.slice(m.index + m[0].length);
  return (
    hasSuffix ||
    explicitYear ||
    TARGET_BEFORE.test(contextBefore(text, m.index)) ||
    COMPLETION_AFTER.test(after)
  );
}

const statedDate: Rule = {
  pattern: new RegExp(`${LEAD}${YEAR}${SMALL_NUMBER}月${SMALL_NUMBER}[日号](之前|以前|前|止|为限)?`, "g"),
  resolve(m, text, ctx) {
    const after = text.slice(m.index + m[0].length);
    const labelled = DEADLINE_LABEL_BEFORE.test(contextBefore(text, m.index));
    if (!m[5] && !labelled && !COMPLETION_AFTER.test(after)) return null;
    if (/^[至到—\-~]/.test(after)) return null;
    const month = parseNumeral(m[3] as string);
    const day = parseNumeral(m[4] as string);
    if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return null;
    const { year, explicit } = phraseYear(m[1], m[2], ctx.meetingDate);
    if (year === null) return { ...UNKNOWN_YEAR, derivation: "stated" };
    const date = upcoming(year, explicit, ctx.meetingDate, (y) => formatIsoDate(y, month, day));
    return { date, derivation: "stated", needsConfirmation: false };
  },
};

const monthPart: Rule = {
  pattern: new RegExp(`${LEAD}${YEAR}${SMALL_NUMBER}月份?(底|末|下旬|中旬|上旬)(?:${BEFORE})?`, "g"),
  resolve(m, text, ctx) {
    if (contextBefore(text, m.index, 1) === "每") return null;
    if (/^前后/.test(text.slice(m.index + m[0].length))) return null;
    const month = parseNumeral(m[3] as string);
    if (!(month >= 1 && month <= 12)) return null;
    const { year, explicit } = phraseYear(m[1], m[2], ctx.meetingDate);
    if (year === null) return UNKNOWN_YEAR;
    const part = MONTH_PART_DAY[m[4] as string] ?? "end";
    const dateIn = (y: number) => (part === "end" ? endOfMonth(y, month) : formatIsoDate(y, month, part));
    return {
      date: upcoming(year, explicit, ctx.meetingDate, dateIn),
      derivation: "rule",
      needsConfirmation: false,
    };
  },
};

/** "6月前" is the end of May; "个月" (a duration) is left to the relative rule. */
const beforeMonth: Rule = {
  pattern: new RegExp(`${LEAD}${YEAR}${SMALL_NUMBER}月份?${BEFORE}(?![后期])`, "g"),
  resolve(m, _text, ctx) {
    const month = parseNumeral(m[3] as string);
    if (!(month >= 1 && month <= 12)) return null;
    const { year, explicit } = phraseYear(m[1], m[2], ctx.meetingDate);
    if (year === null) return UNKNOWN_YEAR;
    const date = upcoming(year, explicit, ctx.meetingDate, (y) => endOfMonth(y, month - 1));
    return { date, derivation: "rule", needsConfirmation: false };
  },
};

/** 本月底, 月底前, 下月底: months counted from the meeting. */
const meetingMonthEnd: Rule = {
  pattern: new RegExp(
    `${LEAD}(?:(本月|当月|下月|下个月)(底|末|内)|(?<![\\d一二三四五六七八九十每本当个下])月(底|末))(?:${BEFORE})?`,
    "g",
  ),
  resolve(m, text, ctx) {
    const bare = m[3] !== undefined;
    if (bare && !/前$/.test(m[0]) && !COMPLETION_AFTER.test(text.slice(m.index + m[0].length))) return null;
    if (!ctx.meetingDate) return { ...UNKNOWN_YEAR, note: "会议日期不详，无法推算月底，请确认" };
    const { year, month } = parseIsoDate(ctx.meetingDate);
    const offset = m[1] && /下/.test(m[1]) ? 1 : 0;
    return { date: endOfMonth(year, month + offset), derivation: "rule", needsConfirmation: false };
  },
};

const yearEnd: Rule = {
  pattern: new RegExp(`${LEAD}(?:(\\d{4})|(今|本|当|明|次|来))?年(?:年|度)?(底|末)(?:${BEFORE})?`, "g"),
  resolve(m, text, ctx) {
    const before = contextBefore(text, m.index, 1);
    if (before === "每" || /[\d零〇一二两三四五六七八九十几]/.test(m[1] ? "" : before)) return null;
    if (/^(?:前后|岁初|年初)/.test(text.slice(m.index + m[0].length))) return null;
    const { year } = phraseYear(m[1], m[2] ? `${m[2]}年` : undefined, ctx.meetingDate);
    if (year === null) return UNKNOWN_YEAR;
    return { date: formatIsoDate(year, 12, 31), derivation: "rule", needsConfirmation: false };
  },
};

const withinYear: Rule = {
  pattern: new RegExp(`${LEAD}(?:(\\d{4})|(今|本|当|明))?年(?:度)?内`, "g"),
  resolve(m, text, ctx) {
    // "三年内" is a duration, left to the relative rule.
    if (!m[1] && !m[2] && /[\d零〇一二两三四五六七八九十几个半]/.test(contextBefore(text, m.index, 1)))
      return null;
    const { year } = phraseYear(m[1], m[2] ? `${m[2]}年` : undefined, ctx.meetingDate);
    if (year === null) return UNKNOWN_YEAR;
    return { date: formatIsoDate(year, 12, 31), derivation: "rule", needsConfirmation: false };
  },
};

const halfYear: Rule = {
  pattern: new RegExp(`${LEAD}${YEAR}(上半年|下半年)(底|末|内|之前|以前|前)?`, "g"),
  resolve(m, text, ctx) {
    if (!isTargetContext(m, text, m[4] !== undefined, m[1] !== undefined)) return null;
    if (/^(?:工作|经济|以来|的|重点|计划)/.test(text.slice(m.index + m[0].length))) return null;
    const { year, explicit } = phraseYear(m[1], m[2], ctx.meetingDate);
    if (year === null) return UNKNOWN_YEAR;
    const dateIn = (y: number) => (m[3] === "上半年" ? formatIsoDate(y, 6, 30) : formatIsoDate(y, 12, 31));
    return {
      date: upcoming(year, explicit, ctx.meetingDate, dateIn),
      derivation: "rule",
      needsConfirmation: false,
    };
  },
};

const quarter: Rule = {
  pattern: new RegExp(`${LEAD}${YEAR}第?([一二三四1-4])季度((?:末|底|结束)?(?:之前|以前|前)|末|底|内)?`, "g"),
  resolve(m, text, ctx) {
    if (!isTargetContext(m, text, m[4] !== undefined, m[1] !== undefined)) return null;
    const q = parseNumeral(m[3] as string);
    const { year, explicit } = phraseYear(m[1], m[2], ctx.meetingDate);
    if (year === null) return UNKNOWN_YEAR;
    const date = upcoming(year, explicit, ctx.meetingDate, (y) => endOfMonth(y, q * 3));
    return { date, derivation: "rule", needsConfirmation: false };
  },
};

/** 一个月内, 两天内, 10个工作日内, 一周内, 半个月内, 限期15日内: counted from the meeting date. */
const relative: Rule = {
  pattern:
    /(?:赶在|在|于|限期|限)?(?<![\d月年])(\d{1,3}|[一二两三四五六七八九十百半]{1,4})(?:个)?(工作日|天|日|周|星期|个?月|季度|年)(?:之内|以内|内)/g,
  resolve(m, _text, ctx) {
    const unit = (m[2] as string).replace("个", "");
    // Half a month or a year is a duration people write; half a day is not a deadline anyone tracks.
    const amount =
      m[1] === "半" ? (unit === "月" || unit === "年" ? 0.5 : Number.NaN) : parseNumeral(m[1] as string);
    if (!Number.isFinite(amount) || amount <= 0) return null;
    if (!ctx.meetingDate) {
      return {
        date: null,
        derivation: "rule",
        needsConfirmation: true,
        note: "会议日期不详，无法从会议日期起算，请确认",
      };
    }
    if (unit === "工作日") {
      const { date, warning } = ctx.calendar.addWorkdays(ctx.meetingDate, amount);
      return {
        date,
        derivation: "rule",
        needsConfirmation: warning !== undefined,
        note: `自会议日期起${amount}个工作日`,
        ...(warning ? { warnings: [warning] } : {}),
      };
    }
    const date =
      unit === "月" || unit === "季度"
        ? amount === 0.5
          ? addDays(ctx.meetingDate, 15)
          : addMonths(ctx.meetingDate, amount * (unit === "季度" ? 3 : 1))
        : unit === "年"
          ? addYears(ctx.meetingDate, amount)
          : addDays(ctx.meetingDate, amount * (unit === "周" || unit === "星期" ? 7 : 1));
    return { date, derivation: "rule", needsConfirmation: false };
  },
};

const festivalNames = festivals.flatMap((f) => f.names).sort((a, b) => b.length - a.length);

const festival: Rule = {
  pattern: new RegExp(`${LEAD}${YEAR}(${festivalNames.join("|")})(?:假期|节)?${BEFORE}(?![后期])`, "g"),
  resolve(m, _text, ctx) {
    const found = festivals.find((f) => f.names.includes(m[3] as string));
    if (!found) return null;
    const { year, explicit } = phraseYear(m[1], m[2], ctx.meetingDate);
    if (year === null) return UNKNOWN_YEAR;
    const date = upcoming(year, explicit, ctx.meetingDate, (y) => addDays(found.firstDay(y), -1));
    return { date, derivation: "rule", needsConfirmation: false, note: `${found.names[0]}前一天` };
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
  const shortPart = short.length ? `|(${alternatives(short)})(?=前(?![后期]))` : "";
  const pattern = new RegExp(
    `${LEAD}${YEAR}(?:(${alternatives(full)})${shortPart})(?:到来|来临|开始)?(${BEFORE}(?![后期]))?`,
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
      if (WINDOW_AFTER.test(after) && !before) return null;
      // The event itself is a deadline only as a target: "实现2019年秋季开学目标", "确保秋季开学投入使用".
      if (!before && !m[1] && !/^(?:目标|投入使用|交付使用|正常使用|启用|前夕)/.test(after)) return null;
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
        };
      }
      const month = period.month ?? 1;
      const day = period.day ?? 1;
      const { year, explicit } = phraseYear(m[1], m[2], ctx.meetingDate);
      if (year === null) return UNKNOWN_YEAR;
      const date = upcoming(year, explicit, ctx.meetingDate, (y) =>
        addDays(formatIsoDate(y, month, day), shift),
      );
      return {
        date,
        derivation: "rule",
        needsConfirmation: true,
        note: `按${period.name}默认开始日${month}月${day}日推算（${label}），请确认`,
      };
    },
  };
}

// Building the named-period pattern costs more than matching it; the same settings list comes in for every
// directive of a record.
const periodRules = new WeakMap<NamedPeriod[], Rule | null>();

function cachedPeriodRule(periods: NamedPeriod[]): Rule | null {
  if (!periodRules.has(periods)) periodRules.set(periods, namedPeriodRule(periods));
  return periodRules.get(periods) ?? null;
}

/** 限期 with no date: the office must set one. "限期10天内" is taken by the relative rule, which is longer. */
const openLimit: Rule = {
  pattern: /限期(?![\d一二两三四五六七八九十半])/g,
  resolve: () => ({
    date: null,
    derivation: "rule",
    needsConfirmation: true,
    note: "限期未写明日期，请确认",
  }),
};

const fixedRules: Rule[] = [
  statedDate,
  monthPart,
  beforeMonth,
  meetingMonthEnd,
  yearEnd,
  withinYear,
  halfYear,
  quarter,
  relative,
  festival,
  openLimit,
];

/** Book titles (《…2023-2027年…》) contain dates that are never deadlines. */
function insideBookTitle(text: string, index: number): boolean {
  const open = text.lastIndexOf("《", index);
  return open >= 0 && text.lastIndexOf("》", index) < open;
}

export function findDeadline(text: string, ctx: DeadlineContext): (Deadline & { warnings: string[] }) | null {
  const doc = normaliseText(text);
  const rules = [...fixedRules];
  const periodRule = cachedPeriodRule(ctx.namedPeriods);
  if (periodRule) rules.push(periodRule);

  const candidates: { start: number; end: number; rule: Rule; match: RegExpExecArray }[] = [];
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(doc.text); m; m = rule.pattern.exec(doc.text)) {
      if (m[0].length === 0) {
        rule.pattern.lastIndex++;
        continue;
      }
      if (!insideBookTitle(doc.text, m.index)) {
        candidates.push({ start: m.index, end: m.index + m[0].length, rule, match: m });
      }
    }
  }
  // The first phrase wins; at the same place, the longer reading ("限期10天内" over "限期").
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  for (const c of candidates) {
    const resolved = c.rule.resolve(c.match, doc.text, ctx);
    if (!resolved) continue;
    // A phrase that resolves outside any plausible year ("9999年底前", a mistyped year) is no deadline to keep.
    if (resolved.date !== null && !isIsoDate(resolved.date)) continue;
    const { warnings, ...deadline } = resolved;
    return { text: originalText(doc, c.start, c.end), ...deadline, warnings: warnings ?? [] };
  }
  return null;
}
