// The reminder run: plan today's reminders (covering every day since the last run), keep the ones not sent
// before, group them into one digest per recipient (carrying what that recipient's undelivered digests held)
// and write digests and reminder rows in one transaction.
//
// The plan, the grouping and the counting are set-based SQL over temporary tables of that transaction
// (repository.ts): a district's hundred thousand tasks never travel to JS, which only names the recipients and
// renders one email per digest. The rules are those of the pure planner in plan.ts, which the integration test
// (reminders-set-based.test.ts) holds this run equal to, email for email and row for row.
import type { Db, Tx } from "../db/open-database.ts";
import { enqueueOnce, wakeSender } from "../email/outbox.ts";
import type { WorkCalendar } from "../extract/calendar.ts";
import { addDays, shanghaiToday } from "../shared/calendar-date.ts";
import { loadWorkCalendar } from "../work-calendar/service.ts";
import { type DigestGroup, type DigestItem, maxListed, renderDigest } from "./messages.ts";
import { parseRecipientKey, type Recipient, type ReminderKind, recipientKey } from "./plan.ts";
import {
  beginReminderRun,
  createCarried,
  createPlan,
  createPlanCalendar,
  type DigestCountRow,
  type DigestLineRow,
  findPlanCalendarStart,
  holdUndeliveredDigests,
  insertPlannedReminders,
  linkSupersededDigests,
  listDigests,
  listPlanRecipients,
  listRecipientsWithPiledUpDigests,
  listUnitContacts,
  listUsersWithEmail,
} from "./repository.ts";
import { loadReminderSettings } from "./settings.ts";
import { mailboxOf } from "./urges.ts";

/** How far back a run looks for missed days (the app down over a long holiday); older triggers are dropped. */
export const maxCatchUpDays = 14;

/** How long a run keeps undelivered digests back from the sender, well beyond the longest run. */
export const digestHoldMs = 10 * 60_000;

export type ReminderRun = {
  today: string;
  since: string;
  planned: number;
  /** Reminders decided by this run. */
  reminders: number;
  /** Reminders of earlier, undelivered digests that this run's digests carry instead. */
  carried: number;
  /** Undelivered digests superseded by this run's. */
  merged: number;
  digests: number;
  /** Recipients with no e-mail address on file: their reminders stay unsent and are reported here. */
  noAddress: string[];
  messages: { to: string[]; subject: string; text: string; items: number }[];
};

export async function runReminders(
  db: Db,
  options: { now: Date; publicUrl: string; since?: string | null; dryRun?: boolean },
): Promise<ReminderRun> {
  const today = shanghaiToday(options.now);
  const dryRun = options.dryRun ?? false;
  if (!dryRun) await holdUndeliveredDigests(db, new Date(options.now.getTime() + digestHoldMs));
  const earliest = addDays(today, -maxCatchUpDays);
  // The day after the last run, but never more than two weeks back; the first run covers today only.
  const last = options.since && options.since < today ? options.since : addDays(today, -1);
  // biome-ignore lint/complexity/useMathMinMax: these are ISO date strings, compared as text
  const since = last < earliest ? earliest : last;
  const [calendar, settings] = await Promise.all([loadWorkCalendar(db), loadReminderSettings(db)]);
  const horizon = Math.max(0, ...settings.dueSoonDays) * (settings.countWorkdays ? 2 : 1) + 14;
  const until = addDays(today, horizon);

  const run = async (tx: Tx) => {
    // A second run (a manual `duban remind` beside the cron, say) waits here and then plans from what this one
    // wrote, so it finds nothing left to send.
    await beginReminderRun(tx, !dryRun);
    const start = await findPlanCalendarStart(tx, { until, deadlines: settings.countWorkdays });
    // Beyond the horizon by a month: the longest signing window (10 working days) fits over any holiday.
    await createPlanCalendar(
      tx,
      workdayTable(calendar, start && start < since ? start : since, addDays(until, 31)),
    );
    const planned = await createPlan(tx, {
      today,
      since,
      until,
      dueSoonDays: settings.dueSoonDays,
      overdueEveryDays: settings.overdueEveryDays,
      escalateAfterDays: settings.escalateAfterDays,
      countWorkdays: settings.countWorkdays,
      signWithinWorkdays: settings.signWithinWorkdays,
    });
    const planKeys = await listPlanRecipients(tx);
    // Someone with nothing new today but two undelivered digests (one was on its way when the last run came,
    // then failed) gets them merged as well, so that when the server is back they too receive one email.
    const inPlan = new Set(planKeys);
    const piledUp = (await listRecipientsWithPiledUpDigests(tx)).filter((key) => !inPlan.has(key));
    const recipients = [...planKeys, ...piledUp].flatMap((key) => parseRecipientKey(key) ?? []);
    const addresses = await resolveRecipients(tx, recipients);
    const noAddress: string[] = [];
    const sendable: { key: string; name: string; emails: string[] }[] = [];
    for (const recipient of recipients) {
      const who = addresses(recipient);
      const key = recipientKey(recipient);
      if (who.emails.length > 0) sendable.push({ key, ...who });
      else if (inPlan.has(key)) noAddress.push(who.name);
    }
    const keys = sendable.map((s) => s.key);
    // A person whose earlier digest has not gone out (the mail server down or refusing for now) gets one email
    // with everything: the new digest carries the old one's reminders and the old one is never sent.
    await createCarried(tx, keys, !dryRun);
    const { lines, counts } = await listDigests(tx, {
      recipients: keys,
      listed: maxListed,
      countWorkdays: settings.countWorkdays,
    });
    const outgoing = compose(sendable, lines, counts, { publicUrl: options.publicUrl, today });
    if (dryRun || outgoing.length === 0) return { planned, noAddress, outgoing };

    const rows = await enqueueOnce(
      tx,
      outgoing.map((m) => ({ ...m, kind: "digest", nextAttemptAt: options.now })),
    );
    // A digest already there (the same recipient, day and reminders) is this one: its reminders point to it.
    await insertPlannedReminders(tx, {
      recipient: outgoing.map((m) => m.recipient),
      outboxId: rows.map((r) => r.id),
    });
    await linkSupersededDigests(
      tx,
      outgoing.flatMap((m, i) => m.supersedes.map((oldId) => ({ oldId, newId: rows[i]!.id }))),
    );
    return { planned, noAddress, outgoing: outgoing.filter((_, i) => rows[i]!.written) };
  };

  // A big district's run writes tens of thousands of rows; allow it more than Prisma's default 5 s. The
  // temporary tables live in the transaction, so a preview runs in one as well (and writes nothing).
  const result = await db.$transaction(run, { timeout: 120_000, maxWait: 10_000 });
  if (!dryRun && result.outgoing.length > 0) wakeSender();
  const { outgoing } = result;
  return {
    today,
    since,
    planned: result.planned,
    reminders: outgoing.reduce((n, m) => n + m.reminders, 0),
    carried: outgoing.reduce((n, m) => n + m.carried, 0),
    merged: outgoing.reduce((n, m) => n + m.supersedes.length, 0),
    digests: outgoing.length,
    noAddress: result.noAddress,
    messages: outgoing.map((m) => ({
      to: m.to,
      subject: m.subject,
      text: m.text,
      items: m.reminders + m.carried,
    })),
  };
}

