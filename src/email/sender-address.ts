import type { FastifyBaseLogger } from "fastify";
import type { Config } from "../config.ts";
import type { Db } from "../db/open-database.ts";
import { loadReminderSettings } from "../features/settings/service.ts";
import { type DrainOptions, drainOutbox, hostOfAddress, type Mailer } from "./mailer.ts";

/** The From of every email: the office's setting when it has one, else MAIL_FROM. */
export async function mailFrom(db: Db, config: Config): Promise<string> {
  return (await loadReminderSettings(db)).senderAddress || config.mailFrom;
}

/**
 * What every sender of this installation passes to drainOutbox: the From, and the host of PUBLIC_URL for the
 * Message-IDs (stable, unlike a From the office may change; MAIL_FROM's domain when PUBLIC_URL has no name).
 */
export async function senderOptions(db: Db, config: Config): Promise<DrainOptions> {
  const host = new URL(config.publicUrl).hostname;
  return { from: await mailFrom(db, config), messageIdHost: host || hostOfAddress(config.mailFrom) };
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
  void senderOptions(db, config)
    .then((options) => drainOutbox(db, mailer, options))
    .catch((err) => log.error({ err }, "sending the outbox failed"));
}
