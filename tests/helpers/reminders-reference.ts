// The reminder run as it was before it moved into SQL (src/reminders/job.ts), kept as the reference the set-based
// run must equal: the pure planner (src/reminders/plan.ts) over candidates loaded into JS, digests grouped and
// counted in JS, rows written from JS. Only tests use it (tests/integration/reminders-set-based.test.ts).
import { createHash } from "node:crypto";
import type { Db, Tx } from "../../src/db/open-database.ts";
import { enqueue } from "../../src/email/outbox.ts";
import { digestHoldMs, maxCatchUpDays, type ReminderRun } from "../../src/reminders/job.ts";
import { buildDigest, type DigestItem } from "../../src/reminders/messages.ts";
import {
  daysBetween,
  groupByRecipient,
  type PlannedReminder,
  parseRecipientKey,
  planReminders,
  type Recipient,
  type ReminderKind,
  recipientKey,
} from "../../src/reminders/plan.ts";
import {
  holdUndeliveredDigests,
  linkSupersededDigests,
  listRecipientsWithPiledUpDigests,
  listUnitContacts,
  listUsersWithEmail,
} from "../../src/reminders/repository.ts";
import { loadReminderSettings } from "../../src/reminders/settings.ts";
import { mailboxOf } from "../../src/reminders/urges.ts";
import { addDays, fromDbDateOrNull, shanghaiToday, toDbDate } from "../../src/shared/calendar-date.ts";
import { loadWorkCalendar } from "../../src/work-calendar/service.ts";

// The run's limits and its summary are the run's own (job.ts): the reference differs in how it computes, not in
// what it reports.

