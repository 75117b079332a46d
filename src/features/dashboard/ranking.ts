// The units' ranking (单位排名), the same on the dashboard and in the bulletin. A unit with overdue tasks never
// ranks above one with fewer: overdue count first, then the on-time rate, which only counts for a unit with
// enough closed tasks to mean something; units below that minimum follow, marked as such.

/** Closed (已办结) tasks a unit needs before its on-time rate ranks it. */
export const minClosedForRate = 3;

/** The rule, as printed over the ranking. */
export const rankingRule = `先按已逾期事项数从少到多排列；已逾期数相同的，已办结满${minClosedForRate}件的单位按按期办结率从高到低排列，已办结不足${minClosedForRate}件的单位排在其后并标注“办结不足${minClosedForRate}件”。单位的事项包括牵头和配合的事项。`;

export const fewClosedNote = `办结不足${minClosedForRate}件`;

export type RankedFigures = {
  unit: { name: string };
  total: { n: number };
  done: { n: number };
  overdue: { n: number };
  rate: { value: number | null };
};

/** Too few closed tasks for the rate to rank the unit. */
export function hasFewClosed(row: Pick<RankedFigures, "done">): boolean {
  return row.done.n < minClosedForRate;
}

/** Sort order of the ranking: negative when `a` ranks above `b`. */
export function compareUnitRank(a: RankedFigures, b: RankedFigures): number {
  return (
    a.overdue.n - b.overdue.n ||
    Number(hasFewClosed(a)) - Number(hasFewClosed(b)) ||
    (b.rate.value ?? -1) - (a.rate.value ?? -1) ||
    b.total.n - a.total.n ||
    a.unit.name.localeCompare(b.unit.name, "zh-CN")
  );
}

/** Whether two rows share a place (standard competition ranking): level on every ranked figure. */
export function sameRank(a: RankedFigures, b: RankedFigures): boolean {
  return a.overdue.n === b.overdue.n && hasFewClosed(a) === hasFewClosed(b) && a.rate.value === b.rate.value;
}
