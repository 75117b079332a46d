// The record's own metadata: title, kind of meeting, meeting number, date and chair, as far as the text states
// them. Records are often pasted whole from a portal: its furniture (索引号, 发布机构, 浏览次数, links) is skipped
// (page-furniture.ts), though its publishing date still gives the year of a meeting dated "3月31日".

import { calendarDate, isCalendarDate, parseCalendarDate } from "../shared/calendar-date.ts";
import { type NormalisedText, originalText } from "./normalise.ts";
import { isFurnitureLine, publishedOn, titleRow } from "./page-furniture.ts";
import { MEETING_KINDS, MINUTES_KIND } from "./vocabulary/meeting-kinds.ts";

export type MeetingMeta = {
  title: string | null;
  /** 常务会议, 办公会议, 专题会议 … (vocabulary/meeting-kinds.ts), 纪要 when only that is said, or null. */
  kind: string | null;
  number: string | null;
  date: string | null;
  /** The chair as written ("张培峰区长", "区长刘振华"), or null. */
  chair: string | null;
};

// "第52次", "九届31次", "四届五十一次", "第19届42次", "【2021】第2号", "〔2021〕2号", "第5期".
const MEETING_NUMBER =
  /(?:第?[一二三四五六七八九十\d]+届(?:第)?[一二三四五六七八九十百零〇\d]+次|第[一二三四五六七八九十百零〇\d]+[次期]|[【〔［（]\d{4}[】〕］）]第?\d+号)/;
const FULL_DATE = /(\d{4})年(\d{1,2})月(\d{1,2})日/;
const MONTH_DAY = /(\d{1,2})月(\d{1,2})日/;
// "张培峰区长主持召开", "区委副书记、区长李顺在区会议中心303室主持召开", "区长李旭主持并讲话".
const CHAIR = /([^，。；：\n]{2,40}?)(?:在[^，。；\n]{1,30}?)?主持(?:召开|并讲话|会议|了)/;
const CHAIR_LABEL = /会议主持人?：\n?([^\n。]{2,40})/;
// Scene-setting around the chair's name: "本报讯", "3月31日上午", "昨天".
const CHAIR_LEADING_NOISE =
  /^(?:本报讯|据[^，]{0,10}消息)?(?:\d{4}年)?(?:\d{1,2}月\d{1,2}日)?(?:（[^）]*）)?(?:上午|下午|晚上|晚|今天|昨天|昨日|近日|日前)?(?:（[^）]*）)?/;
const CHAIR_TRAILING_NOISE = /(?:昨天|今天|昨日|今日|上午|下午|晚上|近日|日前)$/;
// A title run into the first sentence: "刘涛主持召开台儿庄区政府常务会议11月30日，区委副书记…"
const GLUED_TITLE = /^([^，。；：\n]{6,40}?(?:会议|会|纪要))(?=\d{1,2}月\d{1,2}日)/;
const SCAN_LIMIT = 600;

// A portal's tag before a title and the news verb after it: "（会议公开）区政府第52次常务会议召开".
const TITLE_TAG = /^(?:（[^）]{1,8}）|【[^】]{1,8}】|\[[^\]]{1,8}\])/;
const TITLE_NEWS_VERB = /(?:顺利|隆重)?召开(?:了)?$/;
// "会议时间：3月31日", "时间：2021年8月13日上午".
const DATE_LABEL = /(?:会议时间|时间)：\s*(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/;
const TITLE_LINES = 8;

type Line = { start: number; end: number; text: string };

function linesOf(text: string, limit: number): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length && lines.length < limit) {
    const end = text.indexOf("\n", start) < 0 ? text.length : text.indexOf("\n", start);
    lines.push({ start, end, text: text.slice(start, end) });
    start = end + 1;
  }
  return lines;
}

/** The title without the portal's tag and the news report's 召开, as an offset span. */
function cleanTitle(doc: NormalisedText, start: number, end: number): { start: number; end: number } {
  const raw = doc.text.slice(start, end);
  const tag = TITLE_TAG.exec(raw)?.[0].length ?? 0;
  const rest = raw.slice(tag);
  const verb = TITLE_NEWS_VERB.exec(rest);
  // "区政府召开第15次常务会议" keeps its 召开; only a trailing one is the news report's.
  const cut = verb && verb.index >= 4 ? verb[0].length : 0;
  return { start: start + tag, end: end - cut };
}

