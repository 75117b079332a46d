// The State Council's yearly notice (国务院办公厅关于20XX年部分节假日安排的通知) read into days: each holiday with
// its festival's name, and each 调休 working day. Pure: text in, days and problems out.
//
// Text pasted from a web page breaks lines anywhere (even inside "10月\n6日"), so all whitespace is dropped before
// reading: Chinese prose has no spaces between words. Whatever is not one of the notice's fixed sentence shapes
// is reported, in Chinese, and never turned into a day by guesswork: a wrong holiday moves every deadline.
import {
  addDays,
  type CalendarDate,
  calendarDate,
  dayOfWeek,
  daysBetween,
  isCalendarDate,
} from "../shared/calendar-date.ts";

export type NoticeDay = { date: CalendarDate; workday: boolean; name: string };

export type NoticeReading = {
  /** The year the notice arranges (from its title or sentence, else the one given); null when neither says. */
  year: number | null;
  /** Holidays and 调休 working days, by date. */
  days: NoticeDay[];
  /** What could not be read; a reading with problems must not be saved. */
  problems: string[];
  /** Sentences with a date that are advice, not arrangement (鼓励…在除夕休息): shown, not counted. */
  notes: string[];
};

/** A longer single holiday is a misreading ("1月1日至12月31日"): the longest so far was 8 or 9 days. */
const maxHolidayDays = 15;

const maxProblems = 20;

const weekdayNames = ["日", "一", "二", "三", "四", "五", "六"];

function normalise(text: string): string {
  return (
    text
      .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/\(/g, "（")
      .replace(/\)/g, "）")
      .replace(/:/g, "：")
      .replace(/,/g, "，")
      .replace(/;/g, "；")
      .replace(/[~～—－]/g, "至")
      .replace(/[\s\u00a0\u3000\ufeff]+/g, "")
      // A comma inside a remark ("（农历除夕，周二）") is not a clause break.
      .replace(/（[^）]*）/g, (remark) => remark.replace(/，/g, "、"))
  );
}

const yearPatterns = [
  /关于(\d{4})年(?:部分)?节假日/,
  /(\d{4})年(?:元旦|春节|清明节|劳动节|端午节|中秋节|国庆节)/,
];

function noticeYear(text: string): number | null {
  for (const pattern of yearPatterns) {
    const match = pattern.exec(text);
    if (match) return Number(match[1]);
  }
  return null;
}

/**
 * "二、春节：" opens an item; the name runs to the colon. It follows a sentence, the preamble's colon, or the title
 * or document number when only those were pasted above the items.
 */
const itemHeader = /(?:^|[。：；]|通知|号)([一二三四五六七八九十]{1,3})、([^：。；，]{1,20})：/g;

type Item = { name: string; body: string };

function itemsOf(text: string): Item[] {
  const headers = [...text.matchAll(itemHeader)];
  return headers.map((header, i) => {
    const start = header.index + header[0].length;
    const next = headers[i + 1];
    const end = next ? next.index + next[0].indexOf(next[1]!) : text.length;
    return { name: header[2]!, body: text.slice(start, end) };
  });
}

/**
 * A sentence's clauses regrouped so that each starts with its date: "5月1日至5日放假调休，共5天，4月28日（星期日）上班"
 * is a holiday part and a working-day part, whatever punctuation separates them.
 */
function partsOf(body: string): string[] {
  const parts: string[] = [];
  for (const sentence of body.split(/[。；]/)) {
    let current = "";
    for (const clause of sentence.split("，")) {
      if (current && /^(?:\d{4}年)?\d{1,2}月\d{1,2}日/.test(clause)) {
        parts.push(current);
        current = clause;
      } else {
        current = current ? `${current}，${clause}` : clause;
      }
    }
    if (current) parts.push(current);
  }
  return parts;
}

const dayPattern = "(?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})日(?:（([^）]*)）)?";
const singleDay = new RegExp(`^${dayPattern}$`);
const dayRange = new RegExp(`^${dayPattern}至(?:(?:(\\d{4})年)?(\\d{1,2})月)?(\\d{1,2})日(?:（([^）]*)）)?$`);

type Reader = { year: number; problems: string[] };

function human(date: CalendarDate): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** The day, checked: a real date, in the notice's year or next to it, on the weekday the notice says. */
function readDay(
  reader: Reader,
  yearText: string | undefined,
  month: string,
  day: string,
  remark: string | undefined,
): CalendarDate | null {
  const year = yearText ? Number(yearText) : reader.year;
  const date = calendarDate(year, Number(month), Number(day));
  const written = `${yearText ? `${year}年` : ""}${Number(month)}月${Number(day)}日`;
  if (!isCalendarDate(date)) {
    reader.problems.push(`“${written}”不是有效的日期`);
    return null;
  }
  if (Math.abs(year - reader.year) > 1) {
    reader.problems.push(`“${written}”不在${reader.year}年前后，请核对年份`);
    return null;
  }
  const weekday = /(?:周|星期)([一二三四五六日天])/.exec(remark ?? "")?.[1];
  if (weekday) {
    const actual = dayOfWeek(date);
    const said = weekday === "天" ? 0 : weekdayNames.indexOf(weekday);
    if (said !== actual) {
      reader.problems.push(
        `${human(date)}是星期${weekdayNames[actual]}，通知写的是星期${weekday}，请核对年份和日期`,
      );
      return null;
    }
  }
  return date;
}

