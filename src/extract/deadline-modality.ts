// Whether a time phrase the rules found is a deadline at all. The same "9月底" is a deadline in "确保9月底前完成",
// a forecast in "预计9月底可完成", a status in "截至9月底，已完成…", a window's end in "即日起至9月底开展检查" and a
// cadence in "每月底前报送". The rules decide what a phrase means; this module reads the words around it.

import { addDays } from "../shared/calendar-date.ts";
import {
  ageAfter,
  asOfBefore,
  asOfStatus,
  cadenceBefore,
  completionLater,
  compulsoryAct,
  cutOffSignal,
  forecastAfter,
  forecastWord,
  orderOrPlanWord,
  orderWord,
  pastAfter,
  pastBefore,
  planWord,
  rangeAfter,
  reachedBefore,
  reachedStatus,
  windowAfter,
  windowBefore,
  windowStartBefore,
} from "./deadline-patterns.ts";

const SENTENCE_END = new Set(["。", "！", "？", "\n"]);
const CLAUSE_END = new Set(["，", "；", "：", "。", "！", "？", "\n"]);

/** What the rules know about a phrase that matters for its reading. */
export type PhraseFacts = {
  /** The phrase carries its own by-word (前, 之前, 止, 底, 内 …) rather than relying on a verb after it. */
  bounded: boolean;
  /** Where its year came from: written on the phrase or earlier in the sentence, relative (今年), the meeting's. */
  year: "written" | "relative" | "sentence" | "meeting" | "none";
  date: string | null;
};

export type Reading = { deadline: false; reason: string } | { deadline: true; planned: boolean };

function lastIndexOfAny(text: string, marks: Set<string>, from: number, stop: number): number {
  for (let i = from - 1; i >= stop; i--) if (marks.has(text[i] as string)) return i;
  return -1;
}

function indexOfAny(text: string, marks: Set<string>, from: number, limit: number): number {
  const stop = Math.min(text.length, from + limit);
  for (let i = from; i < stop; i++) if (marks.has(text[i] as string)) return i;
  return stop;
}

/** The start of the sentence holding `index`; sentences longer than `limit` are cut, to bound the work. */
export function sentenceStart(text: string, index: number, limit = 300): number {
  return lastIndexOfAny(text, SENTENCE_END, index, Math.max(0, index - limit)) + 1;
}

export function sentenceEnd(text: string, index: number, limit = 300): number {
  return indexOfAny(text, SENTENCE_END, index, limit);
}

export function clauseStart(text: string, index: number): number {
  return lastIndexOfAny(text, CLAUSE_END, index, Math.max(0, index - 200)) + 1;
}

export function clauseEnd(text: string, index: number): number {
  return indexOfAny(text, CLAUSE_END, index, 200);
}

/** The words right before a phrase, for prefixes such as 每, 已, 截至, 起至. */
function justBefore(text: string, start: number): string {
  return text.slice(Math.max(0, start - 8), start);
}

/**
 * The phrase ends a span ("自X起至Y", "X后至Y", "X日至Y", "持续到Y", "有效期至Y") instead of being a by-date. Y is
 * still a deadline when 前 makes it one after a start ("自即日起至10月31日前自动投案"), or when the span is the time
 * limit for something the addressee must do ("迁坟时间：自4月5日起至5月4日止").
 */
function endsWindow(text: string, start: number, end: number): boolean {
  const near = justBefore(text, start);
  if (windowBefore.test(near)) return true;
  const opened = windowStartBefore.exec(near);
  if (!opened) return false;
  const after = text.slice(end, clauseEnd(text, end));
  const byDate = /前$/.test(text.slice(start, end)) && (opened[1] !== "后" || completionLater.test(after));
  if (byDate) return false;
  return !compulsoryAct.test(text.slice(sentenceStart(text, start), start));
}

/** 截至X: a status as of X, unless X is a cut-off still ahead ("截至11月28日17:00，逾期不予受理"). */
function asOfStatement(
  text: string,
  start: number,
  end: number,
  facts: PhraseFacts,
  meetingDate: string | null,
) {
  const near = justBefore(text, start);
  const asOf = asOfBefore.test(near);
  if (!asOf && !reachedBefore.test(near)) return false;
  const rest = text.slice(end, sentenceEnd(text, end));
  if (!asOf) return reachedStatus.test(rest);
  if (asOfStatus.test(rest)) return true;
  const ahead = facts.date !== null && meetingDate !== null && facts.date > meetingDate;
  return !(ahead || cutOffSignal.test(rest));
}

function forecast(clauseBefore: string, after: string): boolean {
  if (forecastWord.test(clauseBefore)) return true;
  return forecastAfter.test(after) && !orderWord.test(clauseBefore);
}

/**
 * Passed at the reference date: with a relative year (今年, a bare month) and nothing in the sentence ordering or
 * planning it, the sentence reports what happened ("今年汛前全面完工"). A written year is taken as meant unless it
 * was long over (a month or more): "应不晚于2021年9月30日" in a 2022 notice is a condition, not a task.
 */
function reportedAsDone(
  text: string,
  start: number,
  end: number,
  facts: PhraseFacts,
  meetingDate: string | null,
): boolean {
  if (facts.year === "none" || facts.date === null || meetingDate === null) return false;
  if (facts.year === "written" || facts.year === "sentence") return facts.date < addDays(meetingDate, -31);
  const passed = facts.bounded ? facts.date < meetingDate : facts.date <= meetingDate;
  if (!passed) return false;
  const around = text.slice(sentenceStart(text, start), start) + text.slice(end, clauseEnd(text, end));
  return !orderOrPlanWord.test(around);
}

export function readPhrase(
  text: string,
  start: number,
  end: number,
  facts: PhraseFacts,
  meetingDate: string | null,
): Reading {
  const near = justBefore(text, start);
  const clauseBefore = text.slice(clauseStart(text, start), start);
  const after = text.slice(end, clauseEnd(text, end));
  const no = (reason: string): Reading => ({ deadline: false, reason });

  if (cadenceBefore.test(near)) return no("cadence");
  if (ageAfter.test(after)) return no("age");
  if (rangeAfter.test(after) || windowAfter.test(after)) return no("window");
  if (endsWindow(text, start, end)) return no("window");
  if (asOfStatement(text, start, end, facts, meetingDate)) return no("as-of");
  if (forecast(clauseBefore, after)) return no("forecast");
  if (pastBefore.test(near) || pastAfter.test(after)) return no("past");
  if (reportedAsDone(text, start, end, facts, meetingDate)) return no("past");
  return { deadline: true, planned: planWord.test(clauseBefore) && !orderWord.test(clauseBefore) };
}
