// The span of each directive: read the body paragraph by paragraph, open a directive at each marker (or numbered
// item, or unit-subject 纪要 sentence) and run it on over the sentences it governs, up to the next marker, agenda
// line, numbered item or plainly non-directive sentence (corpus annotation rules). Topics are taken as each
// directive opens (topic-scope.ts).
import {
  hasAction,
  isAgenda,
  isAgendaOverview,
  isBareApproval,
  isNonDirective,
  leadingSetting,
  type Marker,
  markerAt,
} from "./markers.ts";
import type { ParagraphKind } from "./paragraph-kinds.ts";
import { isSpeaker } from "./people.ts";
import type { DirectiveRule, RawDirective } from "./raw-directive.ts";
import type { RecordBody } from "./record-body.ts";
import {
  clauseStarts,
  type LabelStyle,
  type Paragraph,
  type Span,
  splitSentences,
  trimEnd,
  withoutFinalStop,
} from "./text-structure.ts";
import {
  carryUnusedTopic,
  clearAgendaTopic,
  markAgendaTopicUsed,
  newTopicScope,
  setAgendaTopic,
  setClauseTopic,
  type TopicScope,
  topicAt,
} from "./topic-scope.ts";
import { opensWithUnit } from "./units.ts";
import { HEADING_VERBS, MEETING_MODIFIERS, MEETING_VERBS } from "./vocabulary/markers.ts";
import { oneOf } from "./word-pattern.ts";

/** A directive still being read. */
type Draft = RawDirective & {
  /** How far it may run on into following paragraphs: a marker alone at a paragraph's end governs what follows. */
  reach: "opener" | "any-unlabelled";
};

/** Numbered items that are each a directive with one verb: under "会议决定：" or a heading. */
type ItemRun = { style: LabelStyle; verb: string };

/**
 * Everything the reading carries from paragraph to paragraph. One record's worth; nothing outlives the call.
 */
type Reading = {
  text: string;
  body: RecordBody;
  done: RawDirective[];
  open: Draft | null;
  topics: TopicScope;
  /** A numbered heading ("二、会议研究了…问题。") whose sub-items are directives. */
  heading: ItemRun | null;
  items: ItemRun | null;
  /** The verb of numbered items with no marker: 议定 under "现将会议议定事项纪要如下", else 决定. */
  itemVerb: string;
};

// A paragraph that carries on the directive before it.
const CONTINUATION_OPENER =
  /^(?:要(?!求)|必须|务必|同时|另外|此外|并且?|还要|切实|[一二三四五六七八九十]+(?:是|要)|第[一二三四五六七八九十]+[，、]|其[一二三四五六七八九十]|首先|其次|再次|最后|(?:责任|牵头|配合|协办|主办|承办)(?:单位|部门|领导)|(?:完成|办结|整改)?(?:时限|期限)|时间节点)/;
// A paragraph of an enumeration written out one item a paragraph: "一要…", "二是…", "第三，…".
const ENUMERATED_PARAGRAPH = /^(?:[一二三四五六七八九十]+(?:要|是)|第[一二三四五六七八九十]+[，、])/;
// A paragraph that tells someone what to do carries on too: "各街道要…", "区财政局必须…".
const SUBJECT_THEN_MODAL = /^[^，。；：]{2,20}?(?:要(?!求)|必须|务必)/;
// A segment that opens with its own topic; a run of them is split into one directive each (corpus granularity).
const TOPIC_SEGMENT = /^(?:在[^，。；：]{2,60}?方面|就[^，。；：]{2,60}?方面|关于[^，。；：]{2,60}?)，/;
// The subject a numbered item opens with: "关于拖欠工程款问题。", "盘道水库…上访等问题，".
const ITEM_TOPIC = /^(?:(?:关于|就|对于|针对)[^，。；：]{2,60}?|[^，。；：]{2,40}?(?:问题|事项|事宜))[，。]/;
// Clauses of an opening sentence that only set the scene: who chaired, when, where.
const INTRO_CLAUSE =
  /主持|召开|出席|列席|参加|^本报讯|^据|^\d{1,2}月\d{1,2}日|^\d{4}年|^(?:今天|昨天|昨日|近日|日前)|上午$|下午$/;
