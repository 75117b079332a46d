// Who every email comes from. The From is the office's reminder setting when it has one, else MAIL_FROM; the
// Message-ID host is PUBLIC_URL's (stable, unlike a From the office may change).
import type { Config } from "../config.ts";
import type { Db } from "../db/open-database.ts";
import type { DrainOptions } from "../email/outbox.ts";
import { hostOfAddress } from "../email/transport.ts";
import { loadReminderSettings } from "./settings.ts";

export async function mailFrom(db: Db, config: Config): Promise<string> {
  return (await loadReminderSettings(db)).senderAddress || config.mailFrom;
}

/** What every sender of this installation passes to drainOutbox (MAIL_FROM's domain when PUBLIC_URL has no name). */
export async function senderOptions(db: Db, config: Config): Promise<DrainOptions> {
  const host = new URL(config.publicUrl).hostname;
  return { from: await mailFrom(db, config), messageIdHost: host || hostOfAddress(config.mailFrom) };
}
