// What every deadline rule shares: the shape of a rule and its result, the year a phrase refers to, and when a
// date without a by-word still reads as a target. The rules themselves are in deadline-calendar-rules.ts (dates,
// months, years, weeks), deadline-count-rules.ts (N日内 and its anchors) and deadline-event-rules.ts (festivals,
// named periods, notice windows, 限期).

import { addMonths, parseCalendarDate } from "../shared/calendar-date.ts";
import { parseNumeral } from "./chinese-numerals.ts";
import type { Deadline, DeadlineContext } from "./deadline.ts";
import { clauseStart, sentenceStart } from "./deadline-modality.ts";
import {
  attributiveAfter,
  completionAfter,
  completionLater,
  compulsoryAct,
  labelBefore,
  orderOrPlanWord,
  startAfter,
  targetVerbBefore,
  windowStartBefore,
} from "./deadline-patterns.ts";

/** Where the year of a phrase came from; it decides whether a date already passed may roll into next year. */
export type YearSource = "written" | "relative" | "sentence" | "meeting" | "none";

export type Resolution = Omit<Deadline, "text"> & {
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

export type Rule = {
  pattern: RegExp;
  /** null: this match is not a completion-by phrase after all (e.g. a date with no 前 and no completion verb). */
  resolve: (m: RegExpExecArray, text: string, ctx: DeadlineContext) => Resolution | null;
};

// An explicit year: "2019年", or one relative to the meeting: "今年", "明年" ("明年的4月底"), "去年".
export const YEAR = "(?:(\\d{4})年|(今年|本年度?|当年|明年|次年|来年|去年|上年|前年))?(?:的)?";
export const SMALL_NUMBER = "(\\d{1,2}|[一二三四五六七八九十]{1,3})";
// 元月 is January.
export const MONTH = "(\\d{1,2}|[一二三四五六七八九十]{1,3}|元)";
export const BEFORE = "(?:之前|以前|前(?![后期夕]))";
/** How many years a relative year word is from the meeting's. */
function yearOffset(word: string): number {
  if (/明年|次年|来年/.test(word)) return 1;
  if (/去年|上年/.test(word)) return -1;
  return word === "前年" ? -2 : 0;
}

export const UNKNOWN_YEAR: Resolution = {
  date: null,
  derivation: "rule",
  needsConfirmation: true,
  note: "会议日期不详，无法确定年份，请确认",
  bounded: true,
  year: "meeting",
};

export function monthNumber(written: string): number {
  return written === "元" ? 1 : parseNumeral(written);
}

export function yearOf(meetingDate: string | null): number | null {
  return meetingDate ? parseCalendarDate(meetingDate).year : null;
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
export function phraseYear(
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
export function settle(
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

export function contextBefore(text: string, index: number, width = 12): string {
  return text.slice(Math.max(0, index - width), index);
}

/**
 * A date or period with no by-word of its own is a deadline only when something says so: a label before it
 * ("截止时间为8月5日"), a completion verb right after it ("11月15日完成"), or an order or plan governing its clause
 * with a completion verb later in it ("确保热用户10月15日0时室温达标"). A start verb after it makes it a start date.
 */
export function bareTarget(
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

export function dayResolution(
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

export function validDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
