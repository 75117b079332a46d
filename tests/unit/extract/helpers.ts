import { createWorkCalendar } from "../../../src/extract/calendar.ts";
import {
  type DirectoryUnit,
  defaultNamedPeriods,
  type ExtractResult,
  extractDirectives,
} from "../../../src/extract/extract.ts";

export function extract(
  text: string,
  meetingDate: string | null = null,
  units: DirectoryUnit[] = [],
): ExtractResult {
  return extractDirectives(text, {
    meetingDate,
    units,
    calendar: createWorkCalendar([]),
    namedPeriods: defaultNamedPeriods,
  });
}

/** The ASCII-punctuation copy of a record, as many sources publish it. */
export function asciiPunctuation(text: string): string {
  const fullWidth = "，：；（）！？";
  const ascii = ",:;()!?";
  return text.replace(/[，：；（）！？]/g, (c) => ascii[fullWidth.indexOf(c)]!);
}
