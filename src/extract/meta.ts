// The record's own metadata: title, meeting number, date and chair, as far as the text states them.
import { type NormalisedText, originalText } from "./normalise.ts";
import { formatIsoDate, isIsoDate, parseIsoDate } from "./plain-date.ts";

export type MeetingMeta = {
  title: string | null;
  number: string | null;
  date: string | null;
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

/** The title and where it ends in the canonical text (0 when there is none). */
function titleOf(doc: NormalisedText): { title: string | null; end: number } {
  const firstBreak = doc.text.indexOf("\n");
  const first = firstBreak < 0 ? doc.text : doc.text.slice(0, firstBreak);
  if (first && first.length <= 60 && !/[。！？，；：]/.test(first)) {
    return { title: originalText(doc, 0, first.length), end: first.length };
  }
  const glued = GLUED_TITLE.exec(first);
  if (!glued) return { title: null, end: 0 };
  const end = (glued[1] as string).length;
  return { title: originalText(doc, 0, end), end };
}

function dateOf(head: string, meetingDate: string | null): string | null {
  const full = FULL_DATE.exec(head);
  if (full) {
    const date = formatIsoDate(Number(full[1]), Number(full[2]), Number(full[3]));
    return isIsoDate(date) ? date : meetingDate;
  }
  const short = MONTH_DAY.exec(head);
  if (short && meetingDate) {
    const date = formatIsoDate(parseIsoDate(meetingDate).year, Number(short[1]), Number(short[2]));
    return isIsoDate(date) ? date : meetingDate;
  }
  return meetingDate;
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
  const head = doc.text.slice(0, SCAN_LIMIT);
  const numberMatch = MEETING_NUMBER.exec(head);
  const number = numberMatch
    ? originalText(doc, numberMatch.index, numberMatch.index + numberMatch[0].length)
    : null;
  return {
    title,
    number,
    date: dateOf(doc.text.slice(end, end + SCAN_LIMIT), meetingDate),
    chair: chairOf(doc, end),
  };
}
