// What segmenting finds, before units and deadlines are read: spans into the canonical text (normalise.ts).
import type { Span } from "./text-structure.ts";

/**
 * Which rule found a directive, so the office can tell how sure a draft is: a marker word is the surest; a
 * 纪要 sentence found by its shape alone is the likeliest to be wrong.
 * - marker: 会议要求/强调/决定… or a bare 要求 after a comma
 * - leader: a named leader's or a body's own words (李旭要求, 她提出, 区局就X提出具体要求)
 * - speech: a transcript's 【…讲话】 paragraphs
 * - minutes-clause: a 纪要 clause with no subject (原则同意…，要求…)
 * - numbered-item: a numbered 议定事项 or sub-item with no marker of its own
 * - assignment: a sentence handing work to a unit (由区信访局负责…)
 * - minutes-subject: a 纪要 sentence whose subject is a unit (区交通局要于5月10日前完成…)
 * - minute-sheet: the unmarked content of a minute sheet's 会议记录： line
 * - manual: a stretch the office marked by hand (analyse-span.ts)
 */
export type DirectiveRule =
  | "marker"
  | "leader"
  | "speech"
  | "minutes-clause"
  | "numbered-item"
  | "assignment"
  | "minutes-subject"
  | "minute-sheet"
  | "manual";

export type RawDirective = Span & {
  verb: string;
  /** Where the governed content begins, after the marker. */
  contentStart: number;
  topic: Span | null;
  /** The directive begins in the record's opening sentence ("…主持召开…会议，强调…"). */
  inLead: boolean;
  /** Who gives it, for a leader's or a body's words ("副市长刘传谨"); null for the meeting's. */
  speaker: string | null;
  rule: DirectiveRule;
};
