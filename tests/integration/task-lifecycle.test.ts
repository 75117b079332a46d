// Every action in the transition table, for every kind of actor, from every state, through the real services:
// allowed ones move the task and write one event; refused ones change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.ts";
import { loadActor } from "../../src/features/auth/service.ts";
import {
  addInstruction,
  approveCompletion,
  assignTasks,
  cancelTask,
  decideExtension,
  reportProgress,
  requestCompletion,
  requestExtension,
  returnTask,
  signTask,
} from "../../src/features/tasks/service.ts";
import { type TaskState, taskStates } from "../../src/features/tasks/states.ts";
import type { Actor } from "../../src/shared/actor.ts";
import { AppError } from "../../src/shared/errors.ts";
import { createTestDatabase } from "../helpers/database.ts";
import { createCast, createTask } from "../helpers/factories.ts";

const now = new Date("2026-11-24T02:00:00Z"); // 10:00 in Shanghai
type Kind = "office" | "leader" | "lead" | "co" | "other";
const kinds: Kind[] = ["office", "leader", "lead", "co", "other"];

// The rules as the product states them, written independently of src/features/tasks/transitions.ts.
const spec = {
  assign: { who: ["office"], from: ["draft"], to: "assigned" },
  sign: { who: ["lead"], from: ["assigned"], to: "in_progress" },
  report: { who: ["lead", "co"], from: ["in_progress"], to: null },
  request_completion: { who: ["lead"], from: ["in_progress"], to: "pending_review" },
  approve: { who: ["office"], from: ["pending_review"], to: "done" },
  return: { who: ["office"], from: ["pending_review"], to: "in_progress" },
  request_extension: { who: ["lead"], from: ["in_progress"], to: null },
  decide_extension: { who: ["office"], from: ["assigned", "in_progress", "pending_review"], to: null },
  cancel: { who: ["office"], from: ["draft", "assigned", "in_progress", "pending_review"], to: "cancelled" },
  instruct: { who: ["leader"], from: ["assigned", "in_progress", "pending_review", "done"], to: null },
} as const satisfies Record<string, { who: Kind[]; from: TaskState[]; to: TaskState | null }>;
type Action = keyof typeof spec;

let database: Database;
let actors: Record<Kind, Actor>;
let leadUnitId: number;
let coUnitId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  const { unitIds, users } = await createCast(db);
  ({ lead: leadUnitId, co: coUnitId } = unitIds);
  actors = Object.fromEntries(
    await Promise.all(Object.entries(users).map(async ([k, u]) => [k, (await loadActor(db, u.id))!])),
  ) as Record<Kind, Actor>;
});
afterAll(() => database.close());

async function perform(action: Action, actor: Actor, taskId: number) {
  const db = database.prisma;
  switch (action) {
    case "assign":
      return assignTasks(db, actor, [taskId], now);
    case "sign":
      return signTask(db, actor, taskId, now);
    case "report":
      return reportProgress(db, actor, taskId, { body: "已完成主体工程的 60%。" }, now);
    case "request_completion":
      return requestCompletion(db, actor, taskId, { summary: "全部完成，附验收材料。" }, now);
    case "approve":
      return approveCompletion(db, actor, taskId, now);
    case "return":
      return returnTask(db, actor, taskId, "缺少验收报告");
    case "request_extension":
      return requestExtension(
        db,
        actor,
        taskId,
        { requestedDeadline: "2027-03-31", reason: "冬季停工" },
        now,
      );
    case "decide_extension": {
      const request = await db.extensionRequest.create({
        data: {
          taskId,
          requestedById: actors.lead.id,
          requestedDeadline: new Date("2027-03-31T00:00:00Z"),
          originalDeadline: new Date("2026-12-31T00:00:00Z"),
          reason: "冬季停工",
        },
      });
      return decideExtension(db, actor, taskId, request.id, { approve: true }, now);
    }
    case "cancel":
      return cancelTask(db, actor, taskId, "与第3项重复", now);
    case "instruct":
      return addInstruction(db, actor, taskId, "请抓紧推进，月底前报结果。");
  }
}

