// The outbox: the one way anything sends mail. `enqueue` writes rows (inside the caller's transaction, so a
// notice and the change it reports commit together); the sender drains them through the transport, woken by the
// outbox job's tick or at once by `wakeSender` after a commit.
import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../db/open-database.ts";
import {
  claimNextEmail,
  countOutbox,
  countOutboxByStatus,
  countUnaddressedFailed,
  createOutboxEmails,
  findOutboxIds,
  isUnaddressedEmail,
  listOutbox,
  markEmail,
  renewClaim,
  retryAllFailedEmails,
  retryFailedEmail,
} from "./repository.ts";
import { classifyFailure, hostOfAddress, type Mailer } from "./transport.ts";

export type NewEmail = {
  kind: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html: string;
  /** One row per key: a second enqueue of the same reminder or notice is refused by the unique index. */
  dedupeKey: string;
  nextAttemptAt?: Date;
  /**
   * Why this mail cannot be sent at all (the person has no address): the row is written failed with this
   * reason, so 邮件 shows who did not hear of what instead of nothing being written.
   */
  failedBecause?: string;
};

/** Writes outbox rows; returns their ids in order, with their dedupe keys. */
export function enqueue(tx: Tx, emails: NewEmail[]) {
  return createOutboxEmails(tx, emails.map(toRow));
}

function toRow(e: NewEmail) {
  return {
    kind: e.kind,
    toAddresses: e.to,
    ccAddresses: e.cc ?? [],
    subject: e.subject,
    textBody: e.text,
    htmlBody: e.html,
    dedupeKey: e.dedupeKey,
    ...(e.nextAttemptAt ? { nextAttemptAt: e.nextAttemptAt } : {}),
    ...(e.failedBecause ? { status: "failed" as const, lastError: e.failedBecause } : {}),
  };
}

/**
 * Writes the outbox rows whose dedupe key is new and leaves the others as they are (ON CONFLICT DO NOTHING), so
 * a run retried or racing another enqueues each mail once. Returns every email's row id, and whether this call
 * wrote it.
 */
export async function enqueueOnce(
  tx: Tx,
  emails: NewEmail[],
): Promise<{ dedupeKey: string; id: number; written: boolean }[]> {
  if (emails.length === 0) return [];
  const written = await createOutboxEmails(tx, emails.map(toRow), { skipDuplicates: true });
  const fresh = new Map(written.map((r) => [r.dedupeKey, r.id]));
  const missing = emails.map((e) => e.dedupeKey).filter((k) => !fresh.has(k));
  const existing = new Map(
    (missing.length ? await findOutboxIds(tx, missing) : []).map((r) => [r.dedupeKey, r.id]),
  );
  return emails.map((e) => ({
    dedupeKey: e.dedupeKey,
    id: fresh.get(e.dedupeKey) ?? existing.get(e.dedupeKey)!,
    written: fresh.has(e.dedupeKey),
  }));
}

const noRecipient = "这封邮件没有收件地址，无法发送；请先补充邮箱";

/** Minutes to wait before the n-th retry: 1, 5, 15, then hourly for as long as it takes. */
const backoffMinutes = [1, 5, 15, 60];

export function retryDelayMinutes(attempts: number): number {
  return backoffMinutes[Math.min(Math.max(attempts, 1) - 1, backoffMinutes.length - 1)]!;
}

export type DrainResult = { sent: number; retried: number; failed: number; lostClaims: number };

export type DrainOptions = {
  from: string;
  /** The app's clock: when a row is due and when it was sent. Claims run on the database's clock. */
  now?: () => Date;
  /** The right-hand side of Message-IDs; the From address's domain when not given. */
  messageIdHost?: string;
};

/**
 * Sends every due outbox row, one row per claim. The claim (a token and an expiry on the database's clock) is
 * renewed while the message is in flight, so however slow the server, no other sender takes the row over unless
 * this one died; a row is marked only under its own claim, so a sender that lost it changes nothing. Temporary
 * failures are retried with backoff capped at an hour, for as long as it takes; permanent ones are marked failed
 * with the server's answer. One row's failure never touches another.
 */
