// The reminders side of a 催办 (src/features/tasks/urge.ts): where it goes, and the reminder row that lists it on
// the task page with the day's other reminders and keeps it to once a day.
import type { Db, Tx } from "../db/open-database.ts";
import { toDbDate } from "../shared/calendar-date.ts";
import { recipientKey } from "./plan.ts";
import { createReminders, listUnitContacts } from "./repository.ts";

/** Where mail for a unit goes: its contact addresses, failing those its active staff's own. */
export function mailboxOf(unit: { name: string; emails: string[]; users: { email: string | null }[] }) {
  const emails = unit.emails.length ? unit.emails : unit.users.map((u) => u.email!);
  return { name: unit.name, emails: [...new Set(emails)] };
}

export async function unitMailbox(db: Db, unitId: number) {
  const [unit] = await listUnitContacts(db, [unitId]);
  return unit ? mailboxOf(unit) : null;
}

export function recordUrge(
  tx: Tx,
  urge: { taskId: number; unitId: number; onDate: string; outboxId: number },
) {
  return createReminders(tx, [
    {
      taskId: urge.taskId,
      kind: "urge",
      onDate: toDbDate(urge.onDate),
      recipient: recipientKey({ kind: "unit", unitId: urge.unitId }),
      outboxId: urge.outboxId,
    },
  ]);
}