type Outgoing = {
  recipient: string;
  dedupeKey: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Today's reminders, written with this digest. */
  reminders: number;
  /** Reminders carried over from the recipient's undelivered digests, which this one supersedes. */
  carried: number;
  supersedes: number[];
};

/** One email per recipient with anything to say, in the order the plan first names them. */
function compose(
  sendable: { key: string; name: string; emails: string[] }[],
  lines: DigestLineRow[],
  counts: DigestCountRow[],
  o: { publicUrl: string; today: string },
): Outgoing[] {
  const groups = new Map<string, Map<string, DigestGroup>>();
  for (const line of lines) {
    const kind = line.kind as ReminderKind;
    const byKind = groups.get(line.recipient) ?? new Map<string, DigestGroup>();
    groups.set(line.recipient, byKind);
    const group = byKind.get(kind) ?? { kind, total: line.total, items: [] };
    byKind.set(kind, group);
    const item: DigestItem = {
      kind,
      taskId: line.taskId,
      title: line.title,
      unitName: line.unitName,
      deadline: line.deadline,
      ...(line.daysOverdue === null ? {} : { daysOverdue: line.daysOverdue }),
      ...(line.carriedFrom === null ? {} : { carriedFrom: line.carriedFrom }),
    };
    group.items.push(item);
  }
  const byRecipient = new Map(counts.map((c) => [c.recipient, c]));
  return sendable.flatMap((s) => {
    const c = byRecipient.get(s.key);
    // Never an empty digest: a pile-up a sender took over meanwhile leaves nothing to merge.
    if (!c) return [];
    const message = renderDigest({
      recipientName: s.name,
      publicUrl: o.publicUrl,
      today: o.today,
      groups: [...(groups.get(s.key)?.values() ?? [])],
      count: c.tasks,
      overdue: c.overdue,
      carried: c.carried,
    });
    return [
      {
        recipient: s.key,
        // A digest's identity is its recipient, its day and exactly which reminders it carries.
        dedupeKey: `digest:${s.key}:${o.today}:${c.fingerprint.slice(0, 16)}`,
        to: s.emails,
        reminders: c.reminders,
        carried: c.carried,
        supersedes: c.supersedes,
        ...message,
      },
    ];
  });
}

/** Each day from `from` to `to`: whether it is a working day, and how many working days there are up to it. */
function workdayTable(calendar: WorkCalendar, from: string, to: string) {
  const table = { day: [] as string[], workday: [] as boolean[], n: [] as number[] };
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const workday = calendar.isWorkday(d);
    if (workday) n++;
    table.day.push(d);
    table.workday.push(workday);
    table.n.push(n);
  }
  return table;
}

/** Names and addresses for every recipient of a run, in three queries. */
async function resolveRecipients(db: Tx, recipients: Recipient[]) {
  const unitIds = recipients.flatMap((r) => (r.kind === "unit" ? [r.unitId] : []));
  const leaderIds = recipients.flatMap((r) => (r.kind === "leader" ? [r.userId] : []));
  const needOffice = recipients.some((r) => r.kind === "office");
  // One after another: inside the run's transaction the queries share one connection anyway.
  const units = unitIds.length ? await listUnitContacts(db, unitIds) : [];
  const leaders = leaderIds.length ? await listUsersWithEmail(db, { id: { in: leaderIds } }) : [];
  const office = needOffice ? await listUsersWithEmail(db, { role: "office" }) : [];
  const unitById = new Map(units.map((u) => [u.id, u]));
  const leaderById = new Map(leaders.map((u) => [u.id, u]));
  return (r: Recipient): { name: string; emails: string[] } => {
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
  };
}