// A numbered item carrying the meeting's own marker is read sentence by sentence.
const MEETING_MARKER_INSIDE = new RegExp(`会议(?:${oneOf(MEETING_MODIFIERS)})?(?:${oneOf(MEETING_VERBS)})`);
const HEADING_VERB = new RegExp(oneOf(HEADING_VERBS));
const APPROVALS = new Set(["同意", "原则同意", "原则通过"]);
// A sentence that hands work to a unit without a marker: "由区信访局负责，…".
const ASSIGNMENT = /^由[^，。；]{2,30}?(?:负责|牵头)/;
// "现将会议议定事项纪要如下：" — what the numbered items below record.
const MINUTES_LEAD_IN = /(议定|决定)(?:事项|如下)/;
// A lead-in that only announces a list: "会议要求，各单位抓好以下工作".
const LEAD_IN_ONLY =
  /^(?:[^，。；]{0,20}[，]?)?(?:抓好|做好|落实|明确|议定|研究|决定)?(?:以下|如下)[^，。；]{0,12}$/;

function ruleOf(marker: Marker): DirectiveRule {
  if (marker.kind === "speaker" || marker.kind === "proposal" || marker.kind === "carried") return "leader";
  if (marker.kind === "subjectless") return "minutes-clause";
  return "marker";
}

function close(r: Reading): void {
  const open = r.open;
  if (!open) return;
  r.open = null;
  const { reach: _reach, ...directive } = open;
  const span = trimEnd(r.text, directive);
  // A header such as "会议决定：" with nothing after it governs the items that follow, not itself; "会议对下阶段
  // 工作提出了要求。" says only that something was asked.
  if (/[^。！？；，：、\s]/.test(r.text.slice(directive.contentStart, span.end))) {
    r.done.push(...splitTopicSegments(r.text, { ...directive, ...span }));
  }
}

type Opening = Pick<Marker, "verb" | "textStart" | "contentStart"> & { speaker?: string | null };

function openDirective(
  r: Reading,
  marker: Opening,
  end: number,
  topic: Span | null,
  reach: Draft["reach"],
  rule: DirectiveRule,
): void {
  close(r);
  const lead = r.body.lead.sentence;
  r.open = {
    verb: marker.verb,
    start: marker.textStart,
    end,
    contentStart: marker.contentStart,
    topic,
    inLead: lead !== null && marker.textStart >= lead.start && marker.textStart < lead.end,
    speaker: marker.speaker ?? null,
    rule,
    reach,
  };
}

/** Whether a leader is speaking in the directive being read: then a sentence opening with 要求 is theirs. */
function leaderSpeaking(r: Reading): boolean {
  return r.open !== null && r.open.speaker !== null;
}

