// Named periods are events a deadline can hang on ("在主汛期前", "秋季开学前", "下次常务会前") whose dates are local
// custom rather than law, so the office edits them in settings. These defaults are the sensible starting point.

import { calendarDate, parseCalendarDate } from "../shared/calendar-date.ts";

export type NamedPeriod = {
  name: string;
  aliases: string[];
  /** annual: starts every year on month/day; relative: starts offsetDays after the meeting. */
  kind: "annual" | "relative";
  month?: number | null;
  day?: number | null;
  offsetDays?: number | null;
  /** An annual period's start in particular years where the office set it ("2027年主汛期5月15日起"). */
  starts?: Record<number, string>;
};

/** The day an annual period starts in `year`: the office's date for that year, else its usual month and day. */
export function periodStart(period: NamedPeriod, year: number): string {
  return period.starts?.[year] ?? calendarDate(year, period.month ?? 1, period.day ?? 1);
}

/** How a period's start in `year` was known, for the note shown beside a computed deadline. */
export function periodStartNote(period: NamedPeriod, year: number): string {
  const start = parseCalendarDate(periodStart(period, year));
  return period.starts?.[year]
    ? `${year}年${period.name}开始日${start.month}月${start.day}日`
    : `${period.name}默认开始日${start.month}月${start.day}日`;
}

export const defaultNamedPeriods: NamedPeriod[] = [
  // "汛前" / "主汛前" are read as 汛期前 / 主汛期前 by the deadline rules (a name ending in 期/季 may drop it before 前).
  { name: "主汛期", aliases: [], kind: "annual", month: 6, day: 1 },
  { name: "汛期", aliases: [], kind: "annual", month: 6, day: 1 },
  { name: "秋季开学", aliases: ["秋季学期开学", "秋季开学季"], kind: "annual", month: 9, day: 1 },
  { name: "春季开学", aliases: ["春季学期开学"], kind: "annual", month: 3, day: 1 },
  // School holidays: "暑假前", "寒假前", and the end of the current term ("本学期末前") is the day before the next one.
  // Dates vary by province and school; these are the usual mid-July and late-January starts.
  { name: "暑假", aliases: ["暑期"], kind: "annual", month: 7, day: 10 },
  { name: "寒假", aliases: [], kind: "annual", month: 1, day: 20 },
  // Northern district heating starts on 15 November by the usual municipal rule.
  { name: "供暖季", aliases: ["供暖期", "采暖季", "采暖期"], kind: "annual", month: 11, day: 15 },
  // Standing meetings are usually held every two weeks.
  {
    name: "下次常务会议",
    aliases: ["下次常务会", "下一次常务会议", "下一次常务会", "下次政府常务会议"],
    kind: "relative",
    offsetDays: 14,
  },
];
