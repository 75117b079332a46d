// The SMTP transport: a pooled nodemailer connection, what its failures mean, and nothing about the outbox.
import nodemailer from "nodemailer";

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

/** `督办系统 <duban@example.gov.cn>` → `example.gov.cn`. */
export function hostOfAddress(address: string): string {
  const match = /@([^\s<>@]+?)>?\s*$/.exec(address);
  return match?.[1]?.toLowerCase() ?? "duban.localhost";
}
