// The reminder run: plan today's reminders (covering every day since the last run), keep the ones not sent
// before, group them into one digest per recipient and write digests and reminder rows in one transaction.
import { createHash } from "node:crypto";
import type { Db } from "../db/open-database.ts";
import { buildDigest, type DigestItem } from "../email/digest.ts";
import { addDays } from "../extract/plain-date.ts";
import { loadWorkCalendar } from "../features/calendar/service.ts";
import { loadReminderSettings } from "../features/settings/service.ts";
import { shanghaiDate } from "../locale.ts";
import {
  groupByRecipient,
  type PlannedReminder,
  planReminders,
  type Recipient,
  recipientKey,
} from "./plan.ts";
import {
  createOutboxEmails,
  findRemindersSince,
  insertReminders,
  listReminderCandidates,
  listUnitContacts,
  listUsersWithEmail,
} from "./repository.ts";

/** How far back a run looks for missed days (the app down over a long holiday); older triggers are dropped. */
export const maxCatchUpDays = 14;

export type ReminderRun = {
  today: string;
  since: string;
  planned: number;
  reminders: number;
  digests: number;
  /** Recipients with no e-mail address on file: their reminders stay unsent and are reported here. */
  noAddress: string[];
  messages: { to: string[]; subject: string; text: string; items: number }[];
};

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

