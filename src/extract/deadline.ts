// Completion-by phrases ("6月底前", "在主汛期前", "10个工作日内", "限期") and the date each one means for a meeting held
// on a given day. The first phrase in a directive that reads as a deadline is its deadline. Finding a phrase and
// resolving its date is done by the rules below; whether the phrase is a deadline at all (and not a forecast, a
// past completion, an as-of status, a window or a cadence) is decided by deadline-modality.ts. Ongoing work and
// reporting cycles are never deadlines; findSchedule (deadline-schedule.ts) reports them.

import { isCalendarDate } from "../shared/calendar-date.ts";
import type { WorkCalendar } from "./calendar.ts";
import { calendarRules } from "./deadline-calendar-rules.ts";
import { countRules } from "./deadline-count-rules.ts";
import { cachedPeriodRules, eventRules } from "./deadline-event-rules.ts";
import { readPhrase } from "./deadline-modality.ts";
import type { Resolution, Rule } from "./deadline-rule.ts";
import type { NamedPeriod } from "./named-periods.ts";
import { normaliseText, originalText } from "./normalise.ts";

export type Deadline = {
  /** The phrase as written in the directive. */
  text: string;
  date: string | null;
  /** stated: a calendar date written in the text; rule: computed from a phrase. */
  derivation: "stated" | "rule";
  needsConfirmation: boolean;
  /** How the date was reached, or why there is none (Chinese, shown to the office). */
  note?: string;
  /** A time of day written with the date ("下午17:30", "下班"); the deadline is still that whole day. */
  timeOfDay?: string;
  /** True when the text states an aim (计划/力争/争取/拟/将) rather than an order (要/确保/务必/请). */
  planned?: boolean;
};

export type DeadlineContext = {
  meetingDate: string | null;
  calendar: WorkCalendar;
  namedPeriods: NamedPeriod[];
};

const fixedRules: Rule[] = [...calendarRules, ...countRules, ...eventRules];

/**
 * Book titles (《…2023-2027年…》) contain dates that are never deadlines. Marked once per text: checking each
 * candidate by searching back for 《 costs the length of the text every time.
 */
function bookTitleMask(text: string): Uint8Array | null {
  if (!text.includes("《")) return null;
  const inside = new Uint8Array(text.length);
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "《") open = i;
    else if (text[i] === "》" && open >= 0) {
      inside.fill(1, open, i);
      open = -1;
    }
  }
  // An unclosed 《 runs to the end, as the search back did.
  if (open >= 0) inside.fill(1, open);
  return inside;
}

type Candidate = { start: number; end: number; rule: Rule; match: RegExpExecArray };

function candidatesIn(text: string, rules: Rule[]): Candidate[] {
  const candidates: Candidate[] = [];
  const inTitle = bookTitleMask(text);
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(text); m; m = rule.pattern.exec(text)) {
      if (m[0].length === 0) {
        rule.pattern.lastIndex++;
        continue;
      }
      if (!inTitle?.[m.index]) {
        candidates.push({ start: m.index, end: m.index + m[0].length, rule, match: m });
      }
    }
  }
  // The first phrase wins; at the same place, the longer reading ("限期10天内" over "限期").
  return candidates.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** A deadline already past at the meeting is kept (it may be overdue) but the office should look at it. */
function flagPast(resolved: Resolution, meetingDate: string | null): Resolution {
  if (resolved.date === null || meetingDate === null || resolved.date >= meetingDate) return resolved;
  const note = resolved.note ? `${resolved.note}；早于会议日期，请确认` : "早于会议日期，请确认";
  return { ...resolved, needsConfirmation: true, note };
}

export function findDeadline(text: string, ctx: DeadlineContext): (Deadline & { warnings: string[] }) | null {
  const doc = normaliseText(text);
  const rules = [...fixedRules, ...cachedPeriodRules(ctx.namedPeriods)];
  for (const c of candidatesIn(doc.text, rules)) {
    const resolved = c.rule.resolve(c.match, doc.text, ctx);
    if (!resolved) continue;
    // A phrase that resolves outside any plausible year ("9999年底前", a mistyped year) is no deadline to keep.
    if (resolved.date !== null && !isCalendarDate(resolved.date)) continue;
    const start = resolved.start ?? c.start;
    const end = resolved.end ?? c.end;
    const reading = readPhrase(
      doc.text,
      start,
      end,
      {
        bounded: resolved.bounded,
        year: resolved.year,
        date: resolved.date ?? resolved.provisionalDate ?? null,
      },
      ctx.meetingDate,
    );
    if (!reading.deadline) continue;
    const {
      warnings,
      bounded: _bounded,
      year: _year,
      provisionalDate: _provisional,
      start: _start,
      end: _end,
      ...deadline
    } = flagPast(resolved, ctx.meetingDate);
    return {
      text: originalText(doc, start, end),
      ...deadline,
      ...(reading.planned ? { planned: true } : {}),
      warnings: warnings ?? [],
    };
  }
  return null;
}