export async function drainOutbox(db: Db, mailer: Mailer, options: DrainOptions): Promise<DrainResult> {
  const now = options.now ?? (() => new Date());
  const claimMs = mailer.claimMs;
  const messageIdHost = options.messageIdHost ?? hostOfAddress(options.from);
  const result: DrainResult = { sent: 0, retried: 0, failed: 0, lostClaims: 0 };
  for (;;) {
    const token = randomUUID();
    const row = await claimNextEmail(db, { now: now(), token, claimMs, messageIdHost });
    if (!row) return result;
    const renewal = setInterval(() => {
      renewClaim(db, row.id, token, claimMs).catch(() => {
        // A renewal that fails (the database away for a moment) is tried again at the next interval; the claim
        // outlasts two missed renewals.
      });
    }, claimMs / 3);
    let marked: boolean;
    if (row.to_addresses.length === 0 && row.cc_addresses.length === 0) {
      // Never written so (an unaddressed row is written failed and retry refuses it), but were one to come
      // due, it fails here in words the office reads, not with the transport's English.
      clearInterval(renewal);
      marked = await markEmail(db, row.id, token, { status: "failed", lastError: noRecipient });
      if (marked) result.failed++;
      else result.lostClaims++;
      continue;
    }
    try {
      const { rejected } = await mailer.send({
        from: options.from,
        to: row.to_addresses,
        cc: row.cc_addresses,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        messageId: row.message_id,
      });
      clearInterval(renewal);
      // Some recipients refused, others took it: the row is sent, and 邮件 shows who did not get it and why.
      const lastError = rejected.length
        ? `部分收件人被拒收：${rejected.map((r) => `${r.address}（${r.reason}）`).join("；")}`.slice(0, 500)
        : null;
      marked = await markEmail(db, row.id, token, { status: "sent", sentAt: now(), lastError });
      if (marked) result.sent++;
    } catch (error) {
      clearInterval(renewal);
      const failure = classifyFailure(error);
      marked = await markEmail(
        db,
        row.id,
        token,
        failure.permanent
          ? { status: "failed", lastError: failure.reason }
          : {
              status: "pending",
              lastError: failure.reason,
              nextAttemptAt: new Date(now().getTime() + retryDelayMinutes(row.attempts) * 60_000),
            },
      );
      if (marked && failure.permanent) result.failed++;
      else if (marked) result.retried++;
    }
    if (!marked) result.lostClaims++;
  }
}

// Wakes every sender of this process after mail was enqueued and committed. Several senders (two apps in one test
// process) each drain their own database; a wake that finds nothing due costs one query.
const wakeListeners = new Set<() => void>();

/** Call after the transaction that enqueued mail has committed: the sender sends now instead of at its tick. */
export function wakeSender(): void {
  for (const listener of wakeListeners) listener();
}

export type Sender = {
  /** Drains now; a call while a drain runs makes that drain go round once more instead of starting another. */
  drain: () => Promise<DrainResult>;
  stop: () => Promise<void>;
};

/** One sender per process and database, shared by the outbox job and the wake signal. */
export function createSender(
  db: Db,
  mailer: Mailer,
  options: () => Promise<DrainOptions>,
  onError: (err: unknown) => void,
): Sender {
  let running: Promise<DrainResult> | null = null;
  let again = false;
  const empty: DrainResult = { sent: 0, retried: 0, failed: 0, lostClaims: 0 };
  const drain = (): Promise<DrainResult> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      const total = { ...empty };
      do {
        again = false;
        const r = await drainOutbox(db, mailer, await options());
        total.sent += r.sent;
        total.retried += r.retried;
        total.failed += r.failed;
        total.lostClaims += r.lostClaims;
      } while (again);
      return total;
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const onWake = () => {
    drain().catch(onError);
  };
  wakeListeners.add(onWake);
  return {
    drain,
    stop: async () => {
      wakeListeners.delete(onWake);
      await running?.catch(() => undefined);
    },
  };
}

export const outboxStatuses = ["pending", "sending", "sent", "failed", "superseded"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * The latest rows (of one status, or all), how many there are of each status, and how many failed ones a retry
 * can send (those with an address).
 */
export async function listOutboxRows(db: Db, status: OutboxStatus | null, take: number) {
  const [rows, counts, unaddressed] = await Promise.all([
    listOutbox(db, status ? { status } : {}, take),
    countOutboxByStatus(db),
    countUnaddressedFailed(db),
  ]);
  const byStatus = Object.fromEntries(outboxStatuses.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  for (const c of counts) byStatus[c.status as OutboxStatus] = c._count._all;
  return { rows, byStatus, retryable: byStatus.failed - unaddressed };
}

/** How many rows have this status: what /outbox?status=… lists. */
export function countOutboxRows(db: Db, status: OutboxStatus): Promise<number> {
  return countOutbox(db, { status });
}

export type RetryOutcome = "retried" | "not_failed" | "no_address";

/**
 * Puts one failed row back in the queue and wakes the sender. A row with no address at all is left as it is
 * (the retry sends to the row's own addresses, so it could only fail again); the caller says why.
 */
export async function retryFailed(db: Db, id: number, now: Date): Promise<RetryOutcome> {
  if (await retryFailedEmail(db, id, now)) {
    wakeSender();
    return "retried";
  }
  return (await isUnaddressedEmail(db, id)) ? "no_address" : "not_failed";
}

/** Puts every failed row that has an address back in the queue and wakes the sender; how many, and how many not. */
export async function retryAllFailed(db: Db, now: Date): Promise<{ retried: number; unaddressed: number }> {
  const retried = await retryAllFailedEmails(db, now);
  if (retried > 0) wakeSender();
  return { retried, unaddressed: await countUnaddressedFailed(db) };
}