function readHolidays(reader: Reader, part: string, name: string): CalendarDate[] | null {
  const at = part.indexOf("放假");
  const when = part.slice(0, at);
  const rest = part.slice(at + 2);
  const stated = /共(\d{1,2})天/.exec(rest)?.[1] ?? /^(?:调休)?(\d{1,2})天/.exec(rest)?.[1];
  const range = dayRange.exec(when);
  const single = range ? null : singleDay.exec(when);
  if (!range && !single) {
    reader.problems.push(`${name}：未能读出放假日期“${part}”`);
    return null;
  }
  if (single) {
    const date = readDay(reader, single[1], single[2]!, single[3]!, single[4]);
    if (!date) return null;
    if (stated && Number(stated) !== 1) {
      reader.problems.push(`${name}：只写了一天（${human(date)}），却说共${stated}天`);
      return null;
    }
    return [date];
  }
  const [, y1, m1, d1, r1, y2, m2, d2, r2] = range!;
  const start = readDay(reader, y1, m1!, d1!, r1);
  if (!start) return null;
  // "2月10日至17日" ends in the start's month; only an ending year the notice writes out may differ.
  if (!y2 && m2 && Number(m2) < Number(m1)) {
    reader.problems.push(`${name}：“${when}”跨年却没有写年份，请写明如“2026年12月31日至2027年1月2日”`);
    return null;
  }
  const end = readDay(reader, y2 ?? y1, m2 ?? m1!, d2!, r2);
  if (!end) return null;
  const count = daysBetween(start, end) + 1;
  if (count < 1 || count > maxHolidayDays) {
    reader.problems.push(`${name}：${human(start)}至${human(end)}不是一段合理的假期`);
    return null;
  }
  if (stated && Number(stated) !== count) {
    reader.problems.push(`${name}：${human(start)}至${human(end)}是${count}天，通知写的是共${stated}天`);
    return null;
  }
  return Array.from({ length: count }, (_, i) => addDays(start, i));
}

function readWorkdays(reader: Reader, part: string, name: string): CalendarDate[] | null {
  const when = part.slice(0, part.indexOf("上班"));
  // Split on 、 or 和 between days, not inside a remark such as "（农历腊月二十八、周日）".
  const pieces = when.split(/(?<=日|）)[、和及](?=(?:\d{4}年)?\d{1,2}月)/);
  const dates: CalendarDate[] = [];
  for (const piece of pieces) {
    const match = singleDay.exec(piece);
    if (!match) {
      reader.problems.push(`${name}：未能读出上班日期“${part}”`);
      return null;
    }
    const date = readDay(reader, match[1], match[2]!, match[3]!, match[4]);
    if (!date) return null;
    dates.push(date);
  }
  return dates;
}

/** A sentence with a date that only says when the notice was issued ("国务院办公厅2025年11月4日"). */
const issuedLine = /^(?:国务院办公厅)?\d{4}年\d{1,2}月\d{1,2}日$/;
const anyDay = /\d{1,2}月\d{1,2}日/;

export function readHolidayNotice(pasted: string, givenYear?: number): NoticeReading {
  const text = normalise(pasted);
  const problems: string[] = [];
  const notes: string[] = [];
  const found = noticeYear(text);
  if (found !== null && givenYear !== undefined && found !== givenYear) {
    problems.push(`通知写的是${found}年，而选择的是${givenYear}年`);
  }
  const year = found ?? givenYear ?? null;
  if (year === null) {
    problems.push(
      "未找到年份：请粘贴含标题（国务院办公厅关于20XX年部分节假日安排的通知）的全文，或先选择年份",
    );
    return { year, days: [], problems, notes };
  }
  const items = itemsOf(text);
  if (items.length === 0) {
    problems.push("没有找到“一、元旦：……”这样的条目，请粘贴通知的正文");
  }
  const reader: Reader = { year, problems };
  const byDate = new Map<CalendarDate, NoticeDay>();
  const add = (date: CalendarDate, workday: boolean, name: string) => {
    const earlier = byDate.get(date);
    if (earlier && earlier.workday !== workday) {
      problems.push(
        `${human(date)}既是${earlier.workday ? "上班日" : "假日"}又是${workday ? "上班日" : "假日"}`,
      );
      return;
    }
    if (!earlier) byDate.set(date, { date, workday, name });
  };
  for (const item of items) {
    let holidays = 0;
    for (const part of partsOf(item.body)) {
      if (part.includes("放假")) {
        const dates = readHolidays(reader, part, item.name);
        for (const date of dates ?? []) add(date, false, item.name);
        holidays += dates?.length ?? 1;
      } else if (part.includes("上班")) {
        for (const date of readWorkdays(reader, part, item.name) ?? []) add(date, true, item.name);
      } else if (anyDay.test(part) && !issuedLine.test(part)) {
        if (part.includes("鼓励")) notes.push(`${item.name}：${part}`);
        else problems.push(`${item.name}：未能识别“${part}”`);
      }
    }
    if (holidays === 0) problems.push(`${item.name}：没有读到放假日期`);
  }
  const days = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  // Pasting the wrong page can make thousands; a person reads the first few and fixes the paste.
  if (problems.length > maxProblems) {
    const more = problems.length - maxProblems;
    problems.splice(maxProblems, more, `另有 ${more} 处未能识别`);
  }
  return { year, days, problems, notes: notes.slice(0, maxProblems) };
}
