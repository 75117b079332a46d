// One reminder email per recipient per run: every item they must know about, grouped by kind, each linking to
// its task page, including what an earlier digest to them could not deliver.

import { formatDate } from "../shared/calendar-date.ts";
import { renderTemplate } from "../shared/templates.ts";
import { type ReminderKind, reminderKindNames, reminderKinds } from "./plan.ts";

export type DigestItem = {
  kind: ReminderKind;
  taskId: number;
  title: string;
  unitName: string | null;
  deadline: string | null;
  daysOverdue?: number;
  /** The day this reminder was first due to go out, when it comes from an earlier digest that was not delivered. */
  carriedFrom?: string;
};

export type Digest = { subject: string; text: string; html: string };

/** How many items of one kind an email lists before "另有 N 项". */
export const maxListed = 30;

/** A kind's part of a digest: how many lines it has in all and the first `maxListed` of them. */
export type DigestGroup = { kind: ReminderKind; total: number; items: DigestItem[] };

/**
 * What a digest says, counted: its groups in kind order, how many tasks and overdue tasks it names, and how many
 * reminders it carries from undelivered digests. The daily run counts these in SQL; `buildDigest` from items.
 */
export type DigestSummary = {
  recipientName: string;
  publicUrl: string;
  today: string;
  groups: DigestGroup[];
  /** Tasks named, each once whatever its kinds. */
  count: number;
  /** Tasks named as overdue or escalated. */
  overdue: number;
  /** Items carried over from undelivered digests, before one line per task and kind is kept. */
  carried: number;
};

export function buildDigest(input: {
  recipientName: string;
  items: DigestItem[];
  publicUrl: string;
  today: string;
}): Digest {
  const items = onePerTask(input.items);
  return renderDigest({
    recipientName: input.recipientName,
    publicUrl: input.publicUrl,
    today: input.today,
    groups: reminderKinds.map((kind) => {
      const all = items.filter((i) => i.kind === kind);
      return { kind, total: all.length, items: all.slice(0, maxListed) };
    }),
    count: new Set(items.map((i) => i.taskId)).size,
    overdue: new Set(
      items.filter((i) => i.kind === "overdue" || i.kind === "escalation").map((i) => i.taskId),
    ).size,
    carried: input.items.filter((i) => i.carriedFrom).length,
  });
}

export function renderDigest(input: DigestSummary): Digest {
  const { count, overdue, carried } = input;
  // A long list is cut: the email says how many more there are and links to the app for the rest.
  const groups = [...input.groups]
    .sort((a, b) => reminderKinds.indexOf(a.kind) - reminderKinds.indexOf(b.kind))
    .filter((g) => g.total > 0)
    .map((g) => ({
      kind: g.kind,
      name: reminderKindNames[g.kind],
      total: g.total,
      items: g.items.slice(0, maxListed),
      more: Math.max(0, g.total - maxListed),
    }));
  const subject = `【督办提醒】${count} 项督办事项需要关注${overdue > 0 ? `，其中 ${overdue} 项已逾期` : ""}`;
  const link = (taskId: number) => `${input.publicUrl}/tasks/${taskId}`;
  const line = (i: DigestItem) =>
    [
      `- ${i.title}`,
      i.unitName ? `（牵头：${i.unitName}）` : "",
      i.deadline ? `，完成时限：${formatDate(i.deadline)}` : "",
      i.daysOverdue ? `，已逾期 ${i.daysOverdue} 天` : "",
      i.carriedFrom ? `（原应于${formatDate(i.carriedFrom)}提醒）` : "",
      `\n  ${link(i.taskId)}`,
    ].join("");
  const text = [
    `${input.recipientName}：`,
    "",
    `截至${formatDate(input.today)}，以下督办事项需要您关注：`,
    ...(carried ? [carriedNote(carried)] : []),
    ...groups.flatMap((g) => [
      "",
      `【${g.name}】${g.total} 项`,
      ...g.items.map(line),
      ...(g.more ? [`……另有 ${g.more} 项，请登录督办系统查看`] : []),
    ]),
    "",
    `请登录督办系统办理：${input.publicUrl}`,
    "本邮件由系统自动发送，请勿直接回复。",
  ].join("\n");
  return {
    subject,
    text,
    html: renderTemplate("emails/digest.html.eta", {
      recipientName: input.recipientName,
      publicUrl: input.publicUrl,
      today: input.today,
      groups,
      link,
      note: carried ? carriedNote(carried) : "",
    }),
  };
}

function carriedNote(n: number): string {
  return `此前有 ${n} 条提醒因邮件发送故障未能送达，已合并到本邮件中。`;
}

/**
 * One line per task and kind. A run that covers several days, or a digest carrying an undelivered one, can hold
 * the same reminder for more than one day; today's wins, else the latest (the most days overdue).
 */
function onePerTask(items: DigestItem[]): DigestItem[] {
  const rank = (i: DigestItem) => [i.carriedFrom ? 0 : 1, i.carriedFrom ?? "", i.daysOverdue ?? 0] as const;
  const later = (a: DigestItem, b: DigestItem) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] !== y[0] ? x[0] > y[0] : x[1] !== y[1] ? x[1] > y[1] : x[2] > y[2];
  };
  const byKey = new Map<string, DigestItem>();
  for (const item of items) {
    const key = `${item.kind}|${item.taskId}`;
    const seen = byKey.get(key);
    if (!seen || later(item, seen)) byKey.set(key, item);
  }
  return [...byKey.values()];
}
