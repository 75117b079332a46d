// Phrases anchored on events: festivals ("春节前", "年前"), the office's named periods ("主汛期前", "下次常务会前",
// "本学期末前"), a notice's 公示期 and open limits (限期, 限时).

import { addDays, calendarDate, parseCalendarDate } from "../shared/calendar-date.ts";
import { parseNumeral } from "./chinese-numerals.ts";
import type { DeadlineContext } from "./deadline.ts";
import { countResolution } from "./deadline-count-rules.ts";
import { sentenceEnd, sentenceStart } from "./deadline-modality.ts";
import {
  completionVerb,
  eventTargetAfter,
  LEAD,
  NOTICE_WINDOW,
  noticeWindowAct,
  OPEN_LIMIT,
  openLimitNotAfter,
  openLimitNotBefore,
  orderOrPlanWord,
  taskNameAfter,
} from "./deadline-patterns.ts";
import {
  BEFORE,
  bareTarget,
  contextBefore,
  phraseYear,
  type Resolution,
  type Rule,
  settle,
  UNKNOWN_YEAR,
  YEAR,
  yearOf,
} from "./deadline-rule.ts";
import { festivals } from "./festivals.ts";
import { type NamedPeriod, periodStart, periodStartNote } from "./named-periods.ts";

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
  const year = parseCalendarDate(from).year;
  const start = periodStart(period, year);
  return start > from ? start : periodStart(period, year + 1);
}

/**
 * The event itself as a target: "实现秋季开学目标", "确保秋季开学投入使用", or "今年秋季开学，…空调将全面投入使用"
 * (the year's event, with a plan and a completion later in the sentence). "如期实现秋季开学目标" in a review reports
 * what was achieved: a target needs someone to pursue it.
 */
function eventTarget(text: string, m: RegExpExecArray, after: string): boolean {
  const sentence = text.slice(sentenceStart(text, m.index), sentenceEnd(text, m.index));
  if (!orderOrPlanWord.test(sentence)) return false;
  if (eventTargetAfter.test(after)) return true;
  const restOfSentence = text.slice(m.index + m[0].length, sentenceEnd(text, m.index));
  return m[2] !== undefined && completionVerb.test(restOfSentence);
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
      if (!before && !m[1] && !eventTarget(text, m, after)) return null;
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
      const found = phraseYear(m[1], m[2], text, m.index, ctx.meetingDate);
      const date = settle(found, ctx.meetingDate, (y) => addDays(periodStart(period, y), shift), true);
      if (date === null) return UNKNOWN_YEAR;
      return {
        date,
        derivation: "rule",
        needsConfirmation: true,
        note: `按${periodStartNote(period, parseCalendarDate(addDays(date, -shift)).year)}推算（${label}），请确认`,
        bounded: before,
        year: found.source,
      };
    },
  };
}

/** The office's annual period, among `names`, that starts next after the meeting. */
function nextAnnual(periods: NamedPeriod[], names: string[], meetingDate: string) {
  return periods
    .filter((p) => p.kind === "annual" && names.includes(p.name))
    .map((p) => ({ period: p, start: nextStart(p, meetingDate) }))
    .sort((a, b) => (a.start < b.start ? -1 : 1))[0];
}

/** "本学期末前": the day before the next school holiday (暑假 or 寒假, from the named periods). */
function schoolTermRule(periods: NamedPeriod[]): Rule {
  return {
    pattern: new RegExp(`${LEAD}(本学期|这学期|本学年|这学年)(?:末|结束|内)(?:${BEFORE})?`, "g"),
    resolve(m, _text, ctx) {
      const names = m[1]?.endsWith("学年") ? ["暑假"] : ["暑假", "寒假"];
      const next = ctx.meetingDate ? nextAnnual(periods, names, ctx.meetingDate) : undefined;
      if (!next) return { ...UNKNOWN_YEAR, note: "无法推算学期结束日期，请确认" };
      return {
        date: addDays(next.start, -1),
        derivation: "rule",
        needsConfirmation: true,
        note: `按${periodStartNote(next.period, parseCalendarDate(next.start).year)}推算学期结束（${next.period.name}前一天），请确认`,
        bounded: true,
        year: "none",
      };
    },
  };
}

/** "开学前", "9月开学前": the day before the next term starts (春季开学 or 秋季开学, from the named periods). */
function schoolOpeningRule(periods: NamedPeriod[]): Rule {
  return {
    pattern: new RegExp(`${LEAD}(?:(\\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?)?开学${BEFORE}`, "g"),
    resolve(m, _text, ctx) {
      const month = m[1] ? parseNumeral(m[1]) : null;
      const names = month === null ? ["春季开学", "秋季开学"] : month >= 7 ? ["秋季开学"] : ["春季开学"];
      const next = ctx.meetingDate ? nextAnnual(periods, names, ctx.meetingDate) : undefined;
      if (!next) return { ...UNKNOWN_YEAR, note: "无法推算开学日期，请确认" };
      return {
        date: addDays(next.start, -1),
        derivation: "rule",
        needsConfirmation: true,
        note: `按${periodStartNote(next.period, parseCalendarDate(next.start).year)}推算（${next.period.name}前一天），请确认`,
        bounded: true,
        year: "none",
      };
    },
  };
}

// Building the named-period patterns costs more than matching them; the same settings list comes in for every
// directive of a record.
const periodRules = new WeakMap<NamedPeriod[], Rule[]>();

export function cachedPeriodRules(periods: NamedPeriod[]): Rule[] {
  let rules = periodRules.get(periods);
  if (!rules) {
    const named = namedPeriodRule(periods);
    rules = [...(named ? [named] : []), schoolTermRule(periods), schoolOpeningRule(periods)];
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
    const date = calendarDate(endYear, month, Number(range[7]));
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

export const eventRules: Rule[] = [festival, beforeLunarNewYear, noticeWindow, openLimit];
