// What waits for whom (the home page's queues). Each queue is one ledger filter: the home page counts it and
// the list behind the count (the ledger, or a unit's inbox narrowed to the queue) selects with that very filter.
import type { Db } from "../../db/open-database.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { shanghaiToday, toDbDate } from "../../shared/calendar-date.ts";
import { loadWorkCalendar } from "../../work-calendar/service.ts";
import { queueNames } from "./ledger-words.ts";
import { type LightClock, lightClock, lightOf, signWithinWorkdays } from "./light.ts";
import {
  countTasks,
  listAnsweredInstructionTaskIds,
  listMeetingsWithDrafts,
  listTasksWhere,
  recentQueueDays,
  recentSince,
  type TaskFilter,
} from "./repository.ts";
import { ledgerFilterOf, ledgerQuerySchema } from "./schemas.ts";
import { unitQueueFilter, visibleLedgerWhere } from "./service.ts";

/**
 * Fills in what a queue finds with a query of its own (the tasks whose latest 批示 by this person was answered);
 * every other filter passes through. The ledger, its workbook and the API call this before they filter. The ids
 * go into the filter itself: the ledger's page cache is keyed by the filter and the viewer's scope, and every
 * leader has the same scope, so this is what keeps one leader's answers from being served to another.
 */
export async function resolveQueueFilter(
  db: Db,
  actor: Actor,
  filter: TaskFilter,
  now: Date,
): Promise<TaskFilter> {
  if (filter.queue !== "instruction-answered") return filter;
  const since = recentSince(toDbDate(shanghaiToday(now)));
  return { ...filter, queueTaskIds: await listAnsweredInstructionTaskIds(db, actor.id, since) };
}

/** A number on the home page and the page that lists the tasks behind it. */
export type QueueFigure = { key: string; name: string; n: number; href: string };

/** A ledger query, as the strings of its URL. */
export type LedgerParams = Record<string, string>;

export function ledgerHref(params: LedgerParams): string {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== ""));
  return search.size ? `/tasks?${search}` : "/tasks";
}

/**
 * Counts ledger queries for the office or a leader, each exactly as /tasks with those parameters filters (the
 * dashboard's way: ledgerQuerySchema → ledgerFilterOf → resolveQueueFilter → visibleLedgerWhere).
 */
export async function ledgerCounter(db: Db, actor: Actor, now: Date) {
  requireRole(actor, "office", "leader");
  const clock = lightClock(now, await loadWorkCalendar(db));
  return async (key: string, name: string, params: LedgerParams): Promise<QueueFigure> => {
    const parsed = ledgerQuerySchema.safeParse(params);
    // Built here, never typed by a person: a refusal is a bug.
    if (!parsed.success)
      throw new Error(`home built a ledger query the ledger refuses: ${parsed.error.message}`);
    const filter = await resolveQueueFilter(db, actor, ledgerFilterOf(parsed.data), now);
    const n = await countTasks(db, visibleLedgerWhere(actor, filter, clock));
    return { key, name, n, href: ledgerHref(params) };
  };
}

/** The meetings whose drafts wait for the office's check (待交办), each with its review page. */
export async function listDraftMeetings(db: Db, actor: Actor) {
  requireRole(actor, "office");
  const meetings = await listMeetingsWithDrafts(db);
  return meetings.map((m) => ({
    id: m.id,
    title: m.title,
    heldOn: m.heldOn,
    drafts: m._count.tasks,
    href: `/meetings/${m.id}/review`,
  }));
}

export const unitQueues = ["to-sign", "report-due", "returned", "extension-decided"] as const;
export type UnitQueue = (typeof unitQueues)[number];

export const unitQueueNames: Record<UnitQueue, string> = {
  "to-sign": "待签收",
  "report-due": queueNames["report-due"],
  returned: queueNames.returned,
  "extension-decided": queueNames["extension-decided"],
};

export const unitQueueHints: Record<UnitQueue, string> = {
  "to-sign": `本单位牵头、等待签收的事项。交办后请在 ${signWithinWorkdays} 个工作日内签收，可勾选多项一起签收。`,
  "report-due": "按反馈周期已到报送进展日期的事项，请在事项页报送进展。",
  returned: "督查室退回了办结申请，请按意见补充后重新申请办结。",
  "extension-decided": `近${recentQueueDays}天督查室已审批（同意或不同意）延期申请的事项，审批意见见事项页。`,
};

async function unitClock(db: Db, actor: Actor, now: Date): Promise<LightClock> {
  requireRole(actor, "unit");
  return lightClock(now, await loadWorkCalendar(db));
}

/** A unit's queues with their counts, each linking to the inbox narrowed to it. */
export async function countUnitQueues(db: Db, actor: Actor, now: Date): Promise<QueueFigure[]> {
  const clock = await unitClock(db, actor, now);
  return Promise.all(
    unitQueues.map(async (queue) => ({
      key: queue,
      name: unitQueueNames[queue],
      n: await countTasks(db, visibleLedgerWhere(actor, unitQueueFilter(actor, queue), clock)),
      href: `/?queue=${queue}`,
    })),
  );
}

/** How many tasks a unit's queue page lists; a longer queue says how many more there are. */
export const unitQueueShown = 200;

/** The tasks of one of a unit's queues, soonest deadline first, each with its light. */
export async function listUnitQueue(db: Db, actor: Actor, queue: UnitQueue, now: Date) {
  const clock = await unitClock(db, actor, now);
  const where = visibleLedgerWhere(actor, unitQueueFilter(actor, queue), clock);
  const [rows, total] = await Promise.all([listTasksWhere(db, where, unitQueueShown), countTasks(db, where)]);
  return { rows: rows.map((t) => ({ ...t, light: lightOf(t, clock) })), total };
}