/** The governing clause before a marker in its sentence, with scene-setting clauses left out. */
function prefixTopic(text: string, s: Span, markerStart: number): Span | null {
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

/** The markers of one sentence, in order. */
function sentenceMarkers(r: Reading, s: Span): Marker[] {
  const markers: Marker[] = [];
  clauseStarts(r.text, s).forEach((at, i) => {
    const marker = markerAt(r.text, at, i, r.text, leaderSpeaking(r));
    if (!marker) return;
    // Inside one sentence, a bare 要求 after a marker is part of that directive ("原则同意…，要求…"); a bare
    // approval counts only behind an agenda clause ("会议审议了《X》，原则同意…").
    if (marker.kind === "bare" && markers.length > 0) return;
    if (marker.kind === "bare" && APPROVALS.has(marker.verb) && !isIntroPrefix(r.text, s, marker.textStart))
      return;
    markers.push(marker);
  });
  return markers;
}

/** A sentence with no marker: an agenda line, a terminator, a new topic segment, or more of the open directive. */
function readUnmarkedSentence(r: Reading, p: Paragraph, index: number, s: Span): void {
  const { text } = r;
  const sentence = text.slice(s.start, s.end);
  if (isAgenda(sentence)) {
    close(r);
    if (!isAgendaOverview(sentence)) {
      const setting = leadingSetting(sentence);
      const span = setting
        ? trimEnd(text, { start: s.start, end: s.start + setting })
        : withoutFinalStop(text, s);
      const standalone = s.start === p.contentStart && s.end >= p.end;
      setAgendaTopic(r.topics, span, index, standalone);
    }
    return;
  }
  const minutes = MINUTES_LEAD_IN.exec(sentence);
  if (minutes) r.itemVerb = minutes[1] === "决定" ? "决定" : "议定";
  if (isNonDirective(sentence)) {
    close(r);
    return;
  }
  const segment = TOPIC_SEGMENT.exec(sentence);
  const current = r.open;
  if (current && segment && hasAction(sentence.slice(segment[0].length))) {
    const topic = trimEnd(text, { start: s.start, end: s.start + segment[0].length });
    const contentStart = s.start + segment[0].length;
    const opening = { verb: current.verb, textStart: contentStart, contentStart, speaker: current.speaker };
    openDirective(r, opening, s.end, topic, current.reach, current.rule);
    return;
  }
  if (current) {
    current.end = s.end;
    return;
  }
  const verb = r.items?.verb ?? r.itemVerb;
  const opening = { verb, textStart: s.start, contentStart: s.start };
  if (ASSIGNMENT.test(sentence)) {
    // "由区信访局负责，…": a 纪要 clause with no subject hands the work to a unit.
    openDirective(r, opening, s.end, topicAt(r.topics, index), "opener", "assignment");
  } else if (r.body.minutes && opensWithUnit(sentence)) {
    // "区交通局要于5月20日前完成…": 纪要 record decisions as orders to a unit, the meeting left unsaid.
    openDirective(r, opening, s.end, topicAt(r.topics, index), "opener", "minutes-subject");
  }
}

function readSentences(r: Reading, p: Paragraph, index: number, from: number): void {
  const { text } = r;
  for (const s of splitSentences(text, from, p.end)) {
    const sentence = text.slice(s.start, s.end);
    if (isBareApproval(sentence)) {
      // "会议原则通过《X》。": nothing to do, but it names what the rest of its paragraph is about.
      close(r);
      setAgendaTopic(r.topics, withoutFinalStop(text, s), index, false);
      markAgendaTopicUsed(r.topics);
      continue;
    }
    const markers = sentenceMarkers(r, s);
    if (markers.length === 0) {
      readUnmarkedSentence(r, p, index, s);
      continue;
    }
    markers.forEach((found, i) => {
      let marker = found;
      let topic: Span | null = marker.topic;
      if (i === 0) {
        const prefix = prefixTopic(text, s, marker.textStart);
        if (marker.kind === "bare" && prefix && !isIntroPrefix(text, s, marker.textStart)) {
          // "对于个性问题，…；对于共性问题，要求…": the whole sentence is the instruction.
          marker = { ...marker, textStart: s.start };
        } else if (prefix && !topic) {
          topic = prefix;
          setClauseTopic(r.topics, prefix, index);
        }
      } else close(r);
      const end = i + 1 < markers.length ? (markers[i + 1] as Marker).textStart : s.end;
      const reach: Draft["reach"] =
        text.slice(marker.contentStart, p.end).trim() === "" ? "any-unlabelled" : "opener";
      const leaderVoice = ruleOf(marker) === "leader";
      openDirective(r, marker, end, topic ?? topicAt(r.topics, index, leaderVoice), reach, ruleOf(marker));
    });
  }
}

/**
 * A numbered item that is a directive on its own (under "会议决定：" or a heading). Returns false when the item is
 * not one (an agenda line, a list of documents) so the caller can read it as ordinary text.
 */
function openItem(r: Reading, p: Paragraph, index: number, verb: string): boolean {
  const { text } = r;
  close(r);
  const content = text.slice(p.contentStart, p.end);
  const itemTopic = ITEM_TOPIC.exec(content);
  const topic = itemTopic
    ? trimEnd(text, { start: p.contentStart, end: p.contentStart + itemTopic[0].length - 1 })
    : null;
  const bodyStart = itemTopic ? p.contentStart + itemTopic[0].length : p.contentStart;
  const body = text.slice(bodyStart, p.end);
  if (MEETING_MARKER_INSIDE.test(body)) {
    if (topic) setClauseTopic(r.topics, topic, index);
    readSentences(r, p, index, bodyStart);
    return true;
  }
  // An item is a directive when it asks for something or hands the work to someone ("由各区政府认真研究…").
  if (!hasAction(body) && !/(?:^|[，。；])(?:由|请|责成)|原则通过|同意|决定/.test(body)) return false;
  const opening = { verb, textStart: bodyStart, contentStart: bodyStart };
  openDirective(r, opening, p.end, topic ?? topicAt(r.topics, index), "any-unlabelled", "numbered-item");
  return true;
}

/** Reads an item of the current run as a directive, or as ordinary text when it is not one. */
function readItem(r: Reading, p: Paragraph, index: number, verb: string): void {
  if (!openItem(r, p, index, verb)) readSentences(r, p, index, p.contentStart);
}

function readNumbered(r: Reading, p: Paragraph, index: number): void {
  const { text } = r;
  const label = p.label as NonNullable<Paragraph["label"]>;
  const content = text.slice(p.contentStart, p.end);
  const leadIn = r.open;
  if (leadIn && text.slice(leadIn.start, leadIn.end).trimEnd().endsWith("：")) {
    // "会议决定：" / "会议要求，各单位抓好以下工作：" then "（一）…（二）…": each item is a directive with the
    // lead-in's verb; a lead-in that says nothing itself is dropped.
    const said = text.slice(leadIn.contentStart, leadIn.end).replace(/[：\s]+$/, "");
    if (said === "" || LEAD_IN_ONLY.test(said)) r.open = null;
    else close(r);
    r.items = { style: label.style, verb: leadIn.verb };
  }
  if (r.items && label.style === r.items.style) {
    readItem(r, p, index, r.items.verb);
    return;
  }
  if (r.items && (!r.heading || label.style !== r.heading.style)) {
    // A deeper level inside the current item.
    if (r.open) r.open.end = p.end;
    return;
  }
  if (r.heading && label.style !== r.heading.style) {
    // Sub-items of a heading; details of a directive just made take its verb ("会议强调，…。1. …").
    r.items = { style: label.style, verb: r.open?.verb ?? r.heading.verb };
    readItem(r, p, index, r.items.verb);
    return;
  }
  // A top-level numbered paragraph: a heading, or an item carrying its own markers.
  close(r);
  r.items = null;
  r.heading = null;
  clearAgendaTopic(r.topics);
  const firstSentence = splitSentences(text, p.contentStart, p.end)[0];
  const firstText = firstSentence ? text.slice(firstSentence.start, firstSentence.end) : "";
  const hasMarker = firstSentence ? markerAt(text, firstSentence.start, 0, text) !== null : false;
  if (!hasMarker && isAgenda(firstText, true) && !isAgendaOverview(firstText)) {
    r.heading = { style: label.style, verb: HEADING_VERB.exec(firstText)?.[0] ?? "研究" };
    const topicEnd = firstSentence ? withoutFinalStop(text, firstSentence).end : p.end;
    setAgendaTopic(r.topics, { start: p.start, end: topicEnd }, index, true);
    if (firstSentence && firstSentence.end < p.end) readSentences(r, p, index, firstSentence.end);
    return;
  }
  const itemTopic = ITEM_TOPIC.exec(content);
  const headingOnly = (itemTopic && itemTopic[0].length >= content.length) || !/[。！？，；：]/.test(content);
  if (!hasMarker && headingOnly && content.length <= 60) {
    // "一、关于X问题。" or "五、其他事项" alone: a topic heading for what follows.
    r.heading = { style: label.style, verb: "研究" };
    setAgendaTopic(
      r.topics,
      withoutFinalStop(text, { start: p.contentStart, end: p.end }),
      index,
      true,
      true,
    );
    return;
  }
  if (!hasMarker && openItem(r, p, index, r.itemVerb)) return;
  readSentences(r, p, index, p.contentStart);
}

/** More of the open directive, sentence by sentence, so a marker or terminator inside still ends it there. */
function runOn(r: Reading, p: Paragraph, index: number): void {
  const current = r.open as Draft;
  current.end = p.contentStart;
  for (const s of splitSentences(r.text, p.contentStart, p.end)) {
    const sentence = r.text.slice(s.start, s.end);
    const hasMarker = clauseStarts(r.text, s).some(
      (at, i) => markerAt(r.text, at, i, r.text, current.speaker !== null) !== null,
    );
    if (hasMarker || isNonDirective(sentence) || isAgenda(sentence)) {
      readSentences(r, p, index, s.start);
      return;
    }
    current.end = s.end;
  }
}

/**
 * "一要…" / "二是…" as a paragraph of its own under a marker: each is a directive with the marker's verb and
 * voice, as numbered paragraphs are (corpus granularity); a lead-in that only announces them is dropped.
 */
function openEnumerated(r: Reading, p: Paragraph, index: number): void {
  const leadIn = r.open as Draft;
  const said = r.text.slice(leadIn.contentStart, leadIn.end).replace(/[：\s]+$/, "");
  if (said === "" || LEAD_IN_ONLY.test(said)) r.open = null;
  const opening = {
    verb: leadIn.verb,
    textStart: p.contentStart,
    contentStart: p.contentStart,
    speaker: leadIn.speaker,
  };
  openDirective(r, opening, p.contentStart, leadIn.topic, "opener", "numbered-item");
  runOn(r, p, index);
}

/** An unnumbered paragraph: the open directive may run on into it, else it is read afresh. */
function readPlain(r: Reading, p: Paragraph, index: number): void {
  const { text } = r;
  const content = text.slice(p.contentStart, p.end);
  const current = r.open;
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
    if (runsOn && ENUMERATED_PARAGRAPH.test(content)) {
      openEnumerated(r, p, index);
      return;
    }
    if (runsOn) {
      runOn(r, p, index);
      return;
    }
    close(r);
    if (r.items && (opensWithMarker || isAgenda(firstText))) {
      r.items = null;
      r.heading = null;
    }
  } else if (r.items) {
    r.items = null;
    r.heading = null;
  }
  readSentences(r, p, index, p.contentStart);
}

