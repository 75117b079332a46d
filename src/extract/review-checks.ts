// Why a draft needs a second look (请核对): the kinds of directive the extractor gets wrong most often. Shown to
// the office beside the draft; short, in the office's own language.
import type { DirectiveRule } from "./raw-directive.ts";

export const CHECK_NO_MEETING_SUBJECT = "无“会议”主语，请核对是否为议定事项";
export const CHECK_DEADLINE_LATER = "完成时限见于后文，请核对是否适用于整项工作";
export const CHECK_LEAD_SUMMARY = "出自开头导语，请核对是否与后文重复";
export const unknownUnitCheck = (unit: string) => `单位名录中无“${unit}”，请核对单位名称`;

// Rules that find a directive by a sentence's shape, with no 会议 or leader saying it.
const SHAPE_ONLY_RULES = new Set<DirectiveRule>([
  "minutes-clause",
  "assignment",
  "minutes-subject",
  "minute-sheet",
]);

export type CheckInput = {
  rule: DirectiveRule;
  inLead: boolean;
  text: string;
  deadlineText: string | null;
  /** Units as written that the directory does not know; empty when no directory was given. */
  unknownUnits: string[];
};

const TIME_LIMIT_LINE = /^(?:完成|办结|整改|工作)?(?:时限|期限|时间)[:：]/;

/** Where the first sentence of a directive ends (after its 。！？), or the text's length when it has one. */
function firstSentenceEnd(text: string): number {
  const m = /[。！？]/.exec(text);
  return m ? m.index + 1 : text.length;
}

export function reviewChecks(d: CheckInput): string[] {
  const checks: string[] = [];
  if (SHAPE_ONLY_RULES.has(d.rule)) checks.push(CHECK_NO_MEETING_SUBJECT);
  if (d.inLead) checks.push(CHECK_LEAD_SUMMARY);
  if (d.deadlineText !== null) {
    const at = d.text.indexOf(d.deadlineText);
    const line = d.text.slice(d.text.lastIndexOf("\n", at) + 1, at);
    // A "完成时限：" line states the deadline of the whole item on purpose.
    if (at >= firstSentenceEnd(d.text) && !TIME_LIMIT_LINE.test(line)) checks.push(CHECK_DEADLINE_LATER);
  }
  for (const unit of d.unknownUnits) checks.push(unknownUnitCheck(unit));
  return checks;
}