export async function runRemindersReference(
  db: Db,
  options: { now: Date; publicUrl: string; since?: string | null; dryRun?: boolean },
): Promise<ReminderRun> {
  const today = shanghaiToday(options.now);
  if (!options.dryRun) await holdUndeliveredDigests(db, new Date(options.now.getTime() + digestHoldMs));
  const earliest = addDays(today, -maxCatchUpDays);
  // The day after the last run, but never more than two weeks back; the first run covers today only.
  const last = options.since && options.since < today ? options.since : addDays(today, -1);
  // biome-ignore lint/complexity/useMathMinMax: these are ISO date strings, compared as text
  const since = last < earliest ? earliest : last;
  const [calendar, settings] = await Promise.all([loadWorkCalendar(db), loadReminderSettings(db)]);
  const horizon = Math.max(0, ...settings.dueSoonDays) * (settings.countWorkdays ? 2 : 1) + 14;
  const candidates = await listReminderCandidates(db, toDbDate(addDays(today, horizon)));
  const plans = planReminders({
    today,
    since,
    calendar,
    settings,
    tasks: candidates.map((t) => ({
      id: t.id,
      state: t.state,
      deadline: fromDbDateOrNull(t.deadline),
      assignedOn: t.assignedAt ? shanghaiToday(t.assignedAt) : null,
      nextReportDue: fromDbDateOrNull(t.nextReportDue),
      leadUnitId: t.leadUnitId,
      leaderId: t.leaderId,
    })),
  });

  // Drop what an earlier run (or an earlier part of today) already sent.
  const sent = await findRemindersSince(db, toDbDate(since));
  const sentKeys = new Set(
    sent.map((r) => `${r.taskId}|${r.kind}|${fromDbDateOrNull(r.onDate)}|${r.recipient}`),
  );
  const fresh = plans
    .map((p) => ({
      ...p,
      recipients: p.recipients.filter(
        (r) => !sentKeys.has(`${p.taskId}|${p.kind}|${p.onDate}|${recipientKey(r)}`),
      ),
    }))
    .filter((p) => p.recipients.length > 0);
  const digests = groupByRecipient(fresh);
  // Someone with nothing new today but two undelivered digests (one was on its way when the last run came, then
  // failed) gets them merged as well, so that when the server is back they too receive one email.
  const piledUp = (await listRecipientsWithPiledUpDigests(db))
    .filter((key) => !digests.has(key))
    .flatMap((key) => parseRecipientKey(key) ?? []);
  const addresses = await resolveRecipients(db, [
    ...[...digests.values()].map((d) => d.recipient),
    ...piledUp,
  ]);

  const byId = new Map(candidates.map((t) => [t.id, t]));
  const noAddress: string[] = [];
  const sendable: Sendable[] = [];
  for (const [key, digest] of digests) {
    const who = addresses.get(digest.recipient);
    if (who.emails.length === 0) noAddress.push(who.name);
    else sendable.push({ key, plans: digest.items, ...who });
  }
  for (const recipient of piledUp) {
    const who = addresses.get(recipient);
    if (who.emails.length > 0) sendable.push({ key: recipientKey(recipient), plans: [], ...who });
  }

  // A person whose earlier digest has not gone out (the mail server down or refusing for now) gets one email
  // with everything: the new digest carries the old one's reminders and the old one is never sent.
  const compose = async (tx: Tx, carried: UndeliveredReminder[]): Promise<Outgoing[]> => {
    const missing = [...new Set(carried.map((c) => c.taskId))].filter((id) => !byId.has(id));
    const more = new Map((missing.length ? await listTasksForDigest(tx, missing) : []).map((t) => [t.id, t]));
    const line = (taskId: number) => {
      const task = byId.get(taskId);
      if (task) {
        const unitName = task.leadUnitId ? (addresses.unitNames.get(task.leadUnitId) ?? null) : null;
        return { title: task.title, unitName, deadline: fromDbDateOrNull(task.deadline) };
      }
      const other = more.get(taskId);
      return {
        title: other?.title ?? "",
        unitName: other?.leadUnit?.name ?? null,
        deadline: fromDbDateOrNull(other?.deadline ?? null),
      };
    };
    const byRecipient = new Map<string, UndeliveredReminder[]>();
    for (const c of carried) {
      const list = byRecipient.get(c.recipient);
      if (list) list.push(c);
      else byRecipient.set(c.recipient, [c]);
    }
    return sendable.flatMap((s) => {
      const old = byRecipient.get(s.key) ?? [];
      // Never an empty digest: a pile-up a sender took over meanwhile leaves nothing to merge.
      if (s.plans.length === 0 && old.length === 0) return [];
      const items: DigestItem[] = [
        ...s.plans.map((p) => ({
          kind: p.kind,
          taskId: p.taskId,
          ...line(p.taskId),
          daysOverdue: p.daysOverdue,
        })),
        ...old.map((c) => {
          const kind = c.kind as ReminderKind;
          const { deadline, ...rest } = line(c.taskId);
          const late = (kind === "overdue" || kind === "escalation") && deadline && deadline < c.onDate;
          const daysOverdue = late
            ? daysBetween(deadline, c.onDate, calendar, settings.countWorkdays)
            : undefined;
          return { kind, taskId: c.taskId, ...rest, deadline, daysOverdue, carriedFrom: c.onDate };
        }),
      ];
      const message = buildDigest({ recipientName: s.name, items, publicUrl: options.publicUrl, today });
      const keys = [...s.plans, ...old];
      // A digest's identity is its recipient, its day and exactly which reminders it carries.
      const dedupeKey = `digest:${s.key}:${today}:${fingerprint(keys)}`;
      const supersedes = [...new Set(old.map((c) => c.outboxId))];
      return [
        {
          recipient: s.key,
          dedupeKey,
          to: s.emails,
          plans: s.plans,
          carried: old.length,
          supersedes,
          ...message,
        },
      ];
    });
  };

  const summary = (outgoing: Outgoing[]): ReminderRun => ({
    today,
    since,
    planned: plans.length,
    reminders: outgoing.reduce((n, m) => n + m.plans.length, 0),
    carried: outgoing.reduce((n, m) => n + m.carried, 0),
    merged: outgoing.reduce((n, m) => n + m.supersedes.length, 0),
    digests: outgoing.length,
    noAddress,
    messages: outgoing.map((m) => ({
      to: m.to,
      subject: m.subject,
      text: m.text,
      items: m.plans.length + m.carried,
    })),
  });

  const keys = sendable.map((s) => s.key);
  if (options.dryRun || sendable.length === 0) {
    return summary(sendable.length ? await compose(db, await findUndeliveredDigestReminders(db, keys)) : []);
  }

  // A big district's run writes tens of thousands of rows; allow it more than Prisma's default 5 s.
  const outgoing = await db.$transaction(
    async (tx) => {
      const messages = await compose(tx, await supersedeUndeliveredDigests(tx, keys));
      const rows = await enqueue(
        tx,
        messages.map((m) => ({ ...m, kind: "digest", nextAttemptAt: options.now })),
      );
      const ids = new Map(rows.map((r) => [r.dedupeKey, r.id]));
      await insertReminders(
        tx,
        messages.flatMap((m) =>
          m.plans.map((p) => ({
            taskId: p.taskId,
            kind: p.kind,
            onDate: p.onDate,
            recipient: m.recipient,
            outboxId: ids.get(m.dedupeKey)!,
          })),
        ),
      );
      await linkSupersededDigests(
        tx,
        messages.flatMap((m) => m.supersedes.map((oldId) => ({ oldId, newId: ids.get(m.dedupeKey)! }))),
      );
      return messages;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return summary(outgoing);
}

type Sendable = { key: string; name: string; emails: string[]; plans: PlannedReminder[] };

type Outgoing = {
  recipient: string;
  dedupeKey: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Today's reminders, written with this digest. */
  plans: PlannedReminder[];
  /** Reminders carried over from the recipient's undelivered digests, which this one supersedes. */
  carried: number;
  supersedes: number[];
};

function fingerprint(items: { taskId: number; kind: string; onDate: string }[]): string {
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
        return unit ? mailboxOf(unit) : { name: "责任单位", emails: [] };
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

// The old repository's queries, as they were (the candidates now in task order: the old query had no ORDER BY,
// and the set-based run lists tasks by id).

function listReminderCandidates(db: Db, until: Date) {
  return db.task.findMany({
    where: {
      state: { in: ["assigned", "in_progress", "pending_review"] },
      leadUnitId: { not: null },
      OR: [{ deadline: { lte: until } }, { state: "assigned" }, { nextReportDue: { lte: until } }],
    },
    select: {
      id: true,
      title: true,
      state: true,
      deadline: true,
      assignedAt: true,
      nextReportDue: true,
      leadUnitId: true,
      leaderId: true,
    },
    orderBy: { id: "asc" },
  });
}

function findRemindersSince(db: Db, since: Date) {
  return db.reminder.findMany({
    where: { onDate: { gt: since } },
    select: { taskId: true, kind: true, onDate: true, recipient: true },
  });
}

function listTasksForDigest(db: Tx, ids: number[]) {
  return db.task.findMany({
    where: { id: { in: ids } },
    select: { id: true, title: true, deadline: true, leadUnit: { select: { name: true } } },
  });
}

type UndeliveredReminder = {
  outboxId: number;
  recipient: string;
  taskId: number;
  kind: string;
  onDate: string;
};

function findUndeliveredDigestReminders(db: Tx, recipients: string[]) {
  return db.$queryRaw<UndeliveredReminder[]>`
    SELECT r.outbox_id AS "outboxId", r.recipient, r.task_id AS "taskId", r.kind,
           to_char(r.on_date, 'YYYY-MM-DD') AS "onDate"
    FROM reminders r JOIN email_outbox o ON o.id = r.outbox_id
    WHERE o.status = 'pending' AND o.kind = 'digest' AND r.recipient = ANY(${recipients}::text[])
    ORDER BY r.id`;
}

async function supersedeUndeliveredDigests(tx: Tx, recipients: string[]) {
  const rows = await tx.$queryRaw<{ id: number }[]>`
    UPDATE email_outbox o SET status = 'superseded'
    WHERE o.status = 'pending' AND o.kind = 'digest'
      AND EXISTS (
        SELECT 1 FROM reminders r WHERE r.outbox_id = o.id AND r.recipient = ANY(${recipients}::text[]))
    RETURNING o.id`;
  if (rows.length === 0) return [];
  return tx.$queryRaw<UndeliveredReminder[]>`
    SELECT r.outbox_id AS "outboxId", r.recipient, r.task_id AS "taskId", r.kind,
           to_char(r.on_date, 'YYYY-MM-DD') AS "onDate"
    FROM reminders r
    WHERE r.outbox_id = ANY(${rows.map((r) => r.id)}::int[])
    ORDER BY r.id`;
}

async function insertReminders(
  tx: Tx,
  rows: { taskId: number; kind: string; onDate: string; recipient: string; outboxId: number }[],
) {
  await tx.reminder.createMany({
    data: rows.map((r) => ({ ...r, onDate: toDbDate(r.onDate) })),
  });
}
