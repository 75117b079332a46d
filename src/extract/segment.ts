// Segmenting a record into directives, following the corpus annotation rules: a directive is a marker plus the
// sentences it governs, up to the next marker, the next topic clause, the next numbered item or a plainly
// non-directive sentence. Works on the canonical text (normalise.ts); spans are offsets into it.
import {
  hasAction,
  hasModal,
  isAgenda,
  isAgendaOverview,
  isBareApproval,
  isNonDirective,
  leadingSetting,
  type Marker,
  markerAt,
} from "./markers.ts";
import { isSpeaker, speakerName } from "./people.ts";
import {
  clauseStarts,
  type LabelStyle,
  type Paragraph,
  type Span,
  splitParagraphs,
  splitSentences,
} from "./text-structure.ts";
import { ASSESSING_VERBS as ASSESSING, JUDGING_VERBS as JUDGING } from "./vocabulary/markers.ts";
import { PROCEDURAL_CONTENT } from "./vocabulary/non-directives.ts";

export type RawDirective = Span & {
  verb: string;
  /** Where the governed content begins, after the marker. */
  contentStart: number;
  topic: Span | null;
  /** The directive begins in the record's opening sentence ("…主持召开…会议，强调…"). */
  inLead: boolean;
  /** Who gives it, for a leader's or a body's words ("副市长刘传谨"); null for the meeting's. */
  speaker: string | null;
};

type Draft = RawDirective & {
  /** How far the directive may run on into following paragraphs. */
  reach: "opener" | "any-unlabelled";
  paragraph: number;
};

// Metadata lines of web-published records: "会议时间：…", "会议议题：…", "列席情况：…".
const META_LABEL =
  /^(会议时间|时间|会议地点|地点|会议主持人?|主持人?|出席人员|出席领导|出席|参会人员|参加人员|参会单位|列席人员|列席情况|列席|记录人?|会议议题|议题|会议主题|会议内容|会议过程|主要内容|会议记录|会议纪要|会议议定事项|议定事项|抄送|本期发|发送|分送|印发|请假|缺席)：/;
const CONTENT_LABELS = new Set([
  "会议内容",
  "会议过程",
  "主要内容",
  "会议记录",
  "会议纪要",
  "议定事项",
  "会议议定事项",
]);
const AGENDA_LABELS = new Set(["会议议题", "议题", "会议主题"]);
const TIME_STAMP = /^(?:上午|下午|晚上)?\d{1,2}:\d{2}$/;
// Transcript-style records: "【区委副书记、区长杨福涛讲话】" introduces the leader's words in the next paragraph.
const SPEECH_HEADER = /^【([^】]{2,40}?)(讲话|发言|主持|总结讲话|作总结|致辞)】$/;
// A paragraph that carries on the directive before it.
const CONTINUATION_OPENER =
  /^(?:要(?!求)|必须|务必|同时|另外|此外|并且?|还要|切实|[一二三四五六七八九十]+(?:是|要)|第[一二三四五六七八九十]+[，、]|其[一二三四五六七八九十]|首先|其次|再次|最后|(?:责任|牵头|配合|协办|主办|承办)(?:单位|部门|领导)|(?:完成|办结|整改)?(?:时限|期限)|时间节点)/;
// A paragraph that tells someone what to do carries on too: "各街道要…", "区财政局必须…".
const SUBJECT_THEN_MODAL = /^[^，。；：]{2,20}?(?:要(?!求)|必须|务必)/;
// A segment that opens with its own topic; a run of them is split into one directive each (corpus granularity).
const TOPIC_SEGMENT = /^(?:在[^，。；：]{2,60}?方面|就[^，。；：]{2,60}?方面|关于[^，。；：]{2,60}?)，/;
// The subject a numbered item opens with: "关于拖欠工程款问题。", "盘道水库…上访等问题，".
const ITEM_TOPIC = /^(?:(?:关于|就|对于|针对)[^，。；：]{2,60}?|[^，。；：]{2,40}?(?:问题|事项|事宜))[，。]/;
// Clauses of an opening sentence that only set the scene: who chaired, when, where.
const INTRO_CLAUSE =
  /主持|召开|出席|列席|参加|^本报讯|^据|^\d{1,2}月\d{1,2}日|^\d{4}年|^(?:今天|昨天|昨日|近日|日前)|上午$|下午$/;
