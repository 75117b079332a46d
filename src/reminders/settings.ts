// What the reminder job does, as the office has set it. Stored as one JSON row in `settings`; every field has a
// default from product.md so a new installation reminds sensibly without anyone touching the page.
import { z } from "zod";
import type { Db, Tx } from "../db/open-database.ts";
import { type Actor, requireRole } from "../shared/actor.ts";
import { InvalidInputError } from "../shared/errors.ts";
import { findSetting, saveSetting } from "./repository.ts";

export const reminderSettingsSchema = z.object({
  /** Days before the deadline on which "due soon" is sent. */
  dueSoonDays: z.array(z.number().int().min(1).max(60)).max(6),
  /** Overdue: the day after the deadline, then every K days. */
  overdueEveryDays: z.number().int().min(1).max(30),
  /** Overdue more than E days: the leader in charge and the office are told too. */
  escalateAfterDays: z.number().int().min(1).max(90),
  /** Count the windows above in working days instead of calendar days. */
  countWorkdays: z.boolean(),
  /** Not signed for within this many working days of 交办. */
  signWithinWorkdays: z.number().int().min(1).max(10),
  /** Cron time of day in Asia/Shanghai, "HH:MM". */
  runAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  /** Run only on official working days (holidays and weekends skipped, 调休 days included). */
  workdaysOnly: z.boolean(),
  /** Sender shown on reminder emails; empty means the MAIL_FROM setting. */
  senderAddress: z.string().max(200),
});

export type ReminderSettings = z.output<typeof reminderSettingsSchema>;

export const defaultReminderSettings: ReminderSettings = {
  dueSoonDays: [7, 3, 1],
  overdueEveryDays: 3,
  escalateAfterDays: 7,
  countWorkdays: false,
  signWithinWorkdays: 2,
  runAt: "08:30",
  workdaysOnly: true,
  senderAddress: "",
};

/** The stored value merged over the defaults; a value that no longer validates falls back to the default. */
export function readReminderSettings(stored: unknown): ReminderSettings {
  const merged = { ...defaultReminderSettings, ...(typeof stored === "object" && stored ? stored : {}) };
  const parsed = reminderSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : defaultReminderSettings;
}

/** "08:30" → the node-cron expression for that time every day (the job itself skips non-working days). */
export function cronOf(settings: ReminderSettings): string {
  const [hh, mm] = settings.runAt.split(":").map(Number);
  return `${mm} ${hh} * * *`;
}

const settingKey = "reminders";

export async function loadReminderSettings(db: Tx): Promise<ReminderSettings> {
  return readReminderSettings((await findSetting(db, settingKey))?.value);
}

/** The settings page: the office only. */
export async function getReminderSettings(db: Db, actor: Actor) {
  requireRole(actor, "office");
  return loadReminderSettings(db);
}

export async function updateReminderSettings(db: Db, actor: Actor, input: ReminderSettings) {
  requireRole(actor, "office");
  const parsed = reminderSettingsSchema.safeParse(input);
  if (!parsed.success) throw new InvalidInputError("提醒设置有误");
  await saveSetting(db, settingKey, parsed.data);
}
