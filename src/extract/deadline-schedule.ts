// Task timing that is not a deadline: ongoing work ("长期坚持", "常抓不懈") and reporting cycles ("每月报告一次",
// "一周一调度", "每月25日前报送"). The office sees them on the task, but they never count as a deadline: findDeadline
// returns null for them, so they reach no scorer and no reminder as a due date.
import { CYCLE_ACT, CYCLE_PERIOD, ONGOING } from "./deadline-patterns.ts";
import { type NormalisedText, normaliseText, originalText } from "./normalise.ts";
import { cyclePeriods } from "./vocabulary/deadline-words.ts";

export type SchedulePeriod = (typeof cyclePeriods)[keyof typeof cyclePeriods];

export type Schedule = {
  /** ongoing: work without an end (长期任务); cycle: something due every period (周期性任务). */
  kind: "ongoing" | "cycle";
  /** The phrase as written. */
  text: string;
  /** For a cycle: how often (day, week, ten-days, month, quarter, half-year, year). */
  period?: SchedulePeriod;
  /** Shown to the office (Chinese). */
  note: string;
};

const PERIOD_LABELS: Record<SchedulePeriod, string> = {
  day: "每天",
  week: "每周",
  "ten-days": "每旬",
  month: "每月",
  quarter: "每季度",
  "half-year": "每半年",
  year: "每年",
};

// "每月…报告一次", "每季度通报", "每月25日前报送": the act follows the period within the clause.
const EVERY = new RegExp(`每(?:个)?${CYCLE_PERIOD}[^，。；：！？\\n]{0,16}?${CYCLE_ACT}(?:一次)?`, "g");
// "一周一调度", "一月一通报", "一季度一观摩".
const ONE_PER = new RegExp(`一${CYCLE_PERIOD}一${CYCLE_ACT}`, "g");
const ONGOING_WORDS = new RegExp(ONGOING, "g");

type Found = { start: number; end: number; schedule: Omit<Schedule, "text"> };

function cycleAt(m: RegExpExecArray): Found {
  const period = cyclePeriods[m[1] as keyof typeof cyclePeriods];
  return {
    start: m.index,
    end: m.index + m[0].length,
    schedule: {
      kind: "cycle",
      period,
      note: `周期性任务：${PERIOD_LABELS[period]}${m[2]}，无单一截止日期`,
    },
  };
}

function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  pattern.lastIndex = 0;
  return [...text.matchAll(pattern)] as RegExpExecArray[];
}

/** The first ongoing or recurring timing in a directive, or null. */
export function findSchedule(text: string): Schedule | null {
  const doc = normaliseText(text);
  return findScheduleIn(doc, 0, doc.text.length);
}

/**
 * The same within [start, end) of a text already normalised (the extractor's whole record): normalising each
 * directive again would cost more than the rest of extraction.
 */
export function findScheduleIn(doc: NormalisedText, start: number, end: number): Schedule | null {
  const text = doc.text.slice(start, end);
  const found: Found[] = [
    ...allMatches(EVERY, text).map(cycleAt),
    ...allMatches(ONE_PER, text).map(cycleAt),
    ...allMatches(ONGOING_WORDS, text).map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
      schedule: { kind: "ongoing" as const, note: "长期任务，无截止日期" },
    })),
  ];
  const first = found.sort((a, b) => a.start - b.start)[0];
  if (!first) return null;
  return { ...first.schedule, text: originalText(doc, start + first.start, start + first.end) };
}