/** "会议内容：…", "会议记录：一是…": the content after the label, marked or not. */
function readContent(r: Reading, p: Paragraph, index: number, contentStart: number): void {
  const before = r.done.length;
  readSentences(r, p, index, contentStart);
  const rest = r.text.slice(contentStart, p.end);
  // A minute sheet's "会议记录：一是…二是…" lists what was decided with no marker word at all.
  if (!r.open && r.done.length === before && hasAction(rest)) {
    const from = contentStart + (rest.length - rest.trimStart().length);
    const opening = { verb: "要求", textStart: from, contentStart: from };
    openDirective(r, opening, p.end, topicAt(r.topics, index), "any-unlabelled", "minute-sheet");
  }
}

/** A paragraph of a leader's speech under "【区长X讲话】": all of it is the leader's directive. */
function readSpeech(r: Reading, p: Paragraph, index: number): void {
  if (r.open) {
    r.open.end = p.end;
    return;
  }
  const opening = { verb: "讲话", textStart: p.contentStart, contentStart: p.contentStart };
  openDirective(r, opening, p.end, topicAt(r.topics, index), "any-unlabelled", "speech");
}

export function cutSpans(text: string, body: RecordBody, kinds: ParagraphKind[]): RawDirective[] {
  const r: Reading = {
    text,
    body,
    done: [],
    open: null,
    topics: newTopicScope(body.lead.subject),
    heading: null,
    items: null,
    itemVerb: "决定",
  };
  kinds.forEach((kind, k) => {
    const index = body.first + k;
    const p = body.paragraphs[index] as Paragraph;
    carryUnusedTopic(r.topics, index);
    switch (kind.kind) {
      case "metadata":
      case "break":
        close(r);
        return;
      case "skipped":
        return;
      case "content":
        close(r);
        readContent(r, p, index, kind.contentStart);
        return;
      case "speech":
        readSpeech(r, p, index);
        return;
      case "numbered":
        readNumbered(r, p, index);
        return;
      case "plain":
        readPlain(r, p, index);
        return;
    }
  });
  close(r);
  return r.done;
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
