// Meeting record text in, directives out: topic, marker verb, exact text and offsets, responsible units and the
// deadline. Pure: the unit directory, the working-day calendar and the named periods come in with the context.
import type { WorkCalendar } from "./calendar.ts";
import { type Deadline, findDeadline } from "./deadline.ts";
import { findScheduleIn, type Schedule } from "./deadline-schedule.ts";
import { type MeetingMeta, readMeta } from "./meta.ts";
import type { NamedPeriod } from "./named-periods.ts";
import { normaliseText, originalSpan, originalText } from "./normalise.ts";
import type { DirectiveRule } from "./raw-directive.ts";
import { reviewChecks } from "./review-checks.ts";
import { segmentDirectives } from "./segment.ts";
import { type DirectoryUnit, findTopicUnits, findUnits, indexDirectory, type UnitRole } from "./units.ts";

export type { WorkCalendar } from "./calendar.ts";
export type { Deadline } from "./deadline.ts";
export type { NamedPeriod } from "./named-periods.ts";
export { defaultNamedPeriods } from "./named-periods.ts";
export type { DirectiveRule } from "./raw-directive.ts";
export type { DirectoryUnit } from "./units.ts";

export type ExtractContext = {
  /** YYYY-MM-DD, or null when unknown (then a full date written in the record is used). */
  meetingDate: string | null;
  units: DirectoryUnit[];
  calendar: WorkCalendar;
  namedPeriods: NamedPeriod[];
};

export type FoundUnit = {
  /** As written in the directive, or in its topic for the unit that brought an item it addresses. */
  text: string;
  /** The directory's canonical name, or null for a unit the directory does not know yet. */
  unitName: string | null;
  role: UnitRole;
};

export type Directive = {
  topic: string | null;
  verb: string;
  /** Exact substring of the input: text === input.slice(start, end). */
  text: string;
  start: number;
  end: number;
  units: FoundUnit[];
  /** Vague addressees (各级各部门, 有关部门 …): the office must choose a unit. */
  unassigned: string[];
  deadline: Deadline | null;
  /** Without a deadline: ongoing work (长期坚持) or a reporting cycle (每月报送一次), which are not due dates. */
  schedule: Schedule | null;
  /** Which rule found it (see DirectiveRule): how sure the draft is. */
  rule: DirectiveRule;
  /** Reasons to check the draft before confirming it (请核对…), in Chinese; empty when nothing stands out. */
  checks: string[];
};

export type ExtractResult = { meta: MeetingMeta; directives: Directive[]; warnings: string[] };

export function extractDirectives(text: string, ctx: ExtractContext): ExtractResult {
  const doc = normaliseText(text);
  const meta = readMeta(doc, ctx.meetingDate);
  const meetingDate = ctx.meetingDate ?? meta.date;
  const directory = indexDirectory(ctx.units);
  const warnings = new Set<string>();

  const directives = segmentDirectives(doc.text).map((raw): Directive => {
    const span = originalSpan(doc, raw.start, raw.end);
    const directiveText = text.slice(span.start, span.end);
    const named = findUnits(doc.text, raw, directory);
    const found =
      named.units.length > 0
        ? named
        : { ...named, units: findTopicUnits(doc.text, raw.topic, raw.contentStart, directory) };
    const deadline = findDeadline(directiveText, {
      meetingDate,
      calendar: ctx.calendar,
      namedPeriods: ctx.namedPeriods,
    });
    let resolved: Deadline | null = null;
    if (deadline) {
      const { warnings: deadlineWarnings, ...rest } = deadline;
      for (const w of deadlineWarnings) warnings.add(w);
      resolved = rest;
    }
    const units = uniqueBy(
      found.units.map((u) => ({
        text: originalText(doc, u.start, u.end),
        unitName: u.unitName,
        role: u.role,
      })),
      (u) => u.text,
    );
    return {
      topic: raw.topic ? originalText(doc, raw.topic.start, raw.topic.end) : null,
      verb: raw.verb,
      text: directiveText,
      start: span.start,
      end: span.end,
      units,
      unassigned: [...new Set(found.unassigned.map((u) => originalText(doc, u.start, u.end)))],
      deadline: resolved,
      schedule: resolved ? null : findScheduleIn(doc, raw.start, raw.end),
      rule: raw.rule,
      checks: reviewChecks({
        rule: raw.rule,
        inLead: raw.inLead,
        text: directiveText,
        deadlineText: resolved?.text ?? null,
        // Without a directory every unit is known by shape only; the check would say nothing.
        unknownUnits: ctx.units.length > 0 ? units.filter((u) => u.unitName === null).map((u) => u.text) : [],
      }),
    };
  });

  if (!meetingDate && directives.some((d) => d.deadline && d.deadline.date === null)) {
    warnings.add("会议日期不详，部分完成时限无法推算，请补充会议日期");
  }
  if (directives.length === 0) warnings.add("未识别到督办事项，请人工核对会议纪要");
  return { meta, directives, warnings: [...warnings] };
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
