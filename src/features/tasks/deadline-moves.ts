// A deadline worked out again from its phrase (a corrected meeting date, a named period's new start) leaves the
// same edit event wherever the move comes from: from what to what, and why.
import type { Tx } from "../../db/open-database.ts";
import type { Actor } from "../../shared/actor.ts";
import type { CalendarDate } from "../../shared/calendar-date.ts";
import { createTaskEventsBy } from "./repository.ts";

export type DeadlineMove = {
  taskId: number;
  deadlineText: string;
  from: CalendarDate | null;
  to: CalendarDate | null;
};

/** One edit event per move; `reason` says what changed ("会议日期更正", "2027年主汛期开始日调整为…"). */
export function recordDeadlineMoves(tx: Tx, actor: Actor, moves: DeadlineMove[], reason: string, now: Date) {
  const events = moves.map((move) => ({
    taskId: move.taskId,
    action: "edit",
    before: { deadline: move.from },
    after: { deadline: move.to },
    note: `${reason}，按“${move.deadlineText}”重新推算完成时限`,
  }));
  return createTaskEventsBy(tx, actor.id, events, now);
}
