// The SMTP side: a pooled nodemailer transport, and the sender that drains the outbox through it.
import nodemailer from "nodemailer";
import type { Db } from "../db/open-database.ts";
import { claimDueEmails, markEmail } from "./repository.ts";

export type OutgoingMail = {
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
};
export type Mailer = { send: (mail: OutgoingMail) => Promise<void>; close: () => void };

export function createMailer(smtpUrl: string): Mailer {
  // Pooled connections reused across a batch (options in the URL: the second argument would be message defaults).
  const url = new URL(smtpUrl);
  url.searchParams.set("pool", "true");
  url.searchParams.set("maxConnections", "2");
  const transport = nodemailer.createTransport(url.toString());
  return {
    send: async (mail) => {
      await transport.sendMail({ ...mail, cc: mail.cc.length ? mail.cc : undefined });
    },
    close: () => transport.close(),
  };
}

/** Minutes to wait before the n-th retry: 1, 5, 15, 60, then every 4 hours. */
const backoffMinutes = [1, 5, 15, 60, 240];
export const maxAttempts = 12;

/** A 5xx reply (mailbox unknown, address refused) will not get better by waiting; anything else might. */
export function isPermanent(error: unknown): boolean {
  const e = error as { responseCode?: number; code?: string; rejectedErrors?: { responseCode?: number }[] };
  const codes = [e.responseCode, ...(e.rejectedErrors ?? []).map((r) => r.responseCode)].filter(
    (c): c is number => typeof c === "number",
  );
  if (codes.length > 0) return codes.every((c) => c >= 500);
  return e.code === "EENVELOPE";
}

function describe(error: unknown): string {
  const e = error as { response?: string; message?: string; code?: string };
  return (e.response ?? e.message ?? String(error)).slice(0, 500);
}

export type DrainResult = { sent: number; retried: number; failed: number };

/**
 * Sends every due outbox row once. A row is claimed before sending, so two senders never send it twice;
 * temporary failures are retried with backoff, permanent ones are marked failed with the reason, and a
 * failure never touches other rows.
 */
export async function drainOutbox(
  db: Db,
  mailer: Mailer,
  options: { from: string; now?: () => Date; batchSize?: number },
): Promise<DrainResult> {
  const now = options.now ?? (() => new Date());
  const result: DrainResult = { sent: 0, retried: 0, failed: 0 };
  for (;;) {
    const at = now();
    const batch = await claimDueEmails(db, at, new Date(at.getTime() + 5 * 60_000), options.batchSize ?? 50);
    if (batch.length === 0) return result;
    for (const row of batch) {
      try {
        await mailer.send({
          from: options.from,
          to: row.to_addresses,
          cc: row.cc_addresses,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
        });
        await markEmail(db, row.id, { status: "sent", sentAt: now(), lastError: null });
        result.sent++;
      } catch (error) {
        const permanent = isPermanent(error) || row.attempts >= maxAttempts;
        const wait = backoffMinutes[Math.min(row.attempts - 1, backoffMinutes.length - 1)]!;
        await markEmail(db, row.id, {
          status: permanent ? "failed" : "pending",
          lastError: describe(error),
          nextAttemptAt: new Date(now().getTime() + wait * 60_000),
        });
        if (permanent) result.failed++;
        else result.retried++;
      }
    }
  }
}
