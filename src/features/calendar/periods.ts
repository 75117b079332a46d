// 时间节点: the named periods deadlines hang on ("在主汛期前", "秋季开学前") and the day each starts in a year.
// Local custom, not law: the flood season of 2027 may open on 5月15日. Setting a year's start moves, in the same
// transaction, the deadlines of open tasks that were worked out from it, each with its history.
import type { Db, Tx } from "../../db/open-database.ts";
import { type NamedPeriod, periodStart } from "../../extract/named-periods.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { type CalendarDate, formatDate, parseCalendarDate } from "../../shared/calendar-date.ts";
import { InvalidInputError } from "../../shared/errors.ts";
import { loadNamedPeriods } from "../../work-calendar/service.ts";
import { type PeriodMove, redateForPeriod, tasksToRedateForPeriod } from "../tasks/period-redate.ts";
import { saveNamedPeriod, setNamedPeriodStart } from "./repository.ts";
import { requireYear } from "./service.ts";

export type PeriodRow = {
  name: string;
  aliases: string[];
  kind: NamedPeriod["kind"];
  /** How the period usually starts: 每年6月1日, 会后14天. */
  rule: string;
  offsetDays: number | null;
  /** The year's start (annual periods only), and whether the office set it for that year. */
  start: CalendarDate | null;
  startSet: boolean;
};

function usualRule(period: NamedPeriod): string {
  if (period.kind === "relative") return `会后${period.offsetDays ?? 14}天`;
  return `每年${period.month ?? 1}月${period.day ?? 1}日`;
}

async function findPeriod(db: Db, name: string): Promise<NamedPeriod> {
  const period = (await loadNamedPeriods(db)).find((p) => p.name === name);
  if (!period) throw new InvalidInputError("没有这个时间节点，请从列表中选择", "period");
  return period;
}

type PeriodChange = { reason: string; moves: PeriodMove[] };

/**
 * Writes a period's new setting and, in the same transaction, moves the deadlines read from it: the periods as
 * they stood before the write tell which deadlines are still as derived.
 */
async function changePeriod(
  db: Db,
  actor: Actor,
  period: NamedPeriod,
  write: (tx: Tx) => Promise<unknown>,
  reason: string,
  now: Date,
): Promise<PeriodChange> {
  const moves = await db.$transaction(async (tx) => {
    const previous = await loadNamedPeriods(tx as Db);
    await write(tx);
    const moves = await tasksToRedateForPeriod(tx, period, previous);
    await redateForPeriod(tx, actor, moves, reason, now);
    return moves;
  });
  return { reason, moves };
}

/** Every period with its usual rule and its start in `year`. Office only. */
export async function periodsOfYear(db: Db, actor: Actor, year: number): Promise<PeriodRow[]> {
  requireRole(actor, "office");
  requireYear(year);
  return (await loadNamedPeriods(db)).map((period) => ({
    name: period.name,
    aliases: period.aliases,
    kind: period.kind,
    rule: usualRule(period),
    offsetDays: period.kind === "relative" ? (period.offsetDays ?? 14) : null,
    start: period.kind === "annual" ? periodStart(period, year) : null,
    startSet: period.starts?.[year] !== undefined,
  }));
}

export type PeriodStartInput = { period: string; year: number; startsOn: CalendarDate | null };

/**
 * Sets (or, with `startsOn` null, clears) an annual period's start in one year, and moves the deadlines of the
 * open tasks read from it. Saving the same date again moves nothing.
 */
export async function setPeriodStart(
  db: Db,
  actor: Actor,
  input: PeriodStartInput,
  now: Date,
): Promise<PeriodChange> {
  requireRole(actor, "office");
  requireYear(input.year);
  const period = await findPeriod(db, input.period);
  if (period.kind !== "annual")
    throw new InvalidInputError(`“${period.name}”按会后天数推算，不按年份设定开始日`, "period");
  if (input.startsOn !== null && parseCalendarDate(input.startsOn).year !== input.year)
    throw new InvalidInputError(`开始日期应在${input.year}年内`, "startsOn");
  const reason =
    input.startsOn === null
      ? `${input.year}年${period.name}开始日恢复为${usualRule(period)}`
      : `${input.year}年${period.name}开始日调整为${formatDate(input.startsOn)}`;
  const write = (tx: Tx) => setNamedPeriodStart(tx, period.name, input.year, input.startsOn);
  return changePeriod(db, actor, period, write, reason, now);
}

/** Limits for "下次常务会议": standing meetings are held from weekly to quarterly. */
export const offsetLimits = { min: 1, max: 120 } as const;

/**
 * Sets how many days after a meeting a relative period (下次常务会议) comes, and moves the deadlines of the open
 * tasks read from it, as setPeriodStart does.
 */
export async function setPeriodOffset(
  db: Db,
  actor: Actor,
  input: { period: string; offsetDays: number },
  now: Date,
): Promise<PeriodChange> {
  requireRole(actor, "office");
  const period = await findPeriod(db, input.period);
  if (period.kind !== "relative")
    throw new InvalidInputError(`“${period.name}”每年固定日期开始，请按年份设定开始日`, "period");
  const { min, max } = offsetLimits;
  if (!Number.isInteger(input.offsetDays) || input.offsetDays < min || input.offsetDays > max)
    throw new InvalidInputError(`会后天数应为 ${min} 至 ${max} 之间的整数`, "offsetDays");
  const reason = `${period.name}改为按会后${input.offsetDays}天推算`;
  const write = (tx: Tx) => saveNamedPeriod(tx, { ...period, offsetDays: input.offsetDays });
  return changePeriod(db, actor, period, write, reason, now);
}

/** The flash after a save: the new start and what moved with it. */
export function periodSavedMessage(result: PeriodChange): string {
  const handedOut = result.moves.filter((m) => m.handedOut).length;
  const drafts = result.moves.length - handedOut;
  if (result.moves.length === 0) return `已保存：${result.reason}。没有事项的完成时限因此改变。`;
  const parts = [
    handedOut > 0 ? `${handedOut}项已交办事项` : null,
    drafts > 0 ? `${drafts}项草稿` : null,
  ].filter(Boolean);
  return `已保存：${result.reason}。${parts.join("、")}的完成时限已重新推算，变更记入各事项的时限记录。`;
}
