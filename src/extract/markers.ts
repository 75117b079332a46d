// Directive markers: the words that open a directive ("会议要求", "李旭强调", "原则同意…"), and the sentence shapes
// that are not directives (agenda lines, attendance, reporter credits). All patterns run on the canonical text.
import { isSpeaker, isSpeakingBody } from "./people.ts";
import { clauseAt, type Span } from "./text-structure.ts";
import {
  BARE_MODIFIERS,
  BARE_VERBS,
  CARRIED_VERBS,
  IMPERATIVE_OPENERS,
  JUDGEMENT_ENDINGS,
  MEETING_MODIFIERS,
  MEETING_VERBS,
  MODAL_WORDS,
  PROPOSAL_NOUNS,
  SPEAKER_MODIFIERS,
  SPEAKER_SETTINGS,
  SPEAKER_VERBS,
  SPEAKER_VERBS_BEFORE_PUNCTUATION,
  SUBJECTLESS_VERBS,
} from "./vocabulary/markers.ts";
import {
  AGENDA_MODIFIERS,
  AGENDA_OVERVIEWS,
  AGENDA_VERBS,
  LABELLED_AGENDA_VERBS,
  NON_DIRECTIVE_SENTENCES,
} from "./vocabulary/non-directives.ts";
import { oneOf } from "./word-pattern.ts";

export type MarkerKind = "meeting" | "speaker" | "proposal" | "bare" | "carried" | "subjectless";

export type Marker = {
  kind: MarkerKind;
  /** The marker as written: 指出, 强调, 要求, 决定, 同意, 原则同意, 原则通过, 议定, 明确, 提出. */
  verb: string;
  /** Where the directive text begins: the speaker for a leader's marker, else the marker itself. */
  textStart: number;
  /** Just after the marker and its ，/：, where the governed content begins. */
  contentStart: number;
  /** A topic written inside the marker ("就X提出三点意见"). */
  topic: Span | null;
  /** Who speaks, for a leader's or a body's marker: "副市长刘传谨", "区局". */
  speaker: string | null;
};

// "会议(还)要求", "会议研究决定", "会上，会议强调". Modifiers between 会议 and the verb are common in 纪要.
const MEETING_MARKER = new RegExp(
  `(?:会上，?)?(?:本次)?会议(?:${oneOf(MEETING_MODIFIERS)})*(${oneOf(MEETING_VERBS)})(?!的)`,
  "y",
);
// "李旭要求", "区委副书记、区长李顺强调", "武国定在听取汇报后指出", "她提出，": the speaker is checked by
// isSpeaker().
const SPEAKER_MARKER = new RegExp(
  `([^，。；：！？“”《》]{1,30}?)(?:${oneOf(SPEAKER_SETTINGS)})?(?:${oneOf(SPEAKER_MODIFIERS)})?` +
    `(${oneOf(SPEAKER_VERBS)}|(?:${oneOf(SPEAKER_VERBS_BEFORE_PUNCTUATION)})(?=[，：]))(?!的)`,
  "y",
);
// "县政府副县长苗东红就抓好…工作提出三点意见：", "同志对管委会下一步工作提出了三个要求：", "区局就X提出具体要求："
const PROPOSAL_MARKER = new RegExp(
  `([^，。；：！？“”《》]{0,30}?)(就|对)([^，。；：！？]{2,60}?)提出了?(?:[一二三四五六七八九十两几\\d]+(?:点|个|项|条))?(?:具体|明确)?(${oneOf(PROPOSAL_NOUNS)})`,
  "y",
);
// A bare 要求/强调 after a comma: "会议传达学习了X，要求…".
const BARE_MARKER = new RegExp(`(?:${oneOf(BARE_MODIFIERS)})?(${oneOf(BARE_VERBS)})(?!的)`, "y");
// A sentence opening with 要求 and an addressee, after a leader's words: "要求各位科长要做到…".
const CARRIED_MARKER = new RegExp(`(${oneOf(CARRIED_VERBS)})(?![的是，：])`, "y");
// 纪要 clauses with no subject, at the start of a sentence: "原则同意《X》，要求…".
const SUBJECTLESS_MARKER = new RegExp(`(${oneOf(SUBJECTLESS_VERBS)})(?!的)`, "y");
// The marker's own punctuation belongs to it: content starts after "，" or "：".
const MARKER_PUNCTUATION = /^[，：]/;

