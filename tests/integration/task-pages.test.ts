// The task pages as each role uses them: a unit signs, reports with a file, asks to close; the office reviews;
// a leader leaves an instruction; nobody opens what is not theirs.
import { beforeAll, describe, expect, it } from "vitest";
import { type Browser, expectRefusal, signedInCast, textOf, useTestApp } from "../helpers/app.ts";
import { createTask, createTaskInProgress, createTasks } from "../helpers/factories.ts";

const now = new Date("2026-11-24T02:00:00Z");
const ctx = useTestApp({ clock: () => now, dataDir: true });
const pdf = new TextEncoder().encode("%PDF-1.4\n% 验收报告\n");

let shuiwu: number;
let caizheng: number;
let browsers: Record<"office" | "leader" | "lead" | "co" | "other", Browser>;

beforeAll(async () => {
  const cast = await signedInCast(ctx.app, ctx.db);
  browsers = cast.browsers;
  ({ lead: shuiwu, co: caizheng } = cast.unitIds);
});

describe("a task from hand-out to done", () => {
  it("walks through sign, report with a file, completion request, return, and approval", async () => {
    const db = ctx.db;
    const task = await createTask(db, {
      state: "assigned",
      leadUnitId: shuiwu,
      coUnitIds: [caizheng],
      deadline: "2027-05-31",
      title: "北山水库除险加固",
    });
    const url = `/tasks/${task.id}`;

    const inbox = textOf((await browsers.lead.get("/")).body);
    expect(inbox).toContain("待签收");
    expect(inbox).toContain("北山水库除险加固");

    // The co-unit cannot sign; the lead unit can.
    expect((await browsers.co.post(`${url}/sign`, {}, url)).statusCode).toBe(403);
    const signed = await browsers.lead.post(`${url}/sign`, {}, url);
    expect(signed.statusCode).toBe(303);
    expect(textOf((await browsers.lead.get(url)).body)).toContain("已签收，请按时报送进展");

    // A report with evidence, from the co-unit.
    const report = await browsers.co.postMultipart(
      `${url}/report`,
      { body: "已拨付省级补助资金 800 万元。" },
      [{ field: "files", name: "拨付凭证.pdf", type: "application/pdf", bytes: pdf }],
    );
    expect(report.statusCode).toBe(303);
    const page = (await browsers.office.get(url)).body;
    expect(textOf(page)).toContain("已拨付省级补助资金 800 万元。");
    const fileId = /href="\/files\/(\d+)">拨付凭证\.pdf/.exec(page)?.[1];
    expect(fileId).toBeTruthy();

    const download = await browsers.lead.get(`/files/${fileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(Buffer.from(pdf))).toBe(true);
    expect(download.headers["content-disposition"]).toContain(encodeURIComponent("拨付凭证.pdf"));
    expect((await browsers.other.get(`/files/${fileId}`)).statusCode).toBe(403);

    // A file that is not what it says is refused and nothing is written.
    const bad = await browsers.lead.postMultipart(`${url}/report`, { body: "附件有问题" }, [
      { field: "files", name: "照片.png", type: "image/png", bytes: pdf },
    ]);
    expectRefusal(bad, "“照片.png”的内容与扩展名不符", "附件有问题");
    expect(await db.progressReport.count({ where: { taskId: task.id } })).toBe(1);

    const asked = await browsers.lead.postMultipart(
      `${url}/request-completion`,
      { summary: "主体工程完工。" },
      [],
    );
    expect(asked.statusCode).toBe(303);
    const returned = await browsers.office.post(`${url}/return`, { reason: "请补充验收报告" }, url);
    expect(returned.statusCode).toBe(303);
    const afterReturn = textOf((await browsers.lead.get("/")).body);
    expect(afterReturn).toContain("被退回");

    await browsers.lead.postMultipart(`${url}/request-completion`, { summary: "已补充验收报告。" }, [
      { field: "files", name: "验收报告.pdf", type: "application/pdf", bytes: pdf },
    ]);
    expect((await browsers.office.post(`${url}/approve`, {}, url)).statusCode).toBe(303);

    const done = textOf((await browsers.office.get(url)).body);
    expect(done).toContain("已办结");
    for (const step of ["签收", "进展反馈", "申请办结", "退回", "审核通过"]) expect(done).toContain(step);
    expect(done).toContain("请补充验收报告");
  });
});

describe("refusals on the pages", () => {
  it("keeps other units out of a task and its files", async () => {
    const task = await createTask(ctx.db, { state: "in_progress", leadUnitId: shuiwu });
    const res = await browsers.other.get(`/tasks/${task.id}`);
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain("这不是本单位的督办事项");
    expect(
      (await browsers.other.post(`/tasks/${task.id}/report`, { body: "越权" }, "/account")).statusCode,
    ).toBe(403);
  });

  it("hides drafts from units", async () => {
    const task = await createTask(ctx.db, { state: "draft", leadUnitId: shuiwu });
    expect((await browsers.lead.get(`/tasks/${task.id}`)).statusCode).toBe(403);
  });

  it("lets a leader read any task and leave an instruction, but not act on it", async () => {
    const task = await createTask(ctx.db, { state: "pending_review", leadUnitId: shuiwu });
    const url = `/tasks/${task.id}`;
    const page = (await browsers.leader.get(url)).body;
    expect(page).toContain("领导批示");
    expect(page).not.toContain("审核通过</button>");
    expect((await browsers.leader.post(`${url}/approve`, {}, url)).statusCode).toBe(403);
    const empty = await browsers.leader.post(`${url}/instruct`, { text: "" }, url);
    expectRefusal(empty, "请填写批示内容");
    await browsers.leader.post(`${url}/instruct`, { text: "请务必在汛期前完工。" }, url);
    expect(textOf((await browsers.office.get(url)).body)).toContain("请务必在汛期前完工。");
  });

  it("tells a unit why an extension date is refused, keeping what they typed", async () => {
    const { url } = await createTaskInProgress(ctx.db, shuiwu);
    const res = await browsers.lead.post(
      `${url}/extension`,
      { requestedDeadline: "2026-12-01", reason: "雨季影响" },
      url,
    );
    expectRefusal(res, "应晚于现在的完成时限（2026年12月31日）");
    expect(res.body).toContain("雨季影响");
  });

  it("answers a unit user who opens the ledger with 403", async () => {
    expect((await browsers.lead.get("/tasks")).statusCode).toBe(403);
  });
});

describe("manual tasks (领导交办 / 上级督办)", () => {
  it("creates a handed-out task without a record, and refuses bad input and other roles", async () => {
    const db = ctx.db;
    const empty = await browsers.office.post("/tasks/new", { title: "", reportCycle: "monthly" });
    expect(empty.statusCode).toBe(422);
    for (const message of ["请选择事项来源", "请填写事项名称", "请选择牵头单位"])
      expect(textOf(empty.body)).toContain(message);
    const noDeadline = await browsers.office.post("/tasks/new", {
      origin: "leader",
      title: "调研城市更新",
      leadUnitId: String(shuiwu),
      reportCycle: "monthly",
    });
    expect(textOf(noDeadline.body)).toContain("请填写完成时限，或勾选“长期坚持”");
    const ghost = await browsers.office.post("/tasks/new", {
      origin: "leader",
      title: "调研城市更新",
      leadUnitId: "99999",
      deadline: "2026-12-31",
      reportCycle: "monthly",
    });
    expect(textOf(ghost.body)).toContain("所选单位不存在或已停用");
    const before = await db.task.count();

    const ok = await browsers.office.post("/tasks/new", {
      origin: "superior",
      title: "落实省督查组反馈问题整改",
      leadUnitId: String(shuiwu),
      coUnitIds: [String(caizheng)],
      deadline: "2026-12-31",
      reportCycle: "weekly",
    });
    expect(ok.statusCode).toBe(303);
    expect(await db.task.count()).toBe(before + 1);
    const page = textOf((await browsers.lead.get(ok.headers.location as string)).body);
    expect(page).toContain("落实省督查组反馈问题整改");
    expect(page).toContain("上级督办");
    expect(page).toContain("待签收");

    expect((await browsers.leader.get("/tasks/new")).statusCode).toBe(403);
    expect(
      (
        await browsers.lead.post(
          "/tasks/new",
          {
            origin: "leader",
            title: "x",
            leadUnitId: String(shuiwu),
            deadline: "2026-12-31",
            reportCycle: "none",
          },
          "/account",
        )
      ).statusCode,
    ).toBe(403);
    expect(await db.task.count()).toBe(before + 1);
  });

  it("lets the office correct a handed-out task, recording the change", async () => {
    const { url } = await createTaskInProgress(ctx.db, shuiwu);
    const res = await browsers.office.post(
      `${url}/edit`,
      {
        title: "改过的名称",
        leadUnitId: String(shuiwu),
        deadline: "2027-01-15",
        deadlineReason: "领导同意顺延",
        reportCycle: "monthly",
      },
      url,
    );
    expect(res.statusCode).toBe(303);
    const page = textOf((await browsers.office.get(url)).body);
    expect(page).toContain("改过的名称");
    expect(page).toContain("2027年1月15日");
    expect(page).toContain("完成时限：2026年12月31日 → 2027年1月15日");
    expect(page).toContain("2026年12月31日 → 2027年1月15日：督查室直接调整");
    expect(
      (await browsers.lead.post(`${url}/edit`, { title: "单位改名", reportCycle: "none" }, url)).statusCode,
    ).toBe(403);
  });
});

describe("ledger", () => {
  it("filters by state, unit, light and text, and pages", async () => {
    const db = ctx.db;
    await db.task.deleteMany({ where: { events: { none: {} }, reports: { none: {} } } });
    const [late, soon, calm] = await createTasks(db, { state: "in_progress" }, [
      { leadUnitId: shuiwu, deadline: "2026-11-20", title: "逾期的排涝泵站" },
      { leadUnitId: caizheng, deadline: "2026-11-28", title: "资金拨付" },
      { leadUnitId: caizheng, coUnitIds: [shuiwu], deadline: "2027-03-01", title: "绩效评价" },
    ]);
    const ids = (html: string) => [...html.matchAll(/href="\/tasks\/(\d+)"/g)].map((m) => Number(m[1]));

    const red = ids((await browsers.office.get("/tasks?light=red")).body);
    expect(red).toContain(late.id);
    expect(red).not.toContain(soon.id);
    expect(ids((await browsers.office.get("/tasks?light=yellow")).body)).toEqual(
      expect.arrayContaining([soon.id]),
    );
    expect(ids((await browsers.office.get("/tasks?light=green")).body)).toContain(calm.id);
    const byUnit = ids((await browsers.office.get(`/tasks?unitId=${shuiwu}&state=in_progress`)).body);
    expect(byUnit).toEqual(expect.arrayContaining([late.id, calm.id]));
    expect(byUnit).not.toContain(soon.id);
    expect(ids((await browsers.leader.get(`/tasks?q=${encodeURIComponent("排涝")}`)).body)).toEqual([
      late.id,
    ]);

    const bad = await browsers.office.get("/tasks?state=flying&from=tomorrow");
    expectRefusal(bad, "筛选条件有误");

    for (let i = 0; i < 55; i++)
      await createTask(db, { state: "assigned", leadUnitId: shuiwu, title: `批量事项${i}` });
    const first = await browsers.office.get("/tasks?state=assigned");
    expect(ids(first.body)).toHaveLength(50);
    expect(textOf(first.body)).toContain("第 1 页，共 2 页");
    const second = await browsers.office.get("/tasks?state=assigned&page=2");
    expect(ids(second.body).length).toBeGreaterThanOrEqual(5);
  });
});

describe("an edit with mistakes", () => {
  it("comes back on the task page of a handed-out task, with the Chinese messages, and changes nothing", async () => {
    const db = ctx.db;
    const { task, url } = await createTaskInProgress(db, shuiwu, { title: "城区积水点改造" });
    const before = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    const events = await db.taskEvent.count({ where: { taskId: task.id } });

    const noTitle = await browsers.office.post(
      `${url}/edit`,
      { title: "", leadUnitId: String(shuiwu), deadline: "2027-01-15", reportCycle: "monthly" },
      url,
    );
    expectRefusal(noTitle, "城区积水点改造", "请填写事项名称", "修改事项（名称、单位、时限、反馈周期）");
    // The task page, not the meeting review page nor a bare error page.
    expect(noTitle.body).toContain(`action="/tasks/${task.id}/edit"`);
    expect(noTitle.body).toContain("<details open>");

    const impossible = await browsers.office.post(
      `${url}/edit`,
      { title: "改过的名称", leadUnitId: String(shuiwu), deadline: "2026-02-30", reportCycle: "monthly" },
      url,
    );
    expectRefusal(impossible, "城区积水点改造", "日期应为真实存在的日期");

    const after = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(after).toEqual(before);
    expect(await db.taskEvent.count({ where: { taskId: task.id } })).toBe(events);

    // A unit may not edit, and a form with mistakes does not show it the task page instead.
    const byUnit = await browsers.lead.post(`${url}/edit`, { title: "", reportCycle: "none" }, url);
    expect(byUnit.statusCode).toBe(403);
  });

  it("comes back on the meeting's review page for a draft", async () => {
    const db = ctx.db;
    const sourceText = "会议要求，区水务局牵头完成防汛物资储备，年底前完成。";
    const meeting = await db.meeting.create({
      data: { title: "区政府第9次常务会议", kind: "常务会议", sourceText, contentHash: "task-pages-edit" },
    });
    const draft = await db.task.create({
      data: {
        title: "防汛物资储备",
        state: "draft",
        origin: "meeting",
        meetingId: meeting.id,
        leadUnitId: shuiwu,
        sourceText,
        sourceStart: 0,
        sourceEnd: sourceText.length,
      },
    });
    const review = `/meetings/${meeting.id}/review`;
    const res = await browsers.office.post(
      `/tasks/${draft.id}/edit`,
      { title: "防汛物资储备", leadUnitId: String(shuiwu), deadline: "2026-02-30", reportCycle: "none" },
      review,
    );
    expectRefusal(res, "区政府第9次常务会议", "日期应为真实存在的日期");
    expect(res.body).toContain(`action="/meetings/${meeting.id}/assign"`);
    expect((await db.task.findUniqueOrThrow({ where: { id: draft.id } })).deadline).toBeNull();
  });
});
