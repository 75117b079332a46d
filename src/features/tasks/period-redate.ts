// What a changed named period means for open tasks: "在主汛期前完成" was worked out from the period's start, so
// when the office sets 2027's 主汛期 to start on 5月15日 the deadline moves with it. A handed-out task's move goes
// into its deadline history as an extension granted by the office, with the reason; a draft's only into its
// edit history. The periods feature calls these inside its own transaction.
import type { Tx } from "../../db/open-database.ts";
import { findDeadline } from "../../extract/deadline.ts";
import type { NamedPeriod } from "../../extract/named-periods.ts";
import type { Actor } from "../../shared/actor.ts";
import { type CalendarDate, fromDbDateOrNull, toDbDate } from "../../shared/calendar-date.ts";
import { recordDeadlineMoves } from "./deadline-moves.ts";
import { extractionContext } from "./drafts.ts";
import { createExtensionRequest, listPeriodDerivedTasks, updateTask } from "./repository.ts";

export type PeriodMove = {
  taskId: number;
  title: string;
  handedOut: boolean;
  deadlineText: string;
  from: CalendarDate | null;
  to: CalendarDate;
};

// The school-term phrases ("本学期末前", "开学前") name no period but are read from 暑假/寒假 and 春季/秋季开学.
const schoolWords = ["开学", "学期", "学年"];

/**
 * The open tasks whose deadline, read again from their text with the periods as they now stand (inside the
 * caller's transaction), comes out on another day because of `period`. Only a deadline that still is what the
 * same reading gave with the `previous` periods moves: one the office or an extension has changed since stays,
 * as does one whose phrase no longer reads the same way or whose reading does not rest on that period.
 */
export async function tasksToRedateForPeriod(
  tx: Tx,
  period: { name: string; aliases: string[] },
  previous: NamedPeriod[],
): Promise<PeriodMove[]> {
  const stem = /[期季]$/.test(period.name) ? [period.name.slice(0, -1)] : [];
  const tasks = await listPeriodDerivedTasks(tx, [period.name, ...period.aliases, ...stem, ...schoolWords]);
  if (tasks.length === 0) return [];
  const base = await extractionContext(tx, null);
  const moves: PeriodMove[] = [];
  for (const task of tasks) {
    const meetingDate = fromDbDateOrNull(task.meeting?.heldOn ?? null);
    const text = task.sourceText ?? task.deadlineText!;
    const found = findDeadline(text, { ...base, meetingDate });
    if (!found?.date || found.text !== task.deadlineText || !found.note?.includes(period.name)) continue;
    const from = fromDbDateOrNull(task.deadline);
    if (found.date === from) continue;
    const before = findDeadline(text, { ...base, meetingDate, namedPeriods: previous });
    if (before?.date !== from) continue;
    moves.push({
      taskId: task.id,
      title: task.title,
      handedOut: task.state !== "draft",
      deadlineText: found.text,
      from,
      to: found.date,
    });
  }
  return moves;
}

/** Moves the deadlines, each with its history: `reason` says which period changed and to what. */
export async function redateForPeriod(tx: Tx, actor: Actor, moves: PeriodMove[], reason: string, now: Date) {
  for (const move of moves) {
    await updateTask(tx, move.taskId, { deadline: toDbDate(move.to) });
    if (!move.handedOut) continue;
    await createExtensionRequest(tx, {
      taskId: move.taskId,
      requestedById: actor.id,
      originalDeadline: move.from ? toDbDate(move.from) : null,
      requestedDeadline: toDbDate(move.to),
      reason,
      status: "approved",
      decidedById: actor.id,
      decidedAt: now,
      decisionNote: `按“${move.deadlineText}”重新推算`,
    });
  }
  await recordDeadlineMoves(tx, actor, moves, reason, now);
}
