// One stretch of a record taken as a single directive: for a task the office adds by hand (the extractor missed
// it) or for each half of a split draft. Same unit and deadline rules as the extractor.
import { findDeadline } from "./deadline.ts";
import { findSchedule } from "./deadline-schedule.ts";
import type { Directive, ExtractContext } from "./extract.ts";
import { normaliseText, originalText } from "./normalise.ts";
import { findUnits, indexDirectory } from "./units.ts";
import { MEETING_VERBS, SPEAKER_VERBS } from "./vocabulary/markers.ts";
import { oneOf } from "./word-pattern.ts";

// The first marker verb in the stretch, if any: "会议要求…" → 要求.
const MARKER = new RegExp(`(?:会议|会上)?(${oneOf([...MEETING_VERBS, ...SPEAKER_VERBS])})`);

export function analyseSpan(text: string, start: number, end: number, ctx: ExtractContext): Directive {
  const fragment = text.slice(start, end);
  const doc = normaliseText(fragment);
  const found = findUnits(
    doc.text,
    { start: 0, end: doc.text.length, contentStart: 0 },
    indexDirectory(ctx.units),
  );
  const foundDeadline = findDeadline(fragment, {
    meetingDate: ctx.meetingDate,
    calendar: ctx.calendar,
    namedPeriods: ctx.namedPeriods,
  });
  const units = found.units.map((u) => ({
    text: originalText(doc, u.start, u.end),
    unitName: u.unitName,
    role: u.role,
  }));
  return {
    topic: null,
    verb: MARKER.exec(fragment)?.[1] ?? "",
    text: fragment,
    start,
    end,
    units: units.filter((u, i) => units.findIndex((o) => o.text === u.text) === i),
    unassigned: [...new Set(found.unassigned.map((u) => originalText(doc, u.start, u.end)))],
    deadline: withoutWarnings(foundDeadline),
    schedule: foundDeadline ? null : findSchedule(fragment),
    rule: "manual",
    // The office chose this stretch itself; there is nothing to ask it to check.
    checks: [],
  };
}

function withoutWarnings(found: ReturnType<typeof findDeadline>) {
  if (!found) return null;
  const { warnings: _, ...deadline } = found;
  return deadline;
}