/** The title and where it ends in the canonical text (0 when there is none). */
function titleOf(doc: NormalisedText): { title: string | null; end: number } {
  for (const line of linesOf(doc.text, TITLE_LINES)) {
    if (line.text.trim() === "") continue;
    const row = titleRow(line.text);
    if (row) {
      const start = line.start + line.text.indexOf(row);
      return { title: originalText(doc, start, start + row.length), end: line.end };
    }
    if (isFurnitureLine(line.text)) continue;
    if (line.text.length <= 60 && !/[。！？，；：]/.test(line.text)) {
      const span = cleanTitle(doc, line.start, line.end);
      return { title: originalText(doc, span.start, span.end), end: line.end };
    }
    const glued = GLUED_TITLE.exec(line.text);
    if (!glued) return { title: null, end: 0 };
    const end = line.start + (glued[1] as string).length;
    return { title: originalText(doc, line.start, end), end };
  }
  return { title: null, end: 0 };
}

/** The head of the record without the portal's lines, where the meeting's own date and chair are written. */
function recordHead(text: string, from: number): string {
  return linesOf(text.slice(from, from + SCAN_LIMIT), Number.POSITIVE_INFINITY)
    .filter((line) => !isFurnitureLine(line.text))
    .map((line) => line.text)
    .join("\n");
}

/** The year of a meeting held on month/day, from the page's own publishing date (published within days). */
function yearFromPage(text: string, month: number): number | null {
  const published = publishedOn(text);
  if (!published) return null;
  // Minutes of a late-December meeting published in January belong to the year before.
  return published.month !== null && published.month < month ? published.year - 1 : published.year;
}

function dateOf(doc: NormalisedText, head: string, meetingDate: string | null): string | null {
  const labelled = DATE_LABEL.exec(head);
  const full = labelled?.[1] ? labelled : FULL_DATE.exec(head);
  if (full) {
    const [year, month, day] = labelled?.[1]
      ? [labelled[1], labelled[2], labelled[3]]
      : [full[1], full[2], full[3]];
    const date = calendarDate(Number(year), Number(month), Number(day));
    return isCalendarDate(date) ? date : meetingDate;
  }
  const short = labelled ? [labelled[2], labelled[3]] : MONTH_DAY.exec(head)?.slice(1, 3);
  if (short) {
    const month = Number(short[0]);
    const year = meetingDate
      ? parseCalendarDate(meetingDate).year
      : yearFromPage(doc.text.slice(0, SCAN_LIMIT * 4), month);
    if (year === null) return meetingDate;
    const date = calendarDate(year, month, Number(short[1]));
    return isCalendarDate(date) ? date : meetingDate;
  }
  return meetingDate;
}

function kindOf(title: string | null, head: string): string | null {
  for (const source of [title ?? "", head.slice(0, 200)]) {
    const found = MEETING_KINDS.find((k) => k.words.some((w) => source.includes(w)));
    if (found) return found.kind;
  }
  return title?.includes(MINUTES_KIND) ? MINUTES_KIND : null;
}

function chairOf(doc: NormalisedText, from: number): string | null {
  const head = doc.text.slice(from, from + SCAN_LIMIT);
  const m = CHAIR_LABEL.exec(head) ?? CHAIR.exec(head);
  if (!m) return null;
  const name = m[1] as string;
  const at = from + m.index + m[0].indexOf(name);
  const start = at + (CHAIR_LEADING_NOISE.exec(name)?.[0].length ?? 0);
  const end = at + name.trimEnd().replace(CHAIR_TRAILING_NOISE, "").length;
  return end > start ? originalText(doc, start, end) : null;
}

/** `meetingDate` (when known) supplies the year of a date written as "3月31日". */
export function readMeta(doc: NormalisedText, meetingDate: string | null): MeetingMeta {
  const { title, end } = titleOf(doc);
  const head = recordHead(doc.text, end);
  const numberMatch = MEETING_NUMBER.exec(doc.text.slice(0, SCAN_LIMIT));
  const number = numberMatch
    ? originalText(doc, numberMatch.index, numberMatch.index + numberMatch[0].length)
    : null;
  return {
    title,
    kind: kindOf(title, head),
    number,
    date: dateOf(doc, head, meetingDate),
    chair: chairOf(doc, end),
  };
}