function contentAfter(text: string, end: number): number {
  return MARKER_PUNCTUATION.test(text.slice(end, end + 1)) ? end + 1 : end;
}

function stickyMatch(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/**
 * The marker starting at a clause start, if any. `clauseIndex` is 0 for a sentence's first clause; bare 要求/强调
 * only count after a comma, subjectless approvals only at the start of a sentence.
 */
export function markerAt(
  text: string,
  at: number,
  clauseIndex: number,
  record: string,
  voiceCarriesOver = false,
): Marker | null {
  const meeting = stickyMatch(MEETING_MARKER, text, at);
  if (meeting) {
    const end = at + meeting[0].length;
    const verbStart = end - (meeting[1] as string).length;
    // "会上，会议强调" and "会议强调" both start the text at 会议.
    const textStart = text.startsWith("会上", at) ? text.indexOf("会议", at) : at;
    return {
      kind: "meeting",
      verb: meeting[1] as string,
      textStart: Math.min(textStart, verbStart),
      contentStart: contentAfter(text, end),
      topic: null,
      speaker: null,
    };
  }

  const proposal = stickyMatch(PROPOSAL_MARKER, text, at);
  if (proposal) {
    const speaker = proposal[1] as string;
    if (
      speaker === "" ||
      speaker === "同志" ||
      speaker === "会议" ||
      isSpeaker(speaker.replace(/同志$/, ""), record) ||
      isSpeakingBody(speaker)
    ) {
      const topicStart = at + speaker.length + (proposal[2] === "对" ? 1 : 0);
      const topicEnd = at + speaker.length + 1 + (proposal[3] as string).length;
      return {
        kind: "proposal",
        verb: proposal[4] === "要求" ? "要求" : "提出",
        textStart: at,
        contentStart: contentAfter(text, at + proposal[0].length),
        topic: { start: topicStart, end: topicEnd },
        speaker: speaker === "" || speaker === "会议" ? null : speaker,
      };
    }
  }

  const speaker = stickyMatch(SPEAKER_MARKER, text, at);
  if (speaker && isSpeaker(speaker[1] as string, record)) {
    return {
      kind: "speaker",
      verb: speaker[2] as string,
      textStart: at,
      contentStart: contentAfter(text, at + speaker[0].length),
      topic: null,
      speaker: speaker[1] as string,
    };
  }

  // "吴局长要求…。要求各位科长要…": a sentence opening with 要求 carries on a leader's voice as a new marker.
  if (clauseIndex > 0 || voiceCarriesOver) {
    const bare = stickyMatch(clauseIndex > 0 ? BARE_MARKER : CARRIED_MARKER, text, at);
    if (bare) {
      const end = at + bare[0].length;
      return {
        kind: clauseIndex > 0 ? "bare" : "carried",
        verb: bare[1] as string,
        textStart: at,
        contentStart: contentAfter(text, end),
        topic: null,
        speaker: null,
      };
    }
  }
  if (clauseIndex === 0) {
    const subjectless = stickyMatch(SUBJECTLESS_MARKER, text, at);
    if (subjectless) {
      const end = at + subjectless[0].length;
      return {
        kind: "subjectless",
        verb: subjectless[1] as string,
        textStart: at,
        contentStart: end,
        topic: null,
        speaker: null,
      };
    }
  }
  return null;
}

// An approval with nothing to do: "会议原则通过《X》。", "会议原则同意该方案。" It names the item the next
// directives are about.
const BARE_APPROVAL =
  /^(?:会议)?(?:还)?(?:审议并|研究并)?(?:原则)?(?:同意|通过)了?(?:(?:“[^”]*”|《[^》]*》|[、和及与，]|（[^）]*）)+(?:等[^，。；]{0,30})?|(?:该|此|上述|以上|前述|这些|这个)[\u4e00-\u9fa5]{1,8})[。！]?$/;

// "会议原则同意区发改局提交的项目清单。": one finished clause and nobody told to do anything. A record cut off
// mid-sentence ("会议同意区发改局提出的《201") may have gone on to say more, so it does not count.
const SINGLE_CLAUSE_APPROVAL = /^(?:会议)?(?:原则)?(?:同意|通过)[^，；：。！？]*[。！]$/;
const TASK_WORDS = /由|请|责成|要|负责|牵头|限期|成立/;

export function isBareApproval(sentence: string): boolean {
  if (BARE_APPROVAL.test(sentence)) return true;
  return SINGLE_CLAUSE_APPROVAL.test(sentence) && !TASK_WORDS.test(sentence);
}

// A leading governing clause that is not itself the agenda: "在地窖式垃圾池整改工作调度会上，会议讲解了…".
const LEADING_SETTING = /^(?:在[^，。；]{2,40}?(?:上|后|时|中)|关于[^，。；]{2,80}?|就[^，。；]{2,60}?)，/;
// Agenda lines: what the meeting heard, studied, reviewed or passed ("会议听取了…汇报", "会议审议了《X》").
const AGENDA = new RegExp(`^(?:会议|会上|本次会议)(?:${oneOf(AGENDA_MODIFIERS)})*(?:${oneOf(AGENDA_VERBS)})`);
const LABELLED_AGENDA = new RegExp(`^(?:${oneOf(LABELLED_AGENDA_VERBS)})`);
// Agenda summaries that list several items or "other matters": they introduce nothing in particular.
const AGENDA_OVERVIEW = new RegExp(`${oneOf(AGENDA_OVERVIEWS)}|；(?:研究|审议|听取)`);

export function leadingSetting(sentence: string): number {
  const m = LEADING_SETTING.exec(sentence);
  return m ? m[0].length : 0;
}

/** "会议听取了X汇报。" etc. `labelled` allows the subjectless form used in numbered headings ("一、审议《X》"). */
export function isAgenda(sentence: string, labelled = false): boolean {
  const rest = sentence.slice(leadingSetting(sentence));
  return AGENDA.test(rest) || (labelled && LABELLED_AGENDA.test(rest)) || isBareApproval(rest);
}

export function isAgendaOverview(sentence: string): boolean {
  return AGENDA_OVERVIEW.test(sentence);
}

export function isNonDirective(sentence: string): boolean {
  return NON_DIRECTIVE_SENTENCES.some((p) => p.test(sentence));
}

// Words that make a 指出/强调 block an instruction rather than an assessment: 要 (unless part of a noun: 重要, 主要,
// 纲要, 必要, 要求 as "the requirements of", 要素 …) or another modal word …
const MODAL = new RegExp(`(?<![重主纲摘提概紧险首必显简只需])要(?![求素点闻害件])|${oneOf(MODAL_WORDS)}`);
// … or a clause that opens with an imperative verb ("强调按照…，推进…，完善…") …
const IMPERATIVE_CLAUSE = new RegExp(`^(?:${oneOf(IMPERATIVE_OPENERS)})`);
// … unless that clause is the subject of a judgement ("做好防汛准备意义重大").
const JUDGEMENT = new RegExp(`(?:${oneOf(JUDGEMENT_ENDINGS)})$`);

/** Whether the content asks for something with a modal word (要, 必须, 确保 …). */
export function hasModal(content: string): boolean {
  return MODAL.test(content);
}

export function hasAction(content: string): boolean {
  if (MODAL.test(content)) return true;
  return content
    .split(/[，；。：！？]/)
    .some((clause) => IMPERATIVE_CLAUSE.test(clause) && !JUDGEMENT.test(clause));
}

/** The clause at `start` as text, for callers that test a clause's shape. */
export function clauseText(text: string, start: number, limit: number): string {
  const span = clauseAt(text, start, limit);
  return text.slice(span.start, span.end);
}
