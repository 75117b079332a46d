// A unit's inbox: each task once, a co-unit told why a task waits and able to report once the lead unit signed,
// several tasks signed at once (a task signed meanwhile reported, not an error page), finished tasks searched.
import { beforeEach, describe, expect, it } from "vitest";
import { type Browser, expectRefusal, loggedIn, signedInEach, textOf, useTestApp } from "../helpers/app.ts";
import { createTask, createTasks, createUnitIds, createUser } from "../helpers/factories.ts";

let lead: Browser;
let colleague: Browser;
let co: Browser;
let shuiwu: number;
let caizheng: number;
const now = new Date("2026-11-24T02:00:00Z");
const ctx = useTestApp({ truncate: true, clock: () => now });

beforeEach(async () => {
  [shuiwu, caizheng] = (await createUnitIds(ctx.db, "区水务局", "区财政局")) as [number, number];
  ({ lead, colleague, co } = (
    await signedInEach(ctx.app, ctx.db, {
      lead: { role: "unit", unitId: shuiwu },
      colleague: { role: "unit", unitId: shuiwu },
      co: { role: "unit", unitId: caizheng },
    })
  ).browsers);
});

const count = (text: string, words: string) => text.split(words).length - 1;

describe("the inbox", () => {
  it("lists each task once, in the first section it belongs to", async () => {
    const db = ctx.db;
    // Late and returned: listed as returned only.
    const returned = await createTask(db, {
      state: "in_progress",
      leadUnitId: shuiwu,
      deadline: "2026-11-01",
      title: "逾期又被退回的河道清淤",
    });
    await db.taskEvent.create({ data: { taskId: returned.id, action: "return", note: "材料不全" } });
    await createTasks(db, { leadUnitId: shuiwu }, [
      { state: "in_progress", deadline: "2026-11-10", title: "逾期的泵站检修" },
      { state: "pending_review", deadline: "2026-11-10", title: "逾期待审的堤防加固" },
      { state: "in_progress", deadline: "2027-01-10", title: "按期推进的水源保护" },
    ]);

    const text = textOf((await lead.get("/")).body);
    for (const title of [
      "逾期又被退回的河道清淤",
      "逾期的泵站检修",
      "逾期待审的堤防加固",
      "按期推进的水源保护",
    ])
      expect(count(text, title)).toBe(1);
    const section = (heading: string) => text.slice(text.indexOf(heading));
    expect(section("被退回").indexOf("逾期又被退回的河道清淤")).toBeLessThan(
      section("被退回").indexOf("已逾期"),
    );
    expect(section("已逾期")).toMatch(/^已逾期 1 .*逾期的泵站检修/);
    expect(section("待督查室审核")).toContain("逾期待审的堤防加固");
  });

  it("tells a co-unit a task waits for the lead unit, then lets it report its part", async () => {
    const db = ctx.db;
    const task = await createTask(db, {
      state: "assigned",
      leadUnitId: shuiwu,
      coUnitIds: [caizheng],
      deadline: "2027-03-31",
      title: "老旧小区雨污分流",
    });
    const inbox = textOf((await co.get("/")).body);
    expect(inbox).toContain("待牵头单位签收");
    expect(inbox).toContain("牵头单位尚未签收");
    expect(inbox).toContain("本单位配合，牵头 区水务局");
    expect(inbox).not.toContain("签收勾选的事项");
    expect(count(inbox, "老旧小区雨污分流")).toBe(1);
    // Before the lead unit signs there is nothing to report on: the task may still be re-divided by the office.
    const page = await co.get(`/tasks/${task.id}`);
    expect(textOf(page.body)).toContain("牵头单位尚未签收");
    expect(page.body).not.toContain(`action="/tasks/${task.id}/report"`);
    const early = await co.postMultipart(
      `/tasks/${task.id}/report`,
      { body: "资金已落实" },
      [],
      `/tasks/${task.id}`,
    );
    expect(early.statusCode).toBe(409);
    expect(await db.progressReport.count({ where: { taskId: task.id } })).toBe(0);

    await lead.post(`/tasks/${task.id}/sign`, {}, `/tasks/${task.id}`);
    const signed = await co.get(`/tasks/${task.id}`);
    expect(signed.body).toContain(`action="/tasks/${task.id}/report"`);
    expect(signed.body).not.toContain(`action="/tasks/${task.id}/request-completion"`);
    const reported = await co.postMultipart(
      `/tasks/${task.id}/report`,
      { body: "配套资金 300 万元已拨付到位。" },
      [],
      `/tasks/${task.id}`,
    );
    expect(reported.statusCode).toBe(303);
    const report = await db.progressReport.findFirstOrThrow({ where: { taskId: task.id } });
    expect(report).toMatchObject({ unitId: caizheng, body: "配套资金 300 万元已拨付到位。" });
    expect(textOf((await co.get("/")).body)).not.toContain("牵头单位尚未签收");
  });

  it("signs several ticked tasks at once and reports the one a colleague signed meanwhile", async () => {
    const db = ctx.db;
    const [a, b, c, other] = await createTasks(db, { state: "assigned" }, [
      { leadUnitId: shuiwu, deadline: "2027-02-28", title: "排水管网普查" },
      { leadUnitId: shuiwu, deadline: "2027-03-31", title: "易涝点整治" },
      { leadUnitId: shuiwu, deadline: "2027-04-30", title: "水厂扩容" },
      { leadUnitId: caizheng, title: "别的单位的事项", deadline: "2027-04-30" },
    ]);
    const page = await lead.get("/");
    expect(page.body).toContain(`name="taskIds" value="${a.id}" form="sign-batch"`);
    expect(page.body).toContain('action="/tasks/sign"');

    // A colleague signs 水厂扩容 from another phone before this one presses the button.
    expect((await colleague.post(`/tasks/${c.id}/sign`, {}, `/tasks/${c.id}`)).statusCode).toBe(303);
    const ids = [a, b, c, other].map((t) => String(t.id));
    const res = await lead.post("/tasks/sign", { taskIds: ids }, "/");
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/");
    const flash = textOf((await lead.get("/")).body);
    expect(flash).toContain("已签收 2 项");
    expect(flash).toContain("未签收 2 项：“水厂扩容”：已由本单位签收，无需重复签收");
    expect(flash).toContain("不存在或不是本单位的事项");
    const states = await db.task.findMany({
      where: { id: { in: [a.id, b.id, c.id, other.id] } },
      orderBy: { id: "asc" },
    });
    expect(states.map((t) => t.state)).toEqual(["in_progress", "in_progress", "in_progress", "assigned"]);
    expect(await db.taskEvent.count({ where: { action: "sign" } })).toBe(3);

    // Nothing ticked, or a co-unit trying: said on the page, nothing changes.
    expectRefusal(await lead.post("/tasks/sign", {}, "/"), "请先勾选要签收的事项");
    expectRefusal(await lead.post("/tasks/sign", { taskIds: "abc" }, "/"), "所选事项有误");
    const coTask = await createTask(db, {
      state: "assigned",
      leadUnitId: shuiwu,
      coUnitIds: [caizheng],
      deadline: "2027-04-30",
      title: "协同的事项",
    });
    await co.post("/tasks/sign", { taskIds: [String(coTask.id)] }, "/");
    expect(textOf((await co.get("/")).body)).toContain(
      "没有签收任何事项。未签收 1 项：“协同的事项”：“签收”由牵头单位办理",
    );
    expect((await db.task.findUniqueOrThrow({ where: { id: coTask.id } })).state).toBe("assigned");
  });

  it("keeps finished tasks in their own section, searched with a bounded query", async () => {
    const db = ctx.db;
    for (const [i, title] of [
      "水毁道路修复",
      "山塘清淤",
      "防汛仓库建设",
      "灌区节水改造",
      "河长制巡河",
      "水库移民帮扶",
      "供水管网改造",
    ].entries()) {
      const t = await createTask(db, { state: "done", leadUnitId: shuiwu, deadline: "2026-10-31", title });
      await db.task.update({ where: { id: t.id }, data: { doneAt: new Date(Date.UTC(2026, 9, 1 + i)) } });
    }
    await createTask(db, {
      state: "done",
      leadUnitId: caizheng,
      deadline: "2026-10-31",
      title: "别的单位办结的改造",
    });
    const text = textOf((await lead.get("/")).body);
    expect(text).toContain("已办结 7");
    expect(text).toContain("共 7 项，显示最近办结的 5 项");
    expect(text).toContain("供水管网改造");
    expect(text).not.toContain("水毁道路修复");

    const found = await lead.get(`/tasks/done?q=${encodeURIComponent("改造")}`);
    expect(found.statusCode).toBe(200);
    const words = textOf(found.body);
    expect(words).toContain("“改造”：找到 2 项");
    expect(words).toContain("灌区节水改造");
    expect(words).toContain("供水管网改造");
    expect(words).not.toContain("别的单位办结的改造");
    expect(words).not.toContain("山塘清淤");
    const tooLong = await lead.get(`/tasks/done?q=${"水".repeat(101)}`);
    expectRefusal(tooLong, "搜索词不能超过 100 个字");
    expect((await lead.get("/tasks/done?q=%25")).statusCode).toBe(200);
    const office = await loggedIn(ctx.app, (await createUser(db, { role: "office" })).username);
    expect((await office.get("/tasks/done")).statusCode).toBe(403);
  });
});