describe("the transition table, through the services", () => {
  const cases = (Object.keys(spec) as Action[]).flatMap((action) =>
    kinds.map((kind) => [action, kind] as const),
  );

  it.each(cases)("%s by %s", async (action, kind) => {
    const db = database.prisma;
    const rule = spec[action];
    for (const state of taskStates) {
      const task = await createTask(db, { state, leadUnitId, coUnitIds: [coUnitId], deadline: "2026-12-31" });
      const allowed =
        (rule.who as readonly Kind[]).includes(kind) && (rule.from as readonly TaskState[]).includes(state);
      let error: unknown;
      try {
        await perform(action, actors[kind], task.id);
      } catch (e) {
        error = e;
      }
      const after = await db.task.findUniqueOrThrow({ where: { id: task.id } });
      const events = await db.taskEvent.findMany({ where: { taskId: task.id } });
      const where = `${action} by ${kind} from ${state}`;
      if (allowed) {
        expect(error, where).toBeUndefined();
        expect(after.state, where).toBe(rule.to ?? state);
        expect(events, where).toHaveLength(1);
        expect(events[0]!.actorId, where).toBe(actors[kind].id);
      } else {
        expect(error, where).toBeInstanceOf(AppError);
        // A state problem only for someone who could act on this task at all; otherwise "not yours".
        const mayAct =
          (rule.who as readonly Kind[]).includes(kind) &&
          !(state === "draft" && ["lead", "co", "other"].includes(kind));
        expect((error as AppError).statusCode, `${where}: ${(error as Error).message}`).toBe(
          mayAct ? 409 : 403,
        );
        expect((error as Error).message, where).toMatch(/[\u4e00-\u9fff]/);
        expect(after.state, where).toBe(state);
        expect(events, where).toHaveLength(0);
      }
    }
  });
});