export async function runReminders(
  db: Db,
  options: { now: Date; publicUrl: string; since?: string | null; dryRun?: boolean },
): Promise<ReminderRun> {
  const today = shanghaiDate(options.now);
  const earliest = addDays(today, -maxCatchUpDays);
  // The day after the last run, but never more than two weeks back; the first run covers today only.
  const last = options.since && options.since < today ? options.since : addDays(today, -1);
  // biome-ignore lint/complexity/useMathMinMax: these are ISO date strings, compared as text
  const since = last < earliest ? earliest : last;
  const [calendar, settings] = await Promise.all([loadWorkCalendar(db), loadReminderSettings(db)]);
  const horizon = Math.max(0, ...settings.dueSoonDays) * (settings.countWorkdays ? 2 : 1) + 14;
  const candidates = await listReminderCandidates(db, day(addDays(today, horizon)));
  const plans = planReminders({
    today,
    since,
    calendar,
    settings,
    tasks: candidates.map((t) => ({
      id: t.id,
      state: t.state,
      deadline: iso(t.deadline),
      assignedOn: t.assignedAt ? shanghaiDate(t.assignedAt) : null,
      nextReportDue: iso(t.nextReportDue),
      leadUnitId: t.leadUnitId,
      leaderId: t.leaderId,
    })),
  });

  // Drop what an earlier run (or an earlier part of today) already sent.
  const sent = await findRemindersSince(db, day(since));
  const sentKeys = new Set(sent.map((r) => `${r.taskId}|${r.kind}|${iso(r.onDate)}|${r.recipient}`));
  const fresh = plans
    .map((p) => ({
      ...p,
      recipients: p.recipients.filter(
        (r) => !sentKeys.has(`${p.taskId}|${p.kind}|${p.onDate}|${recipientKey(r)}`),
      ),
    }))
    .filter((p) => p.recipients.length > 0);
  const digests = groupByRecipient(fresh);
  const addresses = await resolveRecipients(
    db,
    [...digests.values()].map((d) => d.recipient),
  );

  const byId = new Map(candidates.map((t) => [t.id, t]));
  const outgoing: Outgoing[] = [];
  const noAddress: string[] = [];
  for (const [key, digest] of digests) {
    const who = addresses.get(digest.recipient);
    if (who.emails.length === 0) {
      noAddress.push(who.name);
      continue;
    }
    const items: DigestItem[] = digest.items.map((p) => {
      const task = byId.get(p.taskId)!;
      return {
        kind: p.kind,
        taskId: p.taskId,
        title: task.title,
        unitName: task.leadUnitId ? (addresses.unitNames.get(task.leadUnitId) ?? null) : null,
        deadline: iso(task.deadline),
        daysOverdue: p.daysOverdue,
      };
    });
    const message = buildDigest({ recipientName: who.name, items, publicUrl: options.publicUrl, today });
    // A digest's identity is its recipient, its day and exactly which reminders it carries.
    const dedupeKey = `digest:${key}:${today}:${fingerprint(digest.items)}`;
    outgoing.push({ recipient: key, dedupeKey, to: who.emails, plans: digest.items, ...message });
  }

  const result: ReminderRun = {
    today,
    since,
    planned: plans.length,
    reminders: outgoing.reduce((n, m) => n + m.plans.length, 0),
    digests: outgoing.length,
    noAddress,
    messages: outgoing.map((m) => ({ to: m.to, subject: m.subject, text: m.text, items: m.plans.length })),
  };
  if (options.dryRun || outgoing.length === 0) return result;

  // A big district's run writes tens of thousands of rows; allow it more than Prisma's default 5 s.
  await db.$transaction(
    async (tx) => {
      const rows = await createOutboxEmails(
        tx,
        outgoing.map((m) => ({
          dedupeKey: m.dedupeKey,
          kind: "digest",
          nextAttemptAt: options.now,
          toAddresses: m.to,
          subject: m.subject,
          textBody: m.text,
          htmlBody: m.html,
        })),
      );
      const ids = new Map(rows.map((r) => [r.dedupeKey, r.id]));
      await insertReminders(
        tx,
        outgoing.flatMap((m) =>
          m.plans.map((p) => ({
            taskId: p.taskId,
            kind: p.kind,
            onDate: p.onDate,
            recipient: m.recipient,
            outboxId: ids.get(m.dedupeKey)!,
          })),
        ),
      );
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return result;
}

type Outgoing = {
  recipient: string;
  dedupeKey: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  plans: PlannedReminder[];
};

function fingerprint(items: PlannedReminder[]): string {
  const keys = items.map((p) => `${p.taskId}|${p.kind}|${p.onDate}`).sort();
  return createHash("sha256").update(keys.join(",")).digest("hex").slice(0, 16);
}

/** Names and addresses for every recipient of a run, in three queries. */
async function resolveRecipients(db: Db, recipients: Recipient[]) {
  const unitIds = recipients.flatMap((r) => (r.kind === "unit" ? [r.unitId] : []));
  const leaderIds = recipients.flatMap((r) => (r.kind === "leader" ? [r.userId] : []));
  const needOffice = recipients.some((r) => r.kind === "office");
  const [units, leaders, office] = await Promise.all([
    unitIds.length ? listUnitContacts(db, unitIds) : Promise.resolve([]),
    leaderIds.length ? listUsersWithEmail(db, { id: { in: leaderIds } }) : Promise.resolve([]),
    needOffice ? listUsersWithEmail(db, { role: "office" }) : Promise.resolve([]),
  ]);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const leaderById = new Map(leaders.map((u) => [u.id, u]));
  return {
    unitNames: new Map(units.map((u) => [u.id, u.name])),
    get(r: Recipient): { name: string; emails: string[] } {
      if (r.kind === "unit") {
        const unit = unitById.get(r.unitId);
        // The unit's contact addresses; failing those, its staff's own addresses.
        const emails = unit?.emails.length ? unit.emails : (unit?.users.map((u) => u.email!) ?? []);
        return { name: unit?.name ?? "责任单位", emails: [...new Set(emails)] };
      }
      if (r.kind === "leader") {
        const leader = leaderById.get(r.userId);
        return {
          name: leader ? `${leader.name}同志` : "分管领导",
          emails: leader?.email ? [leader.email] : [],
        };
      }
      return { name: "督查室", emails: [...new Set(office.map((u) => u.email!))] };
    },
  };
}
