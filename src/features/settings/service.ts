import type { Db, Tx } from "../../db/open-database.ts";
import {
  type ReminderSettings,
  readReminderSettings,
  reminderSettingsSchema,
} from "../../reminders/settings.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { InvalidInputError } from "../../shared/errors.ts";
import { findSetting, saveSetting } from "./repository.ts";

const key = "reminders";

export async function loadReminderSettings(db: Tx): Promise<ReminderSettings> {
  return readReminderSettings((await findSetting(db, key))?.value);
}

export async function getReminderSettings(db: Db, actor: Actor) {
  requireRole(actor, "office");
  return loadReminderSettings(db);
}

export async function updateReminderSettings(db: Db, actor: Actor, input: ReminderSettings) {
  requireRole(actor, "office");
  const parsed = reminderSettingsSchema.safeParse(input);
  if (!parsed.success) throw new InvalidInputError("提醒设置有误");
  await saveSetting(db, key, parsed.data);
}