describe("lifecycle details", () => {
  it("records whether a task was done on time", async () => {
    const db = database.prisma;
    const onTime = await createTask(db, { state: "pending_review", leadUnitId, deadline: "2026-11-24" });
    const late = await createTask(db, { state: "pending_review", leadUnitId, deadline: "2026-11-23" });
    await approveCompletion(db, actors.office, onTime.id, now);
    await approveCompletion(db, actors.office, late.id, now);
    expect((await db.task.findUniqueOrThrow({ where: { id: onTime.id } })).doneOnTime).toBe(true);
    expect((await db.task.findUniqueOrThrow({ where: { id: late.id } })).doneOnTime).toBe(false);
  });

  it("keeps every earlier deadline when extensions are approved", async () => {
    const db = database.prisma;
    const task = await createTask(db, { state: "in_progress", leadUnitId, deadline: "2026-12-31" });
    const ask = (requestedDeadline: string, reason: string) =>
      requestExtension(db, actors.lead, task.id, { requestedDeadline, reason }, now);
    const first = await ask("2027-01-31", "雨雪天气");
    await expect(ask("2027-02-28", "再延")).rejects.toThrow("已有一份延期申请正在审批中");
    await decideExtension(db, actors.office, task.id, first.id, { approve: true, note: "同意" }, now);
    await expect(
      decideExtension(db, actors.office, task.id, first.id, { approve: false }, now),
    ).rejects.toThrow("已经审批过了");
    await expect(ask("2027-01-15", "改早")).rejects.toThrow("应晚于现在的完成时限（2027年1月31日）");
    const second = await ask("2027-03-31", "材料未到");
    await decideExtension(db, actors.office, task.id, second.id, { approve: false, note: "不同意" }, now);

    expect(
      (await db.task.findUniqueOrThrow({ where: { id: task.id } })).deadline?.toISOString().slice(0, 10),
    ).toBe("2027-01-31");
    const requests = await db.extensionRequest.findMany({
      where: { taskId: task.id },
      orderBy: { id: "asc" },
    });
    expect(
      requests.map((r) => [
        r.originalDeadline?.toISOString().slice(0, 10),
        r.requestedDeadline.toISOString().slice(0, 10),
        r.status,
      ]),
    ).toEqual([
      ["2026-12-31", "2027-01-31", "approved"],
      ["2027-01-31", "2027-03-31", "refused"],
    ]);
    const approved = await db.taskEvent.findFirstOrThrow({
      where: { taskId: task.id, action: "approve_extension" },
    });
    expect(approved.before).toEqual({ deadline: "2026-12-31" });
    expect(approved.after).toEqual({ deadline: "2027-01-31" });
  });

  it("hands out several drafts all or none", async () => {
    const db = database.prisma;
    const ready = await createTask(db, {
      state: "draft",
      leadUnitId,
      title: "有牵头单位",
      deadline: "2027-03-31",
    });
    const orphan = await createTask(db, { state: "draft", leadUnitId: null, title: "缺牵头单位" });
    await expect(assignTasks(db, actors.office, [ready.id, orphan.id], now)).rejects.toThrow(
      "“缺牵头单位”没有牵头单位",
    );
    // Neither a deadline nor 长期坚持: refused in the service, for every caller, with every blocker named.
    const undated = await createTask(db, { state: "draft", leadUnitId, title: "没有时限", deadline: null });
    await expect(assignTasks(db, actors.office, [orphan.id, undated.id], now)).rejects.toThrow(
      "以下 2 项还不能交办，请补全后再交办：“缺牵头单位”没有牵头单位，没有完成时限，也未勾选“长期坚持”；“没有时限”没有完成时限",
    );
    expect((await db.task.findUniqueOrThrow({ where: { id: ready.id } })).state).toBe("draft");
    expect(await db.taskEvent.count({ where: { taskId: ready.id } })).toBe(0);
  });

  it("moves a task once when two people act at the same moment", async () => {
    const db = database.prisma;
    const task = await createTask(db, { state: "pending_review", leadUnitId });
    const results = await Promise.allSettled([
      approveCompletion(db, actors.office, task.id, now),
      returnTask(db, actors.office, task.id, "材料不全"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.taskEvent.count({ where: { taskId: task.id } })).toBe(1);
  });

  it("asks for what is missing in Chinese", async () => {
    const db = database.prisma;
    const task = await createTask(db, { state: "in_progress", leadUnitId });
    await expect(reportProgress(db, actors.lead, task.id, { body: "  " }, now)).rejects.toThrow(
      "请填写进展情况",
    );
    await expect(
      requestExtension(db, actors.lead, task.id, { requestedDeadline: "明年", reason: "x" }, now),
    ).rejects.toThrow("请选择申请延至的日期");
    await expect(
      requestExtension(db, actors.lead, task.id, { requestedDeadline: "2026-11-20", reason: "x" }, now),
    ).rejects.toThrow("申请延至的日期应晚于今天");
  });

  it("sets the next report date from the reporting cycle at hand-out and at each report", async () => {
    const db = database.prisma;
    const task = await createTask(db, {
      state: "draft",
      leadUnitId,
      coUnitIds: [coUnitId],
      reportCycle: "monthly",
      deadline: "2027-06-30",
    });
    await assignTasks(db, actors.office, [task.id], new Date("2027-01-31T02:00:00Z"));
    expect(
      (await db.task.findUniqueOrThrow({ where: { id: task.id } })).nextReportDue?.toISOString().slice(0, 10),
    ).toBe("2027-02-28");
    await signTask(db, actors.lead, task.id, now);
    await reportProgress(
      db,
      actors.co,
      task.id,
      { body: "配合完成资金拨付" },
      new Date("2027-02-10T02:00:00Z"),
    );
    expect(
      (await db.task.findUniqueOrThrow({ where: { id: task.id } })).nextReportDue?.toISOString().slice(0, 10),
    ).toBe("2027-03-10");
  });
});