// What the meeting was about, in its opening sentence: "…主持召开会议，传达学习X精神，研究Y。"
const LEAD_SUBJECT_CLAUSE =
  /^(?:专题|集中|专门|认真|深入)?(?:传达学习|学习贯彻|传达|学习|听取|审议|研究部署|讨论研究|研究|讨论|调度|部署)了?/;
// "研究贯彻意见" follows up the same subject; routine business ("安排近期重点工作") is another subject, never the one.
const FOLLOW_UP_SUBJECT = /贯彻(?:落实)?意见|有关事宜|其他事项/;
const ROUTINE_SUBJECT = /近期|下一步|重点工作$/;
const MEETING_NAMED_FOR =
  /召开(?:了)?((?:(?!会议)[^，。；]){2,30}?(?:工作|行动|建设|项目))(?:调度|推进|督办|部署|专题|工作|例)*会/;

const APPROVALS = new Set(["同意", "原则同意", "原则通过"]);

// Markers that may only assess ("会议指出，…有利于…"): such a block is a directive only if it asks for something.
const ASSESSING_VERBS = new Set<string>(ASSESSING);
const JUDGING_VERBS = new Set<string>(JUDGING);

// A sentence that hands work to a unit without a marker: "由区信访局负责，…".
const ASSIGNMENT = /^由[^，。；]{2,30}?(?:负责|牵头)/;

// "现将会议议定事项纪要如下：" — what the numbered items below record.
const MINUTES_LEAD_IN = /(议定|决定)(?:事项|如下)/;

// A lead-in that only announces a list: "会议要求，各单位抓好以下工作".
const LEAD_IN_ONLY =
  /^(?:[^，。；]{0,20}[，]?)?(?:抓好|做好|落实|明确|议定|研究|决定)?(?:以下|如下)[^，。；]{0,12}$/;

const TRAILING_PUNCTUATION = /[，、；：\s]+$/;

type LeadInfo = { sentence: Span | null; subject: Span | null };
type Scope = { span: Span; paragraph: number; lastsUntil: number; used: boolean; topicHeading: boolean };

function trimEnd(text: string, span: Span): Span {
  const m = TRAILING_PUNCTUATION.exec(text.slice(span.start, span.end));
  return m ? { start: span.start, end: span.end - m[0].length } : span;
}

function withoutFinalStop(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && "。！？；，：".includes(text[end - 1] as string)) end--;
  return { start: span.start, end };
}

/** Paragraphs before the first one with sentence punctuation are the title and bylines. */
function bodyStartIndex(text: string, paragraphs: Paragraph[]): number {
  let i = 0;
  while (i < paragraphs.length) {
    const p = paragraphs[i] as Paragraph;
    const content = text.slice(p.start, p.end);
    if (/[。！？，；：]/.test(content) || content.length > 60) break;
    i++;
  }
  return i;
}

