// Calendar dates as "YYYY-MM-DD" strings. All arithmetic goes through UTC so that no local time zone can shift a
// day: a deadline is a date in Asia/Shanghai, not an instant.

export type DateParts = { year: number; month: number; day: number };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Years a meeting or a deadline can fall in; "0年", "20266年" or a typo in a record is not a date to keep. */
export const plausibleYears = { first: 1990, last: 2100 } as const;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < plausibleYears.first || year > plausibleYears.last) return false;
  return month >= 1 && month <= 12 && day >= 1 && day <= lastDayOfMonth(year, month);
}

export function parseIsoDate(value: string): DateParts {
  const m = ISO_DATE.exec(value);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${value}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Month 12 + 1 rolls into January of the next year; month 0 into December of the year before. */
export function endOfMonth(year: number, month: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1));
  return formatIsoDate(first.getUTCFullYear(), first.getUTCMonth() + 1, lastDayOfMonth(year, month));
}

function toUtc(value: string): Date {
  const { year, month, day } = parseIsoDate(value);
  return new Date(Date.UTC(year, month - 1, day));
}

function fromUtc(date: Date): string {
  return formatIsoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function addDays(value: string, days: number): string {
  return fromUtc(new Date(toUtc(value).getTime() + days * MS_PER_DAY));
}

/** "一个月内" from 1月31日 ends on the last day of February, not in March. */
export function addMonths(value: string, months: number): string {
  const { year, month, day } = parseIsoDate(value);
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const y = first.getUTCFullYear();
  const m = first.getUTCMonth() + 1;
  return formatIsoDate(y, m, Math.min(day, lastDayOfMonth(y, m)));
}

export function addYears(value: string, years: number): string {
  return addMonths(value, years * 12);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(value: string): number {
  return toUtc(value).getUTCDay();
}
