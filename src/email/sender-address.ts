import type { FastifyBaseLogger } from "fastify";
import type { Config } from "../config.ts";
import type { Db } from "../db/open-database.ts";
import { loadReminderSettings } from "../features/settings/service.ts";
import { drainOutbox, type Mailer } from "./mailer.ts";

/** The From of every email: the office's setting when it has one, else MAIL_FROM. */
export async function mailFrom(db: Db, config: Config): Promise<string> {
  return (await loadReminderSettings(db)).senderAddress || config.mailFrom;
}

/**
 * Drains the outbox now (after 催办 or a retry) instead of at the sender job's next tick, without making the
 * request wait; a failure stays in the outbox for the job to retry.
 */
export function sendSoon(deps: {
  db: Db;
  mailer: Mailer | null;
  config: Config;
  log: FastifyBaseLogger;
}): void {
  const { db, mailer, config, log } = deps;
  if (!mailer) return;
  void mailFrom(db, config)
    .then((from) => drainOutbox(db, mailer, { from }))
    .catch((err) => log.error({ err }, "sending the outbox failed"));
}