function findLead(text: string, paragraphs: Paragraph[], from: number): LeadInfo {
  for (const p of paragraphs.slice(from, from + 4)) {
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

export function segmentDirectives(text: string): RawDirective[] {
  const paragraphs = splitParagraphs(text);
  const first = bodyStartIndex(text, paragraphs);
  const lead = findLead(text, paragraphs, first);
  const results: RawDirective[] = [];

  let open: Draft | null = null;
  // Topic set by an agenda line; lasts to the end of its paragraph, to the next paragraph when nothing in its own
  // paragraph used it, or until the next agenda line when it stood alone as a paragraph or numbered heading.
  let scope = null as Scope | null;
  // Topic set by a governing clause ("关于X，会议指出"); lasts to the end of its paragraph.
  let paragraphTopic: { span: Span; paragraph: number } | null = null;
  // A numbered heading ("二、会议研究了…问题。") whose sub-items are directives.
  let heading: { style: LabelStyle; verb: string } | null = null;
  // Numbered items that are each a directive, under a marker header ("会议决定：") or a heading.
  let items: { style: LabelStyle; verb: string } | null = null;
  // The verb of numbered items that carry no marker: 议定 under "现将会议议定事项纪要如下", else 决定.
  let itemVerb = "决定";
  let speech = false;
  let skipNextParagraph = false;
  let skipAgendaLines = false;

  const close = () => {
    if (!open) return;
    const { reach: _reach, paragraph: _paragraph, ...directive } = open;
    const span = trimEnd(text, directive);
    // A header such as "会议决定：" with nothing after it governs the items that follow, not itself; "会议对下阶段
    // 工作提出了要求。" says only that something was asked.
    if (/[^。！？；，：、\s]/.test(text.slice(directive.contentStart, span.end))) {
      results.push(...splitTopicSegments(text, { ...directive, ...span }));
    }
    open = null;
  };

  /**
   * The topic of a directive starting now. A leader's own words take an agenda line only from their own paragraph:
   * news reports put the leader's closing speech after the agenda items, about the meeting as a whole.
   */
  const currentTopic = (paragraph: number, leaderVoice = false): Span | null => {
    if (paragraphTopic && paragraphTopic.paragraph === paragraph) return paragraphTopic.span;
    const inScope = scope !== null && paragraph <= scope.lastsUntil;
    if (scope && inScope && (!leaderVoice || scope.paragraph === paragraph || scope.topicHeading)) {
      scope.used = true;
      return scope.span;
    }
    return lead.subject;
  };

  const setScope = (span: Span, paragraph: number, standalone: boolean, topicHeading = false) => {
    // Under a numbered topic heading ("一、关于X"), an agenda line in the section does not change the subject.
    if (!topicHeading && scope?.topicHeading) return;
    const lastsUntil = standalone ? Number.POSITIVE_INFINITY : paragraph;
    scope = { span, paragraph, lastsUntil, used: false, topicHeading };
    paragraphTopic = null;
  };

  const inLead = (at: number) =>
    lead.sentence !== null && at >= lead.sentence.start && at < lead.sentence.end;

  const openDirective = (
    marker: Pick<Marker, "verb" | "textStart" | "contentStart"> & { speaker?: string | null },
    end: number,
    topic: Span | null,
    paragraph: number,
    reach: Draft["reach"],
  ) => {
    close();
    open = {
      verb: marker.verb,
      start: marker.textStart,
      end,
      contentStart: marker.contentStart,
      topic,
      inLead: inLead(marker.textStart),
      speaker: marker.speaker ?? null,
      reach,
      paragraph,
    };
  };

  /** The governing clause before a marker in its sentence, with scene-setting clauses left out. */
  const prefixTopic = (s: Span, markerStart: number): Span | null => {
    if (markerStart <= s.start) return null;
    const clauses = clauseStarts(text, { start: s.start, end: markerStart });
    let from = s.start;
    for (let i = 0; i < clauses.length; i++) {
      const start = clauses[i] as number;
      const end = i + 1 < clauses.length ? (clauses[i + 1] as number) - 1 : markerStart;
      if (INTRO_CLAUSE.test(text.slice(start, end))) from = end + 1;
    }
    if (from >= markerStart) return null;
    const span = trimEnd(text, { start: from, end: markerStart });
    if (span.end <= span.start) return null;
    // A speaker's name before the verb is not a topic.
    if (isSpeaker(text.slice(span.start, span.end), text)) return null;
    return span;
  };

  const processSentences = (p: Paragraph, index: number, from: number) => {
    for (const s of splitSentences(text, from, p.end)) {
      const sentence = text.slice(s.start, s.end);
      if (isBareApproval(sentence)) {
        // "会议原则通过《X》。": nothing to do, but it names what the rest of its paragraph is about.
        close();
        setScope(withoutFinalStop(text, s), index, false);
        if (scope) scope.used = true;
        continue;
      }
      const markers: Marker[] = [];
      clauseStarts(text, s).forEach((at, i) => {
        const marker = markerAt(text, at, i, text, (open as Draft | null)?.speaker != null);
        if (!marker) return;
        // Inside one sentence, a bare 要求 after a marker is part of that directive ("原则同意…，要求…"); a bare
        // approval counts only behind an agenda clause ("会议审议了《X》，原则同意…").
        if (marker.kind === "bare" && markers.length > 0) return;
        if (marker.kind === "bare" && APPROVALS.has(marker.verb) && !isIntroPrefix(text, s, marker.textStart))
          return;
        markers.push(marker);
      });

      if (markers.length === 0) {
        if (isAgenda(sentence)) {
          close();
          if (!isAgendaOverview(sentence)) {
            const setting = leadingSetting(sentence);
            const span = setting
              ? trimEnd(text, { start: s.start, end: s.start + setting })
              : withoutFinalStop(text, s);
            const standalone = s.start === p.contentStart && s.end >= p.end;
            setScope(span, index, standalone);
          }
          continue;
        }
        const minutes = MINUTES_LEAD_IN.exec(sentence);
        if (minutes) itemVerb = minutes[1] === "决定" ? "决定" : "议定";
        if (isNonDirective(sentence)) {
          close();
          continue;
        }
        const segment = TOPIC_SEGMENT.exec(sentence);
        const current = open as Draft | null;
        if (current && segment && hasAction(sentence.slice(segment[0].length))) {
          const topic = trimEnd(text, { start: s.start, end: s.start + segment[0].length });
          const contentStart = s.start + segment[0].length;
          openDirective(
            { verb: current.verb, textStart: contentStart, contentStart, speaker: current.speaker },
            s.end,
            topic,
            index,
            current.reach,
          );
          continue;
        }
        if (current) current.end = s.end;
        else if (ASSIGNMENT.test(sentence)) {
          // "由区信访局负责，…": a 纪要 clause with no subject hands the work to a unit.
          const verb = items?.verb ?? itemVerb;
          openDirective(
            { verb, textStart: s.start, contentStart: s.start },
            s.end,
            currentTopic(index),
            index,
            "opener",
          );
        }
        continue;
      }

      markers.forEach((found, i) => {
        let marker = found;
        let topic: Span | null = marker.topic;
        if (i === 0) {
          const prefix = prefixTopic(s, marker.textStart);
          if (marker.kind === "bare" && prefix && !isIntroPrefix(text, s, marker.textStart)) {
            // "对于个性问题，…；对于共性问题，要求…": the whole sentence is the instruction.
            marker = { ...marker, textStart: s.start };
          } else if (prefix && !topic) {
            topic = prefix;
            paragraphTopic = { span: prefix, paragraph: index };
          }
        } else close();
        const end = i + 1 < markers.length ? (markers[i + 1] as Marker).textStart : s.end;
        const reach: Draft["reach"] =
          text.slice(marker.contentStart, p.end).trim() === "" ? "any-unlabelled" : "opener";
        const leaderVoice = marker.kind === "speaker" || marker.kind === "proposal";
        openDirective(marker, end, topic ?? currentTopic(index, leaderVoice), index, reach);
      });
    }
  };

  /**
   * A numbered item that is a directive on its own (under "会议决定：" or a heading). Returns false when the item is
   * not one (an agenda line, a list of documents) so the caller can read it as ordinary text.
   */
  const openItem = (p: Paragraph, index: number, verb: string): boolean => {
    close();
    const content = text.slice(p.contentStart, p.end);
    const itemTopic = ITEM_TOPIC.exec(content);
    const topic = itemTopic
      ? trimEnd(text, { start: p.contentStart, end: p.contentStart + itemTopic[0].length - 1 })
      : null;
    const bodyStart = itemTopic ? p.contentStart + itemTopic[0].length : p.contentStart;
    const body = text.slice(bodyStart, p.end);
    if (/会议(?:还|再次|进一步)?(?:指出|强调|要求|决定|同意|原则同意|明确)/.test(body)) {
      if (topic) paragraphTopic = { span: topic, paragraph: index };
      processSentences(p, index, bodyStart);
      return true;
    }
    // An item is a directive when it asks for something or hands the work to someone ("由各区政府认真研究…").
    if (!hasAction(body) && !/(?:^|[，。；])(?:由|请|责成)|原则通过|同意|决定/.test(body)) return false;
    openDirective(
      { verb, textStart: bodyStart, contentStart: bodyStart },
      p.end,
      topic ?? currentTopic(index),
      index,
      "any-unlabelled",
    );
    return true;
  };

  for (let index = first; index < paragraphs.length; index++) {
    const p = paragraphs[index] as Paragraph;
    const content = text.slice(p.contentStart, p.end);
    if (scope && scope.lastsUntil === index - 1 && !scope.used && scope.paragraph === index - 1)
      scope.lastsUntil = index;

    const meta = META_LABEL.exec(content);
    if (meta) {
      close();
      speech = false;
      const rest = content.slice(meta[0].length).trim();
      const label = meta[1] as string;
      if (CONTENT_LABELS.has(label)) {
        const contentStart = p.contentStart + meta[0].length;
        const before = results.length;
        if (rest) processSentences(p, index, contentStart);
        // A minute sheet's "会议记录：一是…二是…" lists what was decided with no marker word at all.
        if (rest && !open && results.length === before && hasAction(rest)) {
          const from =
            contentStart +
            (content.length - meta[0].length - content.slice(meta[0].length).trimStart().length);
          openDirective(
            { verb: "要求", textStart: from, contentStart: from },
            p.end,
            currentTopic(index),
            index,
            "any-unlabelled",
          );
        }
      } else if (!rest) {
        if (AGENDA_LABELS.has(label)) skipAgendaLines = true;
        else skipNextParagraph = true;
      }
      continue;
    }
    if (skipNextParagraph) {
      skipNextParagraph = false;
      continue;
    }
    if (skipAgendaLines) {
      if (!/[。！？]/.test(content)) continue;
      skipAgendaLines = false;
    }
    if (TIME_STAMP.test(content)) {
      close();
      speech = false;
      continue;
    }
    const header = SPEECH_HEADER.exec(content);
    if (header) {
      close();
      speech = /讲话|总结/.test(header[2] as string) && isSpeaker(header[1] as string, text);
      continue;
    }
    if (speech) {
      const current = open as Draft | null;
      if (current) current.end = p.end;
      else
        openDirective(
          { verb: "讲话", textStart: p.contentStart, contentStart: p.contentStart },
          p.end,
          currentTopic(index),
          index,
          "any-unlabelled",
        );
      continue;
    }

    if (p.label) {
      const label = p.label;
      const leadIn = open as Draft | null;
      if (leadIn && text.slice(leadIn.start, leadIn.end).trimEnd().endsWith("：")) {
        // "会议决定：" / "会议要求，各单位抓好以下工作：" then "（一）…（二）…": each item is a directive with the
        // lead-in's verb; a lead-in that says nothing itself is dropped.
        const said = text.slice(leadIn.contentStart, leadIn.end).replace(/[：\s]+$/, "");
        if (said === "" || LEAD_IN_ONLY.test(said)) open = null;
        else close();
        items = { style: label.style, verb: leadIn.verb };
      }
      if (items && label.style === items.style) {
        if (!openItem(p, index, items.verb)) processSentences(p, index, p.contentStart);
        continue;
      }
      if (items && (!heading || label.style !== heading.style)) {
        // A deeper level inside the current item.
        const current = open as Draft | null;
        if (current) current.end = p.end;
        continue;
      }
      if (heading && label.style !== heading.style) {
        // Sub-items of a heading; details of a directive just made take its verb ("会议强调，…。1. …").
        items = { style: label.style, verb: (open as Draft | null)?.verb ?? heading.verb };
        if (!openItem(p, index, items.verb)) processSentences(p, index, p.contentStart);
        continue;
      }
      // A top-level numbered paragraph: a heading, or an item carrying its own markers.
      close();
      items = null;
      heading = null;
      scope = null;
      const firstSentence = splitSentences(text, p.contentStart, p.end)[0];
      const firstText = firstSentence ? text.slice(firstSentence.start, firstSentence.end) : "";
      const hasMarker = firstSentence ? markerAt(text, firstSentence.start, 0, text) !== null : false;
      if (!hasMarker && isAgenda(firstText, true) && !isAgendaOverview(firstText)) {
        const verb = /决定|议定|明确|要求|强调/.exec(firstText)?.[0] ?? "研究";
        heading = { style: label.style, verb };
        const topicEnd = firstSentence ? withoutFinalStop(text, firstSentence).end : p.end;
        setScope({ start: p.start, end: topicEnd }, index, true);
        if (firstSentence && firstSentence.end < p.end) processSentences(p, index, firstSentence.end);
        continue;
      }
      const itemTopic = ITEM_TOPIC.exec(content);
      const headingOnly =
        (itemTopic && itemTopic[0].length >= content.length) || !/[。！？，；：]/.test(content);
      if (!hasMarker && headingOnly && content.length <= 60) {
        // "一、关于X问题。" or "五、其他事项" alone: a topic heading for what follows.
        heading = { style: label.style, verb: "研究" };
        setScope(withoutFinalStop(text, { start: p.contentStart, end: p.end }), index, true, true);
        continue;
      }
      if (!hasMarker && openItem(p, index, itemVerb)) continue;
      processSentences(p, index, p.contentStart);
      continue;
    }

    // An unnumbered paragraph: does the open directive run on into it?
    const current = open as Draft | null;
    if (current) {
      const opensWithMarker = markerAt(text, p.contentStart, 0, text, current.speaker !== null) !== null;
      const firstSentence = splitSentences(text, p.contentStart, p.end)[0];
      const firstText = firstSentence ? text.slice(firstSentence.start, firstSentence.end) : "";
      const terminates = opensWithMarker || isAgenda(firstText) || isNonDirective(firstText);
      const runsOn =
        !terminates &&
        (current.reach === "any-unlabelled" ||
          CONTINUATION_OPENER.test(content) ||
          SUBJECT_THEN_MODAL.test(firstText));
      if (runsOn) {
        processContinuation(p, index);
        continue;
      }
      close();
      if (items && (opensWithMarker || isAgenda(firstText))) {
        items = null;
        heading = null;
      }
    } else if (items) {
      items = null;
      heading = null;
    }
    processSentences(p, index, p.contentStart);
  }
  close();
  const directives = results.filter(
    (d) =>
      (!ASSESSING_VERBS.has(d.verb) || hasAction(text.slice(d.contentStart, d.end))) &&
      (!JUDGING_VERBS.has(d.verb) || hasModal(text.slice(d.contentStart, d.end))) &&
      !(d.inLead && PROCEDURAL_CONTENT.test(text.slice(d.contentStart, d.end))),
  );
  return dropRestatedLead(dropLeadSummaryBySpeaker(directives), text);

  function processContinuation(p: Paragraph, index: number) {
    const current = open as Draft | null;
    if (!current) return;
    current.end = p.contentStart;
    // Sentence by sentence, so a marker or a terminator inside the paragraph still ends the directive there.
    const sentences = splitSentences(text, p.contentStart, p.end);
    for (const s of sentences) {
      const sentence = text.slice(s.start, s.end);
      const hasMarker = clauseStarts(text, s).some(
        (at, i) => markerAt(text, at, i, text, current.speaker !== null) !== null,
      );
      if (hasMarker || isNonDirective(sentence) || isAgenda(sentence)) {
        processSentences(p, index, s.start);
        return;
      }
      current.end = s.end;
    }
  }
}

/** Whether everything before a bare 要求/强调 in its sentence is scene-setting or an agenda ("会议传达学习了X，"). */
function isIntroPrefix(text: string, s: Span, markerStart: number): boolean {
  const prefix = text.slice(s.start, markerStart);
  return (
    INTRO_CLAUSE.test(prefix) ||
    isAgenda(prefix) ||
    /^(?:传达|学习|听取|审议|研究|部署|调度|通报|讲解)/.test(prefix)
  );
}

/**
 * "在X方面，…；在Y方面，…" under one marker: one directive per segment when every segment opens with its own
 * topic (corpus granularity). The topic clause is the segment's topic, not part of its text.
 */
function splitTopicSegments(text: string, d: RawDirective): RawDirective[] {
  const content = text.slice(d.contentStart, d.end);
  if (!TOPIC_SEGMENT.test(content)) return [d];
  const cuts: number[] = [0];
  for (let i = 0; i < content.length - 1; i++) {
    if ("；。".includes(content[i] as string) && TOPIC_SEGMENT.test(content.slice(i + 1))) cuts.push(i + 1);
  }
  if (cuts.length < 2) return [d];
  return cuts.map((cut, k) => {
    const segmentEnd = k + 1 < cuts.length ? d.contentStart + (cuts[k + 1] as number) : d.end;
    const segmentStart = d.contentStart + cut;
    const topicLength = (TOPIC_SEGMENT.exec(content.slice(cut)) as RegExpExecArray)[0].length;
    const bodyStart = segmentStart + topicLength;
    return {
      ...d,
      start: bodyStart,
      end: segmentEnd,
      contentStart: bodyStart,
      topic: { start: segmentStart, end: bodyStart - 1 },
    };
  });
}

/**
 * A news lead ("…调度会召开，副市长刘传谨要求深化…") sums up what the same leader says in detail later
 * ("刘传谨要求，…"): the summary is not a directive of its own.
 */
function dropLeadSummaryBySpeaker(directives: RawDirective[]): RawDirective[] {
  return directives.filter((d, i) => {
    if (!d.inLead || d.speaker === null) return true;
    const name = speakerName(d.speaker);
    return !directives
      .slice(i + 1)
      .some((later) => later.speaker !== null && speakerName(later.speaker) === name);
  });
}

function bigrams(value: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < value.length; i++) out.add(value.slice(i, i + 2));
  return out;
}

/**
 * News-style records open with a summary ("…召开督办会，要求高质量推进…") that a leader's words restate later.
 * The summary is not a directive of its own when most of it reappears in a later one.
 */
function dropRestatedLead(directives: RawDirective[], text: string): RawDirective[] {
  return directives.filter((d, i) => {
    if (!d.inLead) return true;
    const own = bigrams(text.slice(d.contentStart, d.end).replace(/[，。；：、！？“”]/g, ""));
    if (own.size === 0) return true;
    return !directives.slice(i + 1).some((later) => {
      const other = bigrams(text.slice(later.contentStart, later.end));
      let shared = 0;
      for (const b of own) if (other.has(b)) shared++;
      return shared / own.size >= 0.6;
    });
  });
}
