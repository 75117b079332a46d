// 催办: the office presses a button on a task and the lead unit is emailed at once, through the same outbox
// as the daily digests (so an SMTP outage delays it but loses nothing). Once per task per day.
import { isUniqueViolation } from "../../db/errors.ts";
import { claimFormKey } from "../../db/form-submissions.ts";
import type { Db } from "../../db/open-database.ts";
import { enqueue, wakeSender } from "../../email/outbox.ts";
import { recordUrge, unitMailbox } from "../../reminders/urges.ts";
import type { Actor } from "../../shared/actor.ts";
import { fromDbDateOrNull, shanghaiToday } from "../../shared/calendar-date.ts";
import { ConflictError } from "../../shared/errors.ts";
import { createTaskEvent, findTaskParties } from "./repository.ts";
import { checkLoadedTask } from "./transitions.ts";
import { buildUrge } from "./urge-message.ts";

export async function urgeTask(
  db: Db,
  actor: Actor,
  taskId: number,
  input: { note?: string; now: Date; publicUrl: string; formKey?: string },
) {
  const task = checkLoadedTask(actor, await findTaskParties(db, taskId), "urge");
  const unit = await unitMailbox(db, task.leadUnitId!);
  if (!unit || unit.emails.length === 0) {
    throw new ConflictError(
      `${unit?.name ?? "牵头单位"}没有登记联系邮箱，无法发送催办邮件，请先在单位名录中补充`,
    );
  }
  const today = shanghaiToday(input.now);
  const note = input.note?.trim() || null;
  const message = buildUrge({
    recipientName: unit.name,
    title: task.title,
    taskId,
    deadline: fromDbDateOrNull(task.deadline),
    note,
    officeName: "区政府督查室",
    publicUrl: input.publicUrl,
  });
  try {
    await db.$transaction(async (tx) => {
      await claimFormKey(tx, input.formKey, actor.id);
      const [row] = await enqueue(tx, [
        {
          ...message,
          dedupeKey: `urge:${taskId}:${today}`,
          kind: "urge",
          to: unit.emails,
          nextAttemptAt: input.now,
        },
      ]);
      await recordUrge(tx, { taskId, unitId: task.leadUnitId!, onDate: today, outboxId: row!.id });
      await createTaskEvent(tx, { taskId, actorId: actor.id, action: "urge", note });
    });
    wakeSender();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("今天已经催办过该事项，催办邮件已在发送队列中");
    throw error;
  }
}
