// Rows for tests, built through Prisma like the app builds them.
import type { Db } from "../../src/db/open-database.ts";
import { hashPassword } from "../../src/features/auth/passwords.ts";

export const password = "mima2021abc";

let sequence = 0;
let passwordHash: Promise<string> | undefined;

function next(): number {
  sequence += 1;
  return sequence;
}

export async function createUnit(
  db: Db,
  data: { name?: string; aliases?: string[]; duties?: string[] } = {},
) {
  const n = next();
  return db.unit.create({
    data: {
      name: data.name ?? `测试局${n}`,
      aliases: data.aliases ?? [],
      duties: data.duties ?? [],
      kind: "bureau",
    },
  });
}

export async function createUser(
  db: Db,
  data: {
    role: "office" | "unit" | "leader";
    unitId?: number;
    username?: string;
    active?: boolean;
    demo?: boolean;
  },
) {
  passwordHash ??= hashPassword(password);
  const n = next();
  let unitId = data.unitId;
  if (data.role === "unit" && unitId === undefined) unitId = (await createUnit(db)).id;
  return db.user.create({
    data: {
      username: data.username ?? `${data.role}${n}`,
      name: `测试用户${n}`,
      role: data.role,
      unitId: unitId ?? null,
      passwordHash: await passwordHash,
      active: data.active ?? true,
      demo: data.demo ?? false,
    },
    include: { unit: true },
  });
}

export async function createTask(
  db: Db,
  data: {
    state?: "draft" | "assigned" | "in_progress" | "pending_review" | "done" | "cancelled";
    leadUnitId?: number | null;
    coUnitIds?: number[];
    deadline?: string | null;
    title?: string;
    reportCycle?: "none" | "weekly" | "semimonthly" | "monthly";
    meetingId?: number;
    leaderId?: number;
    assignedAt?: Date;
    nextReportDue?: string;
  } = {},
) {
  const n = next();
  return db.task.create({
    data: {
      title: data.title ?? `测试事项${n}`,
      state: data.state ?? "assigned",
      leadUnitId: data.leadUnitId ?? null,
      meetingId: data.meetingId ?? null,
      deadline: data.deadline ? new Date(`${data.deadline}T00:00:00Z`) : null,
      reportCycle: data.reportCycle ?? "none",
      leaderId: data.leaderId ?? null,
      assignedAt: data.assignedAt ?? null,
      nextReportDue: data.nextReportDue ? new Date(`${data.nextReportDue}T00:00:00Z`) : null,
      coUnits: { create: (data.coUnitIds ?? []).map((unitId) => ({ unitId })) },
    },
  });
}

/** One unit for each of `names`, their ids in the same order. */
export async function createUnitIds(db: Db, ...names: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) ids.push((await createUnit(db, { name })).id);
  return ids;
}

/**
 * The usual people around a task: 区水务局 leads it, 区财政局 helps, 区教体局 has nothing to do with it; an
 * office user, a leader and a user of each of the three units.
 */
export async function createCast(db: Db) {
  const [lead, co, other] = (await createUnitIds(db, "区水务局", "区财政局", "区教体局")) as [
    number,
    number,
    number,
  ];
  const users = {
    office: await createUser(db, { role: "office" }),
    leader: await createUser(db, { role: "leader" }),
    lead: await createUser(db, { role: "unit", unitId: lead }),
    co: await createUser(db, { role: "unit", unitId: co }),
    other: await createUser(db, { role: "unit", unitId: other }),
  };
  return { unitIds: { lead, co, other }, users };
}

type TaskFields = Parameters<typeof createTask>[1];
type Task = Awaited<ReturnType<typeof createTask>>;

/** One task for each of `rows`, each row's fields over `common`, created in order. */
export async function createTasks<const R extends readonly TaskFields[]>(
  db: Db,
  common: TaskFields,
  rows: R,
): Promise<{ -readonly [I in keyof R]: Task }> {
  const tasks: Task[] = [];
  for (const row of rows) tasks.push(await createTask(db, { ...common, ...row }));
  return tasks as { -readonly [I in keyof R]: Task };
}

/** A task `leadUnitId` is working on, due 2026-12-31 unless `fields` say otherwise, and the address of its page. */
export async function createTaskInProgress(db: Db, leadUnitId: number, fields: TaskFields = {}) {
  const task = await createTask(db, { state: "in_progress", leadUnitId, deadline: "2026-12-31", ...fields });
  return { task, url: `/tasks/${task.id}` };
}
