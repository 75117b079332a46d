// Workflow notices: every event a person must hear of (交办, 退回, a ruling on an extension, a request for the
// office, 批示, a co-unit's report) becomes one notice per account concerned (or per unit, to its contact
// mailbox, when none of its accounts has an address), written in the event's own transaction (a rolled-back
// action tells no one). An at-once notice is its own outbox row, keyed notice:<eventId>:<userId> (or
// notice:<eventId>:unit:<unitId>, notice:<eventId>:office) so nothing can write it twice; a digest notice waits for the daily run, which sends
// each person one email with what waited and marks it taken, so a rerun finds nothing.
import { createHash } from "node:crypto";
import type { Db, Tx } from "../../db/open-database.ts";
import { enqueue, type NewEmail, wakeSender } from "../../email/outbox.ts";
import type { Actor } from "../../shared/actor.ts";
import { fromDbDate, fromDbDateOrNull, shanghaiToday } from "../../shared/calendar-date.ts";
import { ConflictError } from "../../shared/errors.ts";
import { formatDateTime } from "../../shared/locale.ts";
import { outboxStatusNames } from "../outbox/service.ts";
import {
  type Delivery,
  deliveryNames,
  kindsFor,
  type NoticeKind,
  type NoticePrefs,
  noticeAudience,
  noticeKindNames,
  noticeKinds,
  readPrefs,
} from "./kinds.ts";
import { buildNotice, buildNoticeDigest, type NoticeFacts } from "./messages.ts";
import {
  createNotices,
  deleteNoticesOfTasks,
  findLatestExtension,
  findNoticePrefs,
  findNoticeTask,
  findReportForNotice,
  findUnitName,
  listNoticesOfTask,
  listNoticeUnits,
  listOfficeAccounts,
  listWaitingDigestNotices,
  takeNoticesForDigest,
  updateNoticePrefs,
} from "./repository.ts";

// The site's address for the links in at-once notices. Task use cases take plain values and run inside their
// own transaction, where no request (and no config) is at hand; PUBLIC_URL is one per installation and read once
// at boot, so buildApp hands it over here, as it configures the templates. The digest run is given it directly.
let linkBase = "http://127.0.0.1:3000";

export function setNoticeLinkBase(publicUrl: string): void {
  linkBase = publicUrl.replace(/\/$/, "");
}

/** The event a notice reports, as the task use case just wrote it. */
export type NoticeEvent = { id: bigint; taskId: number; note: string | null; after?: unknown };

type Recipient = Awaited<ReturnType<typeof listOfficeAccounts>>[number];

const noAddress = (name: string) =>
  `该账号没有邮箱地址（${name}），通知未能发出；请在账号管理中补充邮箱，此后的通知将发往该邮箱`;

const unitUnreachable = (unitName: string) =>
  `${unitName}没有联系邮箱，也没有填写邮箱的账号，通知未能发出；请在单位管理中填写联系邮箱或为其账号补充邮箱，此后的通知将发往这些地址`;

const officeUnreachable =
  "督查室没有填写邮箱的账号，通知未能发出；请在账号管理中为督查室账号补充邮箱，此后的通知将发往这些地址";

/** One notice to write, with the email that carries it unless it waits for the digest. */
type Planned = {
  userId: number | null;
  unitId: number | null;
  to: string[];
  salutation: string;
  unitRole?: "lead" | "co";
  digest: boolean;
  dedupeKey: string;
  failedBecause?: string;
};

/**
 * Tells everyone `kind` concerns about `event`, inside the transaction that recorded it. Call it once per event
 * from the use case, after the event row is written; run the use case with transactionWithNotices so at-once
 * mail leaves as soon as it commits.
 *
 * Every unit concerned hears: its accounts with an address each get their own notice (at once or in their
 * digest, as they chose); a unit none of whose accounts has an address gets one at-once email to its contact
 * addresses (the same fallback the reminders use, src/reminders/urges.ts); a unit with neither gets one failed
 * row naming it, so 邮件 and the task page show who was not told. An account without an address gets its own
 * failed row only when its unit has no contact address either: otherwise the unit's mailbox is where the office
 * has said its mail goes, and a row per such account would only bury the failures that matter.
 */
