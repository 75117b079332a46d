// 催办: the office presses a button on a task and the lead unit is emailed at once, through the same outbox
// as the daily digests (so an SMTP outage delays it but loses nothing). Once per task per day.
import { isUniqueViolation } from "../../db/errors.ts";
import type { Db } from "../../db/open-database.ts";
import { recipientKey } from "../../reminders/plan.ts";
import { createOutboxEmails, createReminders, listUnitContacts } from "../../reminders/repository.ts";
import type { Actor } from "../../shared/actor.ts";
import { ConflictError, NotFoundError } from "../../shared/errors.ts";
import { shanghaiDate } from "../../shared/locale.ts";
import { createTaskEvent, findTaskParties } from "./repository.ts";
import { checkAction } from "./transitions.ts";
import { buildUrge } from "./urge-message.ts";

export async function urgeTask(
  db: Db,
  actor: Actor,
  taskId: number,
  input: { note?: string; now: Date; publicUrl: string },
) {
  const task = await findTaskParties(db, taskId);
  if (!task) throw new NotFoundError("督办事项不存在");
  checkAction(
    actor,
    { state: task.state, leadUnitId: task.leadUnitId, coUnitIds: task.coUnits.map((c) => c.unitId) },
    "urge",
  );
  const [unit] = await listUnitContacts(db, [task.leadUnitId!]);
  const emails = [...new Set(unit?.emails.length ? unit.emails : (unit?.users.map((u) => u.email!) ?? []))];
  if (!unit || emails.length === 0) {
    throw new ConflictError(
      `${unit?.name ?? "牵头单位"}没有登记联系邮箱，无法发送催办邮件，请先在单位名录中补充`,
    );
  }
  const today = shanghaiDate(input.now);
  const note = input.note?.trim() || null;
  const message = buildUrge({
    recipientName: unit.name,
    title: task.title,
    taskId,
    deadline: task.deadline?.toISOString().slice(0, 10) ?? null,
    note,
    officeName: "区政府督查室",
    publicUrl: input.publicUrl,
  });
  try {
    await db.$transaction(async (tx) => {
      const [row] = await createOutboxEmails(tx, [
        {
          dedupeKey: `urge:${taskId}:${today}`,
          kind: "urge",
          nextAttemptAt: input.now,
          toAddresses: emails,
          subject: message.subject,
          textBody: message.text,
          htmlBody: message.html,
        },
      ]);
      const recipient = recipientKey({ kind: "unit", unitId: unit.id });
      await createReminders(tx, [
        { taskId, kind: "urge", onDate: new Date(`${today}T00:00:00Z`), recipient, outboxId: row!.id },
      ]);
      await createTaskEvent(tx, { taskId, actorId: actor.id, action: "urge", note });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("今天已经催办过该事项，催办邮件已在发送队列中");
    throw error;
  }
}
