import type { Db, Tx } from "../../db/open-database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../../shared/actor.ts";
import { addDays, fromDbDate, shanghaiStart } from "../../shared/calendar-date.ts";
import type { Light, LightClock } from "./light.ts";
import { openStates, type TaskState } from "./states.ts";

/**
 * The tasks an actor may see: the office and leaders see every task; a unit sees the tasks it leads or
 * co-operates on, once they have been handed out.
 */
export function visibleTo(actor: Actor): Prisma.TaskWhereInput {
  if (actor.role !== "unit") return {};
  return { state: { not: "draft" }, unitIds: { has: actor.unitId ?? -1 } };
}

export function countTasksByState(db: Db, where: Prisma.TaskWhereInput) {
  return db.task.groupBy({ by: ["state"], where, _count: { _all: true } });
}

export function countTasks(db: Db, where: Prisma.TaskWhereInput) {
  return db.task.count({ where });
}

export function listRecentMeetings(db: Db, take: number) {
  return db.meeting.findMany({
    orderBy: [{ heldOn: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    take,
    select: { id: true, title: true, heldOn: true, chair: true, _count: { select: { tasks: true } } },
  });
}

/** What the rules need to decide on an action, read inside the action's transaction. */
export function findTaskParties(tx: Tx, id: number) {
  return tx.task.findUnique({
    where: { id },
    select: {
      id: true,
      state: true,
      leadUnitId: true,
      deadline: true,
      ongoing: true,
      reportCycle: true,
      title: true,
      meetingId: true,
      coUnits: { select: { unitId: true } },
    },
  });
}

/**
 * Moves a task on only if it is still in the state the decision was made on; returns false when another
 * request got there first.
 */
export async function updateTaskIfState(
  tx: Tx,
  id: number,
  state: TaskState,
  data: Prisma.TaskUpdateManyMutationInput,
) {
  const { count } = await tx.task.updateMany({ where: { id, state }, data });
  return count === 1;
}

export function updateTask(tx: Tx, id: number, data: Prisma.TaskUncheckedUpdateInput) {
  return tx.task.update({ where: { id }, data });
}

export function createTask(tx: Tx, data: Prisma.TaskUncheckedCreateInput) {
  return tx.task.create({ data });
}

export function createTaskEvent(tx: Tx, data: Prisma.TaskEventUncheckedCreateInput) {
  return tx.taskEvent.create({ data });
}

/** The unit's latest report on the task: what the quality check compares a new report with. */
export function findLatestUnitReport(tx: Tx, taskId: number, unitId: number | null) {
  return tx.progressReport.findFirst({
    where: { taskId, unitId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { body: true },
  });
}

export function createProgressReport(tx: Tx, data: Prisma.ProgressReportUncheckedCreateInput) {
  return tx.progressReport.create({ data });
}

export function createExtensionRequest(tx: Tx, data: Prisma.ExtensionRequestUncheckedCreateInput) {
  return tx.extensionRequest.create({ data });
}

export function findPendingExtension(tx: Tx, taskId: number) {
  return tx.extensionRequest.findFirst({ where: { taskId, status: "pending" } });
}

export function findExtension(tx: Tx, id: number) {
  return tx.extensionRequest.findUnique({ where: { id } });
}

/** The latest change of a task's state, with who made it: what a page rendered before it did not know. */
export function findLastStateChange(tx: Tx, taskId: number) {
  return tx.taskEvent.findFirst({
    where: { taskId, toState: { not: null } },
    orderBy: { id: "desc" },
    select: { action: true, actor: { select: { name: true, unit: { select: { name: true } } } } },
  });
}

/** The pending extension request of a task with who asked, for telling someone who asks again. */
export function findPendingExtensionAsker(tx: Tx, taskId: number) {
  return tx.extensionRequest.findFirst({
    where: { taskId, status: "pending" },
    select: { requestedBy: { select: { name: true, unit: { select: { name: true } } } } },
  });
}

/** Who decided an extension request, for telling someone who pressed a decision after them. */
export function findExtensionDecider(tx: Tx, id: number) {
  return tx.extensionRequest.findUnique({
    where: { id },
    select: { status: true, decidedBy: { select: { name: true } } },
  });
}

export async function decideExtensionIfPending(
  tx: Tx,
  id: number,
  data: Prisma.ExtensionRequestUncheckedUpdateManyInput,
) {
  const { count } = await tx.extensionRequest.updateMany({ where: { id, status: "pending" }, data });
  return count === 1;
}

const open = { state: { in: openStates } } satisfies Prisma.TaskWhereInput;

/**
 * Handed out and still not signed for when the 2-working-day window closed: the yellow light's rule and the
 * home page's queue, through the same LightClock the reminders' window agrees with.
 */
function unsignedLateWhere(clock: LightClock): Prisma.TaskWhereInput {
  return { state: "assigned", assignedAt: { not: null, lt: clock.signedBy } };
}

/**
 * The query form of lightOf (light.ts): the same rules as a filter, so counts and lists agree with pages.
 * Every comparison says `not: null` because SQL's NOT of a comparison with NULL is NULL, not true, and a task
 * without a deadline would otherwise fall out of "green".
 */
export function lightWhere(light: Light, clock: LightClock): Prisma.TaskWhereInput {
  const red: Prisma.TaskWhereInput = { deadline: { not: null, lt: clock.today } };
  const yellow: Prisma.TaskWhereInput = {
    OR: [
      { deadline: { not: null, gte: clock.today, lte: clock.warnUntil } },
      { nextReportDue: { not: null, lt: clock.today } },
      unsignedLateWhere(clock),
      { repeatCount: { gte: 2 } },
    ],
  };
  switch (light) {
    case "red":
      return { AND: [open, red] };
    case "yellow":
      return { AND: [open, { NOT: red }, yellow] };
    case "green":
      return { AND: [open, { NOT: red }, { NOT: yellow }] };
  }
}

/**
 * The queues of the home page (what waits for whom) that the ledger lists with `queue=`. Each is one where,
 * used for the home page's count and the ledger's rows alike.
 */
export const taskQueues = [
  "extension-pending",
  "incomplete",
  "unsigned-late",
  "report-due",
  "returned",
  "extension-decided",
  "instruction-answered",
] as const;
export type TaskQueue = (typeof taskQueues)[number];

/** How far back "recently" reaches for decided extensions and answered 批示. */
export const recentQueueDays = 14;

/** The first instant of the recent window: the start of the day `recentQueueDays` before today (a @db.Date day). */
export function recentSince(today: Date): Date {
  return shanghaiStart(addDays(fromDbDate(today), -recentQueueDays));
}

function queueWhere(filter: TaskFilter & { queue: TaskQueue }, clock: LightClock): Prisma.TaskWhereInput {
  switch (filter.queue) {
    case "extension-pending":
      return { AND: [open, { extensions: { some: { status: "pending" } } }] };
    case "incomplete":
      // Neither a date nor 长期坚持: such a task never turns red nor is chased (assignTasks refuses it as a draft).
      return { AND: [open, { OR: [{ leadUnitId: null }, { deadline: null, ongoing: false }] }] };
    case "unsigned-late":
      return unsignedLateWhere(clock);
    case "report-due":
      // The reminders' report_due rule (src/reminders/plan.ts): owed from the day the cycle makes it due.
      return { state: "in_progress", nextReportDue: { not: null, lte: clock.today } };
    case "returned":
      return { state: "in_progress", events: { some: { action: "return" } } };
    case "extension-decided":
      return {
        extensions: {
          some: {
            status: { in: ["approved", "refused"] },
            decidedAt: { not: null, gte: recentSince(clock.today) },
          },
        },
      };
    case "instruction-answered":
      // Found by listAnsweredInstructionTaskIds; a filter nobody resolved lists nothing rather than everything.
      return { id: { in: filter.queueTaskIds ?? [] } };
  }
}

/**
 * Tasks whose latest 批示 by this leader has a progress report after it, the report made since `since`: the
 * comparison is between two rows of each task, which a Prisma filter cannot say.
 */
export async function listAnsweredInstructionTaskIds(db: Db, leaderId: number, since: Date) {
  const rows = await db.$queryRaw<{ id: number }[]>`
    WITH latest AS (
      SELECT task_id, max(created_at) AS at FROM task_events
      WHERE action = 'instruct' AND actor_id = ${leaderId}
      GROUP BY task_id
    )
    SELECT latest.task_id AS id FROM latest
    WHERE EXISTS (
      SELECT 1 FROM progress_reports r
      WHERE r.task_id = latest.task_id AND r.created_at > latest.at AND r.created_at >= ${since}
    )
    ORDER BY 1`;
  return rows.map((r) => Number(r.id));
}

/** The meetings whose drafts wait for the office's check, with how many each has. */
export function listMeetingsWithDrafts(db: Db) {
  return db.meeting.findMany({
    where: { tasks: { some: { state: "draft" } } },
    orderBy: [{ heldOn: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    select: {
      id: true,
      title: true,
      heldOn: true,
      _count: { select: { tasks: { where: { state: "draft" } } } },
    },
  });
}

/** Instants: from inclusive, before exclusive. */
type InstantRange = { from?: Date; before?: Date };

export type TaskFilter = {
  /** null: tasks without a meeting (领导交办, 上级督办). */
  meetingId?: number | null;
  /** Several ids: tasks of any of these units (a leader's units). */
  unitId?: number | number[];
  state?: TaskState;
  light?: Light;
  deadlineFrom?: Date;
  deadlineTo?: Date;
  q?: string;
  /** tracked: handed out and not cancelled (what the statistics count); open: still someone's work. */
  stage?: "tracked" | "open";
  /** Done, and of those the ones on time (not late: a task without a deadline cannot be late) or late. */
  done?: "all" | "ontime" | "late";
  /** Open, with a deadline from today to today + n days inclusive. */
  dueWithinDays?: number;
  /** Handed out (assignedAt) within the range. */
  opened?: InstantRange;
  /** Done (doneAt) within the range. */
  closed?: InstantRange;
  /** Led by this unit (not a co-unit): who may sign. */
  leadUnitId?: number;
  /** One of the home page's queues. */
  queue?: TaskQueue;
  /** For a queue found by a query of its own (instruction-answered): the tasks it found. */
  queueTaskIds?: number[];
};

const doneWhere: Record<NonNullable<TaskFilter["done"]>, Prisma.TaskWhereInput> = {
  all: { state: "done" },
  // OR, not NOT false: SQL's NOT of a comparison with NULL is NULL, which would drop tasks without a deadline.
  ontime: { state: "done", OR: [{ doneOnTime: true }, { doneOnTime: null }] },
  late: { state: "done", doneOnTime: false },
};

export function taskFilterWhere(filter: TaskFilter, clock: LightClock): Prisma.TaskWhereInput {
  const and: Prisma.TaskWhereInput[] = [];
  if (filter.meetingId === null) and.push({ meetingId: null });
  else if (filter.meetingId) and.push({ meetingId: filter.meetingId });
  // unitIds holds the lead unit and the co-units (kept by triggers), so this is the GIN index's lookup.
  if (Array.isArray(filter.unitId)) and.push({ unitIds: { hasSome: filter.unitId } });
  else if (filter.unitId) and.push({ unitIds: { has: filter.unitId } });
  if (filter.state) and.push({ state: filter.state });
  if (filter.leadUnitId) and.push({ leadUnitId: filter.leadUnitId });
  if (filter.queue) and.push(queueWhere({ ...filter, queue: filter.queue }, clock));
  if (filter.stage === "tracked") and.push({ state: { in: [...openStates, "done"] } });
  if (filter.stage === "open") and.push(open);
  if (filter.done) and.push(doneWhere[filter.done]);
  if (filter.light) and.push(lightWhere(filter.light, clock));
  if (filter.dueWithinDays !== undefined) {
    const until = new Date(clock.today.getTime() + filter.dueWithinDays * 86_400_000);
    and.push({ AND: [open, { deadline: { not: null, gte: clock.today, lte: until } }] });
  }
  if (filter.opened)
    and.push({ assignedAt: { not: null, gte: filter.opened.from, lt: filter.opened.before } });
  if (filter.closed) {
    and.push({ state: "done", doneAt: { not: null, gte: filter.closed.from, lt: filter.closed.before } });
  }
  if (filter.deadlineFrom || filter.deadlineTo) {
    and.push({ deadline: { gte: filter.deadlineFrom, lte: filter.deadlineTo } });
  }
  if (filter.q) {
    // Prisma passes `contains` to ILIKE as it is, so "%" or "_" typed in the search box would match every task.
    const q = filter.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    and.push({
      OR: [
        { title: { contains: q, mode: "insensitive" } },
        { sourceText: { contains: q, mode: "insensitive" } },
        { topic: { contains: q, mode: "insensitive" } },
      ],
    });
  }
  return { AND: and };
}

export const taskListSelect = {
  id: true,
  title: true,
  state: true,
  deadline: true,
  deadlineText: true,
  deadlineNeedsConfirmation: true,
  ongoing: true,
  nextReportDue: true,
  assignedAt: true,
  repeatCount: true,
  origin: true,
  meeting: { select: { id: true, title: true, heldOn: true } },
  leadUnit: { select: { id: true, name: true, active: true } },
  coUnits: { select: { unit: { select: { id: true, name: true } } } },
} satisfies Prisma.TaskSelect;

/** The ledger's order: soonest deadline first, tasks without one last, then as entered. */
export const ledgerOrder = [
  { deadline: { sort: "asc", nulls: "last" } },
  { id: "asc" },
] satisfies Prisma.TaskOrderByWithRelationInput[];

export async function listTasks(db: Db, where: Prisma.TaskWhereInput, page: number, pageSize: number) {
  const [rows, total] = await Promise.all([
    db.task.findMany({
      where,
      select: taskListSelect,
      orderBy: ledgerOrder,
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    db.task.count({ where }),
  ]);
  return { rows, total };
}

export function findTaskDetail(db: Db, id: number) {
  return db.task.findUnique({
    where: { id },
    include: {
      meeting: { select: { id: true, title: true, heldOn: true, chair: true, kind: true } },
      leadUnit: { select: { id: true, name: true, active: true } },
      leader: { select: { id: true, name: true } },
      coUnits: { select: { unit: { select: { id: true, name: true } } } },
      reports: {
        orderBy: { createdAt: "asc" },
        include: {
          author: { select: { name: true } },
          unit: { select: { name: true } },
          attachments: { select: { id: true, fileName: true, size: true } },
        },
      },
      extensions: {
        orderBy: { createdAt: "asc" },
        include: { requestedBy: { select: { name: true } }, decidedBy: { select: { name: true } } },
      },
      events: {
        orderBy: { id: "asc" },
        include: { actor: { select: { name: true, role: true, unit: { select: { name: true } } } } },
      },
      reminders: {
        orderBy: { createdAt: "asc" },
        include: { outbox: { select: { status: true, sentAt: true, lastError: true } } },
      },
      mentions: {
        orderBy: { id: "asc" },
        select: { sourceText: true, meeting: { select: { title: true, heldOn: true } } },
      },
    },
  });
}

export function listMeetingsForFilter(db: Db) {
  return db.meeting.findMany({
    select: { id: true, title: true, heldOn: true },
    orderBy: { heldOn: { sort: "desc", nulls: "last" } },
  });
}

export function findAttachment(db: Db, id: number) {
  return db.attachment.findUnique({
    where: { id },
    include: {
      task: { select: { id: true, state: true, leadUnitId: true, coUnits: { select: { unitId: true } } } },
    },
  });
}

export function listUnitsForFilter(db: Db) {
  return db.unit.findMany({
    where: { active: true },
    select: { id: true, name: true },
    orderBy: { id: "asc" },
  });
}

export function listTasksWhere(db: Db, where: Prisma.TaskWhereInput, take = 200) {
  return db.task.findMany({
    where,
    select: taskListSelect,
    orderBy: ledgerOrder,
    take,
  });
}

/** Finished tasks, the latest first, and how many there are in all. */
export async function listDoneTasks(db: Db, where: Prisma.TaskWhereInput, take: number) {
  const done = { AND: [where, { state: "done" }] } satisfies Prisma.TaskWhereInput;
  const [rows, total] = await Promise.all([
    db.task.findMany({
      where: done,
      select: taskListSelect,
      orderBy: [{ doneAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
      take,
    }),
    db.task.count({ where: done }),
  ]);
  return { rows, total };
}

export function countActiveUnits(db: Tx, ids: number[]) {
  return db.unit.count({ where: { id: { in: ids }, active: true } });
}

export function isLeader(db: Tx, userId: number) {
  return db.user.count({ where: { id: userId, role: "leader", active: true } }).then((n) => n === 1);
}

export function listLeaders(db: Db) {
  return db.user.findMany({ where: { role: "leader", active: true }, select: { id: true, name: true } });
}

export function listUnitNames(db: Tx, ids: number[]) {
  return db.unit.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
}

export function listUserNames(db: Tx, ids: number[]) {
  return db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
}

/** A task with its co-units, for an edit of its fields (a draft before 交办, or an open task after). */
export function findTaskForEdit(tx: Tx, id: number) {
  return tx.task.findUnique({ where: { id }, include: { coUnits: { select: { unitId: true } } } });
}

/** The meeting a draft belongs to and whether it is still a draft, for sending the clerk back to its review. */
export function findTaskMeeting(db: Db, taskId: number) {
  return db.task.findUnique({ where: { id: taskId }, select: { meetingId: true, state: true } });
}

export function createDraftTasks(tx: Tx, data: Prisma.TaskCreateManyInput[]) {
  return tx.task.createManyAndReturn({ data, select: { id: true } });
}

export function createTaskCoUnits(tx: Tx, data: Prisma.TaskCoUnitCreateManyInput[]) {
  return tx.taskCoUnit.createMany({ data, skipDuplicates: true });
}

export function createTaskEvents(tx: Tx, data: Prisma.TaskEventCreateManyInput[]) {
  return tx.taskEvent.createMany({ data });
}

/** Events of many tasks by one actor at one instant (an import, a merge of units, deadlines worked out again). */
export function createTaskEventsBy(
  tx: Tx,
  actorId: number,
  events: Omit<Prisma.TaskEventCreateManyInput, "actorId" | "createdAt">[],
  createdAt?: Date,
) {
  return createTaskEvents(
    tx,
    events.map((e) => ({ ...e, actorId, createdAt })),
  );
}

export function replaceCoUnits(tx: Tx, taskId: number, unitIds: number[]) {
  return tx.taskCoUnit
    .deleteMany({ where: { taskId } })
    .then(() => tx.taskCoUnit.createMany({ data: unitIds.map((unitId) => ({ taskId, unitId })) }));
}

/** Removes a draft that was never handed out (it has no history anyone else has seen). */
export async function deleteDraft(tx: Tx, id: number) {
  await tx.taskEvent.deleteMany({ where: { taskId: id } });
  await tx.taskCoUnit.deleteMany({ where: { taskId: id } });
  await tx.task.delete({ where: { id } });
}

/** The record the drafts of a meeting were found in: their spans index into its text. */
export function findMeetingRecord(db: Tx, id: number) {
  return db.meeting.findUnique({
    where: { id },
    omit: { number: true, contentHash: true, createdById: true, createdAt: true },
  });
}

/** Tasks handed out with a lead unit, newest first: what the office chose before, for the unit suggestions. */
export function listPastHandOuts(db: Tx, take: number) {
  return db.task.findMany({
    where: { leadUnitId: { not: null }, state: { notIn: ["draft", "cancelled"] } },
    orderBy: { id: "desc" },
    take,
    select: { title: true, topic: true, leadUnit: { select: { name: true } } },
  });
}

export function listMeetingTasks(db: Tx, meetingId: number) {
  return db.task.findMany({
    where: { meetingId, state: { not: "cancelled" } },
    orderBy: [{ sourceStart: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    include: { coUnits: { select: { unitId: true } }, leadUnit: { select: { name: true } } },
  });
}

/** The directory as the extractor matches names against it. */
export function listUnitsToMatch(db: Tx) {
  return db.unit.findMany({
    where: { active: true },
    select: { id: true, name: true, shortName: true, aliases: true },
    orderBy: { id: "asc" },
  });
}

/** Every unit, the inactive ones too: old tasks still name them. */
export function listAllUnitNames(db: Db) {
  return db.unit.findMany({ select: { id: true, name: true }, orderBy: { id: "asc" } });
}

/**
 * The workbook's rows in the ledger's order, as ids only: sorting every matching task by deadline is one query
 * (tens of milliseconds for 100,000 tasks, a few hundred kilobytes of ids), where paging by deadline would sort
 * what remains once per page. The rows are then read a page of ids at a time.
 */
export async function listLedgerIds(db: Db, where: Prisma.TaskWhereInput): Promise<number[]> {
  const rows = await db.task.findMany({ where, orderBy: ledgerOrder, select: { id: true } });
  return rows.map((r) => r.id);
}

/**
 * These tasks, if they still match `where` (one may have changed since the ids were listed). Names come from lists
 * the caller holds, co-units and reports from the two functions below: three flat queries a page instead of one
 * per relation. In no particular order: the caller puts them back in the order of `ids`.
 */
export function listLedgerRows(db: Db, where: Prisma.TaskWhereInput, ids: number[]) {
  return db.task.findMany({
    where: { AND: [where, { id: { in: ids } }] },
    select: {
      id: true,
      title: true,
      state: true,
      origin: true,
      meetingId: true,
      leadUnitId: true,
      deadline: true,
      ongoing: true,
      nextReportDue: true,
      assignedAt: true,
      repeatCount: true,
    },
  });
}

export function listCoUnitsOf(db: Db, taskIds: number[]) {
  return db.taskCoUnit.findMany({
    where: { taskId: { in: taskIds } },
    select: { taskId: true, unitId: true },
    orderBy: [{ taskId: "asc" }, { unitId: "asc" }],
  });
}

/** The latest progress report of each task. */
export function listLatestReportsOf(db: Db, taskIds: number[]) {
  return db.progressReport.findMany({
    where: { taskId: { in: taskIds } },
    orderBy: [{ taskId: "asc" }, { createdAt: "desc" }, { id: "desc" }],
    distinct: ["taskId"],
    select: { taskId: true, body: true, createdAt: true },
  });
}

/** A meeting's drafts whose deadline came from the text, not from the office: what a new meeting date moves. */
export function listDerivedDeadlineDrafts(db: Tx, meetingId: number) {
  return db.task.findMany({
    where: {
      meetingId,
      state: "draft",
      deadlineText: { not: null },
      OR: [{ deadlineDerivation: null }, { deadlineDerivation: { not: "manual" } }],
    },
    orderBy: { id: "asc" },
    select: { id: true, title: true, sourceText: true, deadline: true, deadlineText: true },
  });
}

/** Whether any task of the meeting was ever handed out: then the meeting is history and stays. */
export function countHandedOutTasks(db: Tx, meetingId: number) {
  return db.task.count({ where: { meetingId, assignedAt: { not: null } } });
}

/** Removes a meeting's never-handed-out tasks with their co-units and their edit history. */
export async function deleteMeetingDraftTasks(tx: Tx, meetingId: number) {
  const drafts = { meetingId, assignedAt: null };
  await tx.taskEvent.deleteMany({ where: { task: drafts } });
  await tx.taskCoUnit.deleteMany({ where: { task: drafts } });
  return tx.task.deleteMany({ where: drafts });
}

/**
 * Moves every task of one unit to another (a duplicate merged away): the lead unit, and co-unit rows unless the
 * task already names the target. unit_ids follows through its triggers. Returns the ids of the tasks moved.
 */
export async function moveTasksToUnit(tx: Tx, fromId: number, intoId: number): Promise<number[]> {
  const tasks = await tx.task.findMany({ where: { unitIds: { has: fromId } }, select: { id: true } });
  if (tasks.length === 0) return [];
  await tx.task.updateMany({ where: { leadUnitId: fromId }, data: { leadUnitId: intoId } });
  await tx.taskCoUnit.deleteMany({
    where: {
      unitId: fromId,
      task: { OR: [{ leadUnitId: intoId }, { coUnits: { some: { unitId: intoId } } }] },
    },
  });
  await tx.taskCoUnit.updateMany({ where: { unitId: fromId }, data: { unitId: intoId } });
  return tasks.map((t) => t.id);
}

/**
 * Tasks still open (drafts included) whose deadline a rule worked out from a phrase that may name a period,
 * never one the office set by hand.
 */
export function listPeriodDerivedTasks(db: Tx, words: string[]) {
  return db.task.findMany({
    where: {
      state: { in: ["draft", ...openStates] },
      meetingId: { not: null },
      deadlineDerivation: "rule",
      OR: words.map((word) => ({ deadlineText: { contains: word } })),
    },
    orderBy: { id: "asc" },
    select: {
      id: true,
      title: true,
      state: true,
      sourceText: true,
      deadline: true,
      deadlineText: true,
      meeting: { select: { heldOn: true } },
    },
  });
}

// Repeats (repeat-links.ts): the open tasks a new record's directives are compared with, and the links made.

const repeatTextSelect = {
  id: true,
  title: true,
  topic: true,
  sourceText: true,
  repeatCount: true,
  leadUnit: { select: { name: true } },
  coUnits: { select: { unit: { select: { name: true } } } },
  meeting: { select: { title: true, heldOn: true } },
} satisfies Prisma.TaskSelect;

/**
 * Open tasks to compare a new record with: those of the units its directives name, newest first, and the newest
 * open tasks of any unit for directives that name none.
 */
export async function listOpenTasksForRepeats(tx: Tx, unitIds: number[], take: number) {
  const [ofUnits, newest] = await Promise.all([
    unitIds.length
      ? tx.task.findMany({
          where: { state: { in: openStates }, unitIds: { hasSome: unitIds } },
          select: repeatTextSelect,
          orderBy: { id: "desc" },
          take,
        })
      : [],
    tx.task.findMany({
      where: { state: { in: openStates } },
      select: repeatTextSelect,
      orderBy: { id: "desc" },
      take,
    }),
  ]);
  return [...new Map([...ofUnits, ...newest].map((t) => [t.id, t])).values()];
}

export function findRepeatTarget(tx: Tx, id: number) {
  return tx.task.findUnique({
    where: { id },
    select: { ...repeatTextSelect, state: true, meetingId: true },
  });
}

export function createMention(tx: Tx, data: Prisma.TaskMentionUncheckedCreateInput) {
  return tx.taskMention.create({ data });
}

export function countRepeat(tx: Tx, id: number) {
  return tx.task.update({
    where: { id },
    data: { repeatCount: { increment: 1 } },
    select: { repeatCount: true },
  });
}

export function setLinkCandidates(tx: Tx, id: number, linkCandidates: Prisma.InputJsonValue) {
  return tx.task.update({ where: { id }, data: { linkCandidates } });
}

/** The open tasks a meeting's directives were linked to, in the record's order. */
export function listMeetingMentions(db: Tx, meetingId: number) {
  return db.taskMention.findMany({
    where: { meetingId },
    orderBy: [{ sourceStart: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    select: {
      id: true,
      sourceText: true,
      sourceStart: true,
      sourceEnd: true,
      task: { select: { id: true, title: true, repeatCount: true, state: true } },
    },
  });
}

/** The meetings that asked again for a task, oldest first, for its page. */
export function listTaskMentions(db: Tx, taskId: number) {
  return db.taskMention.findMany({
    where: { taskId },
    orderBy: { id: "asc" },
    select: {
      sourceText: true,
      createdAt: true,
      meeting: { select: { id: true, title: true, heldOn: true } },
    },
  });
}

/** The open tasks a review page offers as repeats, by id. */
export function listRepeatTargets(db: Tx, ids: number[]) {
  return db.task.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      title: true,
      state: true,
      repeatCount: true,
      deadline: true,
      leadUnit: { select: { name: true } },
    },
  });
}

export function countMeetingMentions(db: Tx, meetingId: number) {
  return db.taskMention.count({ where: { meetingId } });
}