export async function notifyEvent(
  tx: Tx,
  actor: Actor,
  event: NoticeEvent,
  kind: NoticeKind,
  now: Date,
): Promise<void> {
  const task = await findNoticeTask(tx, event.taskId);
  if (!task || task.leadUnitId === null) return;
  // A report by the lead unit itself is nobody else's news; only a co-unit's goes to the lead unit.
  if (kind === "co_report" && actor.unitId === task.leadUnitId) return;
  const coUnitIds = task.coUnits.map((c) => c.unitId);
  const unitIds =
    kind === "handout" || kind === "returned" || kind === "instruction" || kind === "repeat"
      ? [...new Set([task.leadUnitId, ...coUnitIds])]
      : [task.leadUnitId];
  const planned =
    noticeAudience[kind] === "office"
      ? planOfficeNotices(await listOfficeAccounts(tx), actor, event.id, kind)
      : planUnitNotices(await listNoticeUnits(tx, unitIds), actor, event.id, kind, task.leadUnitId);
  if (planned.length === 0) return;

  const facts = await factsOf(tx, actor, event, kind, task);
  const emails: NewEmail[] = [];
  const notices: { plan: Planned; line: string }[] = [];
  for (const plan of planned) {
    const message = buildNotice({ ...facts, unitRole: plan.unitRole }, plan.salutation, linkBase);
    if (!plan.digest) {
      emails.push({
        kind: "notice",
        to: plan.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        dedupeKey: plan.dedupeKey,
        nextAttemptAt: now,
        ...(plan.failedBecause ? { failedBecause: plan.failedBecause } : {}),
      });
    }
    notices.push({ plan, line: message.line });
  }
  const rows = emails.length ? await enqueue(tx, emails) : [];
  const ids = new Map(rows.map((row) => [row.dedupeKey, row.id]));
  await createNotices(
    tx,
    notices.map(({ plan, line }) => ({
      eventId: event.id,
      taskId: task.id,
      userId: plan.userId,
      unitId: plan.unitId,
      kind,
      digest: plan.digest,
      line,
      outboxId: ids.get(plan.dedupeKey) ?? null,
      // The app's clock, as the event's own dates: the digest says when each thing happened.
      createdAt: now,
    })),
  );
}

/** A person's own notice: at once or for their digest as they chose; failed at once when they have no address. */
function personal(r: Recipient, eventId: bigint, kind: NoticeKind, unitRole?: "lead" | "co"): Planned {
  const atOnce = readPrefs(r.noticePrefs)[kind] === "now";
  return {
    userId: r.id,
    unitId: null,
    to: r.email ? [r.email] : [],
    salutation: salutation(r),
    ...(unitRole ? { unitRole } : {}),
    digest: !!r.email && !atOnce,
    dedupeKey: `notice:${eventId}:${r.id}`,
    ...(r.email ? {} : { failedBecause: noAddress(r.name) }),
  };
}

function planUnitNotices(
  units: Awaited<ReturnType<typeof listNoticeUnits>>,
  actor: Actor,
  eventId: bigint,
  kind: NoticeKind,
  leadUnitId: number,
): Planned[] {
  const planned: Planned[] = [];
  for (const unit of units) {
    const unitRole = unit.id === leadUnitId ? "lead" : "co";
    // The actor counts as one who has heard: a unit whose only addressed account did this itself is told.
    if (unit.users.some((u) => u.email)) {
      for (const r of unit.users) {
        if (r.id === actor.id || (!r.email && unit.emails.length > 0)) continue;
        planned.push(personal(r, eventId, kind, unitRole));
      }
      continue;
    }
    const mailbox = [...new Set(unit.emails)];
    planned.push({
      userId: null,
      unitId: unit.id,
      to: mailbox,
      salutation: unit.name,
      unitRole,
      digest: false,
      dedupeKey: `notice:${eventId}:unit:${unit.id}`,
      ...(mailbox.length ? {} : { failedBecause: unitUnreachable(unit.name) }),
    });
  }
  return planned;
}

