// Which subject a directive belongs to while the record is read in order: an agenda line ("会议听取了X汇报"), a
// numbered heading ("一、关于X"), a governing clause ("关于X，会议指出") or, failing those, the one subject of the
// meeting named in its lead.
import type { Span } from "./text-structure.ts";

/**
 * An agenda line's topic lasts to the end of its paragraph, to the next paragraph when nothing in its own
 * paragraph used it, or until the next agenda line when it stood alone as a paragraph or numbered heading.
 */
type Scope = { span: Span; paragraph: number; lastsUntil: number; used: boolean; topicHeading: boolean };

export type TopicScope = {
  scope: Scope | null;
  /** A governing clause ("关于X，会议指出"): lasts to the end of its paragraph. */
  clause: { span: Span; paragraph: number } | null;
  /** The one subject of the meeting, from its lead; null when it has several. */
  meetingSubject: Span | null;
};

export function newTopicScope(meetingSubject: Span | null): TopicScope {
  return { scope: null, clause: null, meetingSubject };
}

/**
 * The topic of a directive starting in `paragraph`. A leader's own words take an agenda line only from their own
 * paragraph: news reports put the leader's closing speech after the agenda items, about the meeting as a whole.
 */
export function topicAt(t: TopicScope, paragraph: number, leaderVoice = false): Span | null {
  if (t.clause && t.clause.paragraph === paragraph) return t.clause.span;
  const scope = t.scope;
  const inScope = scope !== null && paragraph <= scope.lastsUntil;
  if (scope && inScope && (!leaderVoice || scope.paragraph === paragraph || scope.topicHeading)) {
    scope.used = true;
    return scope.span;
  }
  return t.meetingSubject;
}

export function setAgendaTopic(
  t: TopicScope,
  span: Span,
  paragraph: number,
  standalone: boolean,
  topicHeading = false,
): void {
  // Under a numbered topic heading ("一、关于X"), an agenda line in the section does not change the subject.
  if (!topicHeading && t.scope?.topicHeading) return;
  const lastsUntil = standalone ? Number.POSITIVE_INFINITY : paragraph;
  t.scope = { span, paragraph, lastsUntil, used: false, topicHeading };
  t.clause = null;
}

/** "会议原则通过《X》。" names what the rest of its paragraph is about, and is itself a use of that name. */
export function markAgendaTopicUsed(t: TopicScope): void {
  if (t.scope) t.scope.used = true;
}

export function setClauseTopic(t: TopicScope, span: Span, paragraph: number): void {
  t.clause = { span, paragraph };
}

export function clearAgendaTopic(t: TopicScope): void {
  t.scope = null;
}

/** An agenda line nothing in its own paragraph used governs the next paragraph too. */
export function carryUnusedTopic(t: TopicScope, paragraph: number): void {
  const scope = t.scope;
  if (scope && scope.lastsUntil === paragraph - 1 && !scope.used && scope.paragraph === paragraph - 1)
    scope.lastsUntil = paragraph;
}
