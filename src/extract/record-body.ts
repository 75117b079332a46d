// Where a record's body starts and what its opening sentence says: the title and bylines come first, then usually
// a lead ("3月31日，区长X主持召开…会议，研究Y。") naming the chair and, for a one-subject meeting, its subject.
import { isFurnitureLine } from "./page-furniture.ts";
import {
  clauseStarts,
  type Paragraph,
  type Span,
  splitSentences,
  withoutFinalStop,
} from "./text-structure.ts";

export type LeadInfo = { sentence: Span | null; subject: Span | null };
export type RecordBody = {
  paragraphs: Paragraph[];
  first: number;
  lead: LeadInfo;
  /** A 纪要 (by its title or "现将…纪要如下"): its sentences may hand out work with no 会议 subject. */
  minutes: boolean;
};

const MINUTES_TITLE = /纪要/;
const MINUTES_LEAD_IN = /纪要如下|议定事项如下|决定事项如下/;

// What the meeting was about, in its opening sentence: "…主持召开会议，传达学习X精神，研究Y。"
const LEAD_SUBJECT_CLAUSE =
  /^(?:专题|集中|专门|认真|深入)?(?:传达学习|学习贯彻|传达|学习|听取|审议|研究部署|讨论研究|研究|讨论|调度|部署)了?/;
// "研究贯彻意见" follows up the same subject; routine business ("安排近期重点工作") is another subject, never the one.
const FOLLOW_UP_SUBJECT = /贯彻(?:落实)?意见|有关事宜|其他事项/;
const ROUTINE_SUBJECT = /近期|下一步|重点工作$/;
const MEETING_NAMED_FOR =
  /召开(?:了)?((?:(?!会议)[^，。；]){2,30}?(?:工作|行动|建设|项目))(?:调度|推进|督办|部署|专题|工作|例)*会/;

/** Paragraphs before the first one with sentence punctuation are the title and bylines (and a portal's lines). */
function bodyStartIndex(text: string, paragraphs: Paragraph[]): number {
  let i = 0;
  while (i < paragraphs.length) {
    const p = paragraphs[i] as Paragraph;
    const content = text.slice(p.start, p.end);
    if (isFurnitureLine(content)) {
      i++;
      continue;
    }
    if (/[。！？，；：]/.test(content) || content.length > 60) break;
    i++;
  }
  return i;
}

function findLead(text: string, paragraphs: Paragraph[], from: number): LeadInfo {
  const own = paragraphs.slice(from).filter((p) => !isFurnitureLine(text.slice(p.start, p.end)));
  for (const p of own.slice(0, 4)) {
    for (const s of splitSentences(text, p.contentStart, p.end)) {
      const sentence = text.slice(s.start, s.end);
      if (!/主持|召开/.test(sentence)) continue;
      return { sentence: s, subject: leadSubject(text, s) };
    }
  }
  return { sentence: null, subject: null };
}

/** The one subject of a one-subject meeting, from its opening sentence; null when it lists several. */
function leadSubject(text: string, s: Span): Span | null {
  const subjects: (Span & { routine: boolean })[] = [];
  const starts = clauseStarts(text, s);
  starts.forEach((start, i) => {
    const end = i + 1 < starts.length ? (starts[i + 1] as number) - 1 : s.end;
    const clause = text.slice(start, end);
    if (LEAD_SUBJECT_CLAUSE.test(clause) && !FOLLOW_UP_SUBJECT.test(clause)) {
      subjects.push({ ...withoutFinalStop(text, { start, end }), routine: ROUTINE_SUBJECT.test(clause) });
    }
  });
  const [only, ...others] = subjects;
  if (only && others.length === 0 && !only.routine) return { start: only.start, end: only.end };
  if (only) return null;
  const named = MEETING_NAMED_FOR.exec(text.slice(s.start, s.end));
  if (!named) return null;
  const start = s.start + named.index + named[0].indexOf(named[1] as string);
  return { start, end: start + (named[1] as string).length };
}

export function findBody(text: string, paragraphs: Paragraph[]): RecordBody {
  const first = bodyStartIndex(text, paragraphs);
  const head = paragraphs.slice(0, first).map((p) => text.slice(p.start, p.end));
  const minutes = head.some((line) => MINUTES_TITLE.test(line)) || MINUTES_LEAD_IN.test(text);
  return { paragraphs, first, lead: findLead(text, paragraphs, first), minutes };
}