function planOfficeNotices(
  accounts: Recipient[],
  actor: Actor,
  eventId: bigint,
  kind: NoticeKind,
): Planned[] {
  const addressed = accounts.filter((a) => a.email);
  if (addressed.length === 0) {
    return [
      {
        userId: null,
        unitId: null,
        to: [],
        salutation: "督查室",
        digest: false,
        dedupeKey: `notice:${eventId}:office`,
        failedBecause: officeUnreachable,
      },
    ];
  }
  return addressed.filter((a) => a.id !== actor.id).map((a) => personal(a, eventId, kind));
}

function salutation(r: Recipient): string {
  return `${r.name}同志`;
}

async function factsOf(
  tx: Tx,
  actor: Actor,
  event: NoticeEvent,
  kind: NoticeKind,
  task: NonNullable<Awaited<ReturnType<typeof findNoticeTask>>>,
): Promise<NoticeFacts> {
  const facts: NoticeFacts = {
    kind,
    taskId: task.id,
    title: task.title,
    deadline: fromDbDateOrNull(task.deadline),
    ongoing: task.ongoing,
    actorName: actor.name,
    unitName: actor.unitName,
    note: event.note,
  };
  if (kind === "co_report" || kind === "completion_requested") {
    const reportId = (event.after as { reportId?: unknown } | null)?.reportId;
    const report = typeof reportId === "number" ? await findReportForNotice(tx, reportId) : null;
    facts.note = report?.body ?? null;
    if (!facts.unitName && actor.unitId)
      facts.unitName = (await findUnitName(tx, actor.unitId))?.name ?? null;
  }
  if (kind === "repeat") facts.repeatCount = task.repeatCount;
  if (kind === "extension_requested" || kind === "extension_decided") {
    const request = await findLatestExtension(tx, task.id);
    if (request) {
      facts.requestedDeadline = fromDbDate(request.requestedDeadline);
      facts.approved = request.status === "approved";
      if (kind === "extension_requested") {
        facts.deadline = fromDbDateOrNull(request.originalDeadline);
        facts.note = request.reason;
      } else {
        facts.note = request.decisionNote;
      }
    }
  }
  return facts;
}

/** Runs a use case's transaction and, once it has committed, wakes the sender for the notices it enqueued. */
export async function transactionWithNotices<T>(db: Db, run: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await db.$transaction(run);
  wakeSender();
  return result;
}

type WaitingNotice = Awaited<ReturnType<typeof listWaitingDigestNotices>>[number];
type PersonsNotice = WaitingNotice & { user: NonNullable<WaitingNotice["user"]> };

export type NoticeDigestRun = { digests: number; notices: number };

/**
 * The daily digest of workflow notices: one email per person with every notice that waits for it, written with
 * the notices marked as taken in one transaction, so a rerun (the same day or after a crash) adds nothing. Part
 * of the daily reminder run (src/jobs/reminder-schedule.ts), under its once-a-day claim.
 */
