// The SMTP side: a pooled nodemailer transport, and the sender that drains the outbox through it.
import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import type { Db } from "../db/open-database.ts";
import { claimNextEmail, markEmail, renewClaim } from "./repository.ts";

export type OutgoingMail = {
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  /** `<…@host>`; the same on every attempt of one outbox row. */
  messageId?: string;
};

/** Recipients the server refused while it accepted the message for the others, with its answer for each. */
export type SendResult = { rejected: { address: string; reason: string }[] };

export type Mailer = {
  send: (mail: OutgoingMail) => Promise<SendResult>;
  close: () => void;
  /** How long a claim on a row lasts between renewals: well beyond what one step of a send may take. */
  claimMs: number;
};

export type SmtpTimeouts = { connectionMs: number; greetingMs: number; socketMs: number };

/**
 * Explicit, because nodemailer's own socket timeout is ten minutes: a server that stops answering would hold a
 * row (and the sender) that long. Each is per step; a whole send of several commands can take longer, which is
 * why the sender renews its claim while a message is in flight.
 */
export const defaultSmtpTimeouts: SmtpTimeouts = {
  connectionMs: 10_000,
  greetingMs: 10_000,
  socketMs: 30_000,
};

export function createMailer(smtpUrl: string, timeouts: SmtpTimeouts = defaultSmtpTimeouts): Mailer {
  // Pooled connections reused across a run. Settings in SMTP_URL's query string win over these.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 2,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
  });
  return {
    send: async (mail) => {
      const info = await transport.sendMail({ ...mail, cc: mail.cc.length ? mail.cc : undefined });
      const errors = (info.rejectedErrors ?? []) as { recipient?: string; response?: string }[];
      return {
        rejected: (info.rejected ?? []).map((address) => ({
          address,
          reason: errors.find((e) => e.recipient === address)?.response ?? "",
        })),
      };
    },
    close: () => transport.close(),
    // Twice the longest a connection may take to open and answer, plus one silent step.
    claimMs: 2 * (timeouts.connectionMs + timeouts.greetingMs + timeouts.socketMs),
  };
}

/** Minutes to wait before the n-th retry: 1, 5, 15, then hourly for as long as it takes. */
const backoffMinutes = [1, 5, 15, 60];

export function retryDelayMinutes(attempts: number): number {
  return backoffMinutes[Math.min(Math.max(attempts, 1) - 1, backoffMinutes.length - 1)]!;
}

type SmtpError = {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  message?: string;
  rejectedErrors?: { responseCode?: number }[];
};

/**
 * Whether waiting can help. Only the server's 5xx answer about this message (its recipients refused at RCPT TO,
 * the message refused after DATA) or an address nodemailer cannot use is permanent. Everything else is
 * temporary and retried until it goes: no connection, timeouts, 4xx (421, 450, 451, 452, greylisting), and also
 * a refused log-in or sender, which are settings someone will correct, after which every queued message should
 * go without anyone pressing retry.
 */
export function classifyFailure(error: unknown): { permanent: boolean; reason: string } {
  const e = (error ?? {}) as SmtpError;
  const reason = (e.response ?? e.message ?? String(error)).slice(0, 500);
  const fivehundred = (c: number | undefined) => typeof c === "number" && c >= 500 && c < 600 && c !== 503;
  if (e.code === "EENVELOPE" && e.command === "RCPT TO") {
    // Every recipient was refused; if any of them only for now, the message may still reach them later.
    const codes = (e.rejectedErrors ?? []).map((r) => r.responseCode);
    const all = codes.length > 0 ? codes : [e.responseCode];
    return { permanent: all.every(fivehundred), reason };
  }
  if ((e.code === "EENVELOPE" || e.code === "EMESSAGE") && e.command === "DATA") {
    return { permanent: fivehundred(e.responseCode), reason };
  }
  // Checked by nodemailer before anything is sent: no recipient, or an address it cannot write.
  if (e.code === "EENVELOPE" && e.command === "API") return { permanent: true, reason };
  return { permanent: false, reason };
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

/** `督办系统 <duban@example.gov.cn>` → `example.gov.cn`. */
export function hostOfAddress(address: string): string {
  const match = /@([^\s<>@]+?)>?\s*$/.exec(address);
  return match?.[1]?.toLowerCase() ?? "duban.localhost";
}
