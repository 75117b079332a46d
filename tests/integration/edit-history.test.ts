// The office's edit of a handed-out task leaves an honest history: every changed field from what to what, in the
// words the page uses, and a moved deadline only with its reason, entered in the deadline history as an
// extension the office granted itself. The JSON API's PATCH keeps the same rule.
import { beforeEach, describe, expect, it } from "vitest";
import { type Browser, loggedIn, textOf, useTestApp } from "../helpers/app.ts";
import { createTask, createUnit, createUser } from "../helpers/factories.ts";

const ctx = useTestApp({ truncate: true });

let office: Browser;
let units: { shuiwu: number; zhujian: number; caizheng: number };
let leaders: { id: number; name: string }[];

const noReason = "修改已交办事项的完成时限，请填写调整理由";

beforeEach(async () => {
  const db = ctx.db;
  units = {
    shuiwu: (await createUnit(db, { name: "区水务局" })).id,
    zhujian: (await createUnit(db, { name: "区住建局" })).id,
    caizheng: (await createUnit(db, { name: "区财政局" })).id,
  };
  leaders = [await createUser(db, { role: "leader" }), await createUser(db, { role: "leader" })];
  office = await loggedIn(ctx.app, (await createUser(db, { role: "office" })).username);
});

async function handedOut(state: "assigned" | "in_progress" = "in_progress") {
  return createTask(ctx.db, {
    state,
    title: "北山水库除险加固",
    leadUnitId: units.shuiwu,
    coUnitIds: [units.caizheng],
    leaderId: leaders[0]!.id,
    deadline: "2029-03-01",
  });
}

/** The edit form as the task page sends it, posted from the task's page. */
function postEdit(taskId: number, fields: Record<string, string | string[]>) {
  const url = `/tasks/${taskId}`;
  return office.post(`${url}/edit`, { title: "北山水库除险加固", reportCycle: "none", ...fields }, url);
}

const historyOf = async (taskId: number) => {
  const page = textOf((await office.get(`/tasks/${taskId}`)).body);
  return page.slice(page.indexOf("办理记录"), page.indexOf("提醒记录"));
};

