// The last phase of segmenting: blocks that opened at a marker but are not directives after all — assessments
// with nothing asked, requests about how the meeting itself was run, and news leads summarising what a leader
// says in detail later.
import { hasAction, hasModal } from "./markers.ts";
import { speakerName } from "./people.ts";
import type { RawDirective } from "./raw-directive.ts";
import { ASSESSING_VERBS, JUDGING_VERBS } from "./vocabulary/markers.ts";
import { PROCEDURAL_CONTENT } from "./vocabulary/non-directives.ts";

const ASSESSING = new Set<string>(ASSESSING_VERBS);
const JUDGING = new Set<string>(JUDGING_VERBS);

function asksForSomething(text: string, d: RawDirective): boolean {
  const content = text.slice(d.contentStart, d.end);
  if (ASSESSING.has(d.verb) && !hasAction(content)) return false;
  if (JUDGING.has(d.verb) && !hasModal(content)) return false;
  // "…召开局务会议，要求各部门负责同志临场汇报": done at the meeting, nothing to track.
  return !(d.inLead && PROCEDURAL_CONTENT.test(content));
}

/**
 * A news lead ("…调度会召开，副市长刘传谨要求深化…") sums up what the same leader says in detail later
 * ("刘传谨要求，…"): the summary is not a directive of its own.
 */
function summarisedLaterBySpeaker(d: RawDirective, later: RawDirective[]): boolean {
  if (!d.inLead || d.speaker === null) return false;
  const name = speakerName(d.speaker);
  return later.some((l) => l.speaker !== null && speakerName(l.speaker) === name);
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
function restatedLater(text: string, d: RawDirective, later: RawDirective[]): boolean {
  if (!d.inLead) return false;
  const own = bigrams(text.slice(d.contentStart, d.end).replace(/[，。；：、！？“”]/g, ""));
  if (own.size === 0) return false;
  return later.some((l) => {
    const other = bigrams(text.slice(l.contentStart, l.end));
    let shared = 0;
    for (const b of own) if (other.has(b)) shared++;
    return shared / own.size >= 0.6;
  });
}

export function dropNonDirectives(text: string, found: RawDirective[]): RawDirective[] {
  const asking = found.filter((d) => asksForSomething(text, d));
  const bySpeaker = asking.filter((d, i) => !summarisedLaterBySpeaker(d, asking.slice(i + 1)));
  return bySpeaker.filter((d, i) => !restatedLater(text, d, bySpeaker.slice(i + 1)));
}