export async function sendNoticeDigests(
  db: Db,
  options: { now: Date; publicUrl: string },
): Promise<NoticeDigestRun> {
  const today = shanghaiToday(options.now);
  const run = await db.$transaction(
    async (tx) => {
      const waiting = await listWaitingDigestNotices(tx);
      const byUser = new Map<number, PersonsNotice[]>();
      for (const n of waiting) {
        const user = n.user;
        // Only a person's notice waits for a digest; a unit's mailbox is written to at once.
        if (!user) continue;
        const list = byUser.get(user.id);
        if (list) list.push({ ...n, user });
        else byUser.set(user.id, [{ ...n, user }]);
      }
      const emails: NewEmail[] = [];
      for (const [userId, list] of byUser) {
        const user = list[0]!.user;
        const message = buildNoticeDigest({
          recipientName: `${user.name}同志`,
          notices: list.map((n) => ({
            kind: n.kind as NoticeKind,
            taskId: n.task.id,
            title: n.task.title,
            line: n.line,
            at: formatDateTime(n.createdAt),
          })),
          publicUrl: options.publicUrl,
          today,
        });
        emails.push({
          kind: "notice_digest",
          to: user.email ? [user.email] : [],
          ...message,
          dedupeKey: `notice-digest:${userId}:${today}:${fingerprint(list.map((n) => n.id))}`,
          nextAttemptAt: options.now,
          ...(user.email ? {} : { failedBecause: noAddress(user.name) }),
        });
      }
      const rows = emails.length ? await enqueue(tx, emails) : [];
      const ids = new Map(rows.map((row) => [row.dedupeKey, row.id]));
      for (const [i, list] of [...byUser.values()].entries()) {
        const taken = await takeNoticesForDigest(
          tx,
          list.map((n) => n.id),
          ids.get(emails[i]!.dedupeKey)!,
        );
        if (taken !== list.length) throw new ConflictError("每日汇总正由另一进程生成");
      }
      return { digests: rows.length, notices: waiting.length };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  if (run.digests > 0) wakeSender();
  return run;
}

function fingerprint(ids: number[]): string {
  return createHash("sha256").update(ids.join(",")).digest("hex").slice(0, 16);
}

/** Who was told of what on a task, and how their mail went: the task page's 通知记录. */
export async function listTaskNotices(db: Db, taskId: number) {
  const rows = await listNoticesOfTask(db, taskId);
  return rows.map((n) => ({
    when: formatDateTime(n.createdAt),
    to: n.user
      ? `${n.user.name}${n.user.unit ? `（${n.user.unit.name}）` : ""}`
      : n.unit
        ? `${n.unit.name}${n.outbox?.toAddresses.length ? "（单位联系邮箱）" : ""}`
        : "督查室",
    about: noticeKindNames[n.kind as NoticeKind] ?? n.kind,
    how: n.digest ? deliveryNames.digest : deliveryNames.now,
    status: n.outbox
      ? (outboxStatusNames[n.outbox.status as keyof typeof outboxStatusNames] ?? n.outbox.status)
      : "等待每日汇总",
    sentAt: n.outbox?.sentAt ? formatDateTime(n.outbox.sentAt) : null,
    error: n.outbox?.lastError && n.outbox.status !== "sent" ? n.outbox.lastError : null,
  }));
}

/** The 我的账号 choices: each kind this person can receive, with how it reaches them now. */
export async function noticePreferencesOf(db: Db, actor: Actor) {
  const prefs = readPrefs((await findNoticePrefs(db, actor.id))?.noticePrefs);
  return kindsFor(actor.role).map((kind) => ({ kind, name: noticeKindNames[kind], delivery: prefs[kind] }));
}

/** Saves this person's choices for the kinds their role receives; kinds not given keep what they were. */
export async function saveNoticePreferences(
  db: Db,
  actor: Actor,
  choices: Partial<Record<NoticeKind, Delivery>>,
) {
  const prefs = readPrefs((await findNoticePrefs(db, actor.id))?.noticePrefs);
  for (const kind of kindsFor(actor.role)) {
    const choice = choices[kind];
    if (choice) prefs[kind] = choice;
  }
  await updateNoticePrefs(db, actor.id, prefs);
}

/** Every kind held for the digest: accounts that must not get mail at once while they are being set up. */
export const quietNoticePrefs: NoticePrefs = Object.fromEntries(
  noticeKinds.map((k) => [k, "digest"]),
) as NoticePrefs;

/** Forgets the notices of these tasks and their unsent mail (the demo seed's hand-outs, which no one should get). */
export function discardNoticesOfTasks(db: Db, taskIds: number[]) {
  return db.$transaction((tx) => deleteNoticesOfTasks(tx, taskIds));
}