describe("an office edit of a handed-out task", () => {
  it("records every changed field from what to what, and the reason of a moved deadline", async () => {
    const db = ctx.db;
    const task = await handedOut();
    const url = `/tasks/${task.id}`;
    const changed = {
      title: "北山水库除险加固工程",
      leadUnitId: String(units.zhujian),
      leaderId: String(leaders[1]!.id),
      reportCycle: "weekly",
    };
    const res = await postEdit(task.id, {
      ...changed,
      deadline: "2029-04-01",
      deadlineReason: "设计变更，工期顺延",
    });
    expect(res.statusCode).toBe(303);
    const history = await historyOf(task.id);
    for (const change of [
      "事项名称：北山水库除险加固 → 北山水库除险加固工程",
      "牵头单位：区水务局 → 区住建局",
      "配合单位：区财政局 → 无",
      `分管领导：${leaders[0]!.name} → ${leaders[1]!.name}`,
      "完成时限：2029年3月1日 → 2029年4月1日",
      "反馈周期：不定期 → 每周",
      "调整理由：设计变更，工期顺延",
    ]) {
      expect(history).toContain(change);
    }

    // The deadline history: an extension the office granted itself, with its reason.
    const moves = await db.extensionRequest.findMany({ where: { taskId: task.id } });
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({
      status: "approved",
      reason: "设计变更，工期顺延",
      decisionNote: "督查室直接调整",
      originalDeadline: new Date("2029-03-01T00:00:00Z"),
      requestedDeadline: new Date("2029-04-01T00:00:00Z"),
    });
    const page = textOf((await office.get(url)).body);
    expect(page).toContain("2029年3月1日 → 2029年4月1日：督查室直接调整");

    // 长期坚持 instead of a deadline: both changes are named, and the reason is still asked for.
    const ongoing = await postEdit(task.id, { ...changed, ongoing: "on", deadlineReason: "改为长期坚持" });
    expect(ongoing.statusCode).toBe(303);
    const later = await historyOf(task.id);
    expect(later).toContain("完成时限：2029年4月1日 → 未定；长期坚持：否 → 是");
    expect(later).toContain("调整理由：改为长期坚持");
    // No date to move to: nothing more in the deadline history.
    expect(await db.extensionRequest.count({ where: { taskId: task.id } })).toBe(1);
  });

  it("refuses a moved deadline without a reason, beside the field, and keeps what was typed", async () => {
    const db = ctx.db;
    const task = await handedOut("assigned");
    const res = await postEdit(task.id, {
      leadUnitId: String(units.shuiwu),
      coUnitIds: String(units.caizheng),
      deadline: "2029-05-01",
    });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain(noReason);
    expect(res.body).toContain('id="edit-deadlineReason-error"');
    expect(res.body).toMatch(/<details open>\s*<summary>修改事项/);
    expect(res.body).toContain('name="deadline" value="2029-05-01"');
    const unchanged = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(unchanged.deadline).toEqual(new Date("2029-03-01T00:00:00Z"));
    expect(await db.extensionRequest.count({ where: { taskId: task.id } })).toBe(0);
    expect(await db.taskEvent.count({ where: { taskId: task.id, action: "edit" } })).toBe(0);
  });

  it("asks no reason when the deadline stays, nor on a draft", async () => {
    const db = ctx.db;
    const task = await handedOut();
    const res = await postEdit(task.id, {
      title: "北山水库除险加固（一期）",
      leadUnitId: String(units.shuiwu),
      coUnitIds: [String(units.caizheng), String(units.zhujian)],
      leaderId: String(leaders[0]!.id),
      deadline: "2029-03-01",
    });
    expect(res.statusCode).toBe(303);
    const history = await historyOf(task.id);
    expect(history).toContain("事项名称：北山水库除险加固 → 北山水库除险加固（一期）");
    expect(history).toContain("配合单位：区财政局 → 区财政局、区住建局");
    expect(history).not.toContain("完成时限：");

    const draft = await createTask(db, { state: "draft", leadUnitId: units.shuiwu, deadline: "2029-03-01" });
    const saved = await postEdit(draft.id, { leadUnitId: String(units.shuiwu), deadline: "2029-06-01" });
    expect(saved.statusCode).toBe(303);
    expect(await db.extensionRequest.count({ where: { taskId: draft.id } })).toBe(0);
  });
});

describe("PATCH /api/tasks/{id}", () => {
  async function officeToken(): Promise<string> {
    const res = await office.post("/account/tokens", { name: "台账同步" }, "/account/tokens");
    const token = /duban_[A-Za-z0-9_-]{43}/.exec(res.body)?.[0];
    if (!token) throw new Error("no token on the page");
    return token;
  }

  it("takes deadlineReason, and refuses a moved deadline without one", async () => {
    const db = ctx.db;
    const task = await handedOut();
    const token = await officeToken();
    const patch = (payload: object) =>
      ctx.app.inject({
        method: "PATCH",
        url: `/api/tasks/${task.id}`,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        payload: JSON.stringify(payload),
      });

    const refused = await patch({ deadline: "2029-04-01" });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toBe(noReason);
    expect(await db.extensionRequest.count({ where: { taskId: task.id } })).toBe(0);

    const moved = await patch({ deadline: "2029-04-01", deadlineReason: "设计变更" });
    expect(moved.statusCode).toBe(200);
    const [move] = await db.extensionRequest.findMany({ where: { taskId: task.id } });
    expect(move).toMatchObject({ status: "approved", reason: "设计变更", decisionNote: "督查室直接调整" });
    const edit = await db.taskEvent.findFirstOrThrow({ where: { taskId: task.id, action: "edit" } });
    expect(edit.note).toBe("完成时限：2029年3月1日 → 2029年4月1日\n调整理由：设计变更");

    // Documented in the API description, in Chinese.
    const docs = await ctx.app.inject({
      method: "GET",
      url: "/api/openapi.json",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain("调整理由：修改已交办事项的完成时限时必填");
  });
});
