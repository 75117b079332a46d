import type { Config } from "../config.ts";
import type { Db } from "../db/open-database.ts";
import { loadReminderSettings } from "../features/settings/service.ts";

/** The From of every email: the office's setting when it has one, else MAIL_FROM. */
export async function mailFrom(db: Db, config: Config): Promise<string> {
  return (await loadReminderSettings(db)).senderAddress || config.mailFrom;
}
