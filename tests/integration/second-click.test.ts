// A form sent twice (the back button, a double click, two tabs of one rendered page) is carried out once: every
// rendered form carries its own _formKey, and the second post with it redirects with a notice instead of making
// a second report, decision or task. A press on a task someone else has just moved says who moved it.
import type { LightMyRequestResponse } from "fastify";
import Fastify from "fastify";
import { beforeEach, describe, expect, it } from "vitest";
import { jobs } from "../../src/jobs/jobs.ts";
import { type Browser, loggedIn, testConfig, textOf, useTestApp } from "../helpers/app.ts";
import { createTask, createUnit, createUser } from "../helpers/factories.ts";
import { formKeyOf, formKeysIn } from "../helpers/form-keys.ts";

const ctx = useTestApp({ truncate: true });

const repeated = "该表单已提交过，未重复处理";

let shuiwu: number;
let office: Browser;
let lead: Browser;
let leader: Browser;
let officeName: string;

beforeEach(async () => {
  const db = ctx.db;
  shuiwu = (await createUnit(db, { name: "区水务局" })).id;
  const officeUser = await createUser(db, { role: "office" });
  officeName = officeUser.name;
  office = await loggedIn(ctx.app, officeUser.username);
  lead = await loggedIn(ctx.app, (await createUser(db, { role: "unit", unitId: shuiwu })).username);
  leader = await loggedIn(ctx.app, (await createUser(db, { role: "leader" })).username);
});

/** The key of the form posting to `action` on `url`, as `browser` sees the page. */
async function keyFor(browser: Browser, url: string, action: string): Promise<string> {
  const page = await browser.get(url);
  expect(page.statusCode).toBe(200);
  return formKeyOf(page.body, `action="${action}"`);
}

/** The post answered like a success, and the page it leads to says it was not done again. */
async function expectRepeated(browser: Browser, res: LightMyRequestResponse) {
  expect(res.statusCode).toBe(303);
  const next = await browser.get(res.headers.location as string);
  expect(textOf(next.body)).toContain(repeated);
}

const events = (taskId: number, action: string) => ctx.db.taskEvent.count({ where: { taskId, action } });

describe("a form sent twice", () => {
  it("gives every rendered form its own key", async () => {
    const task = await createTask(ctx.db, { state: "pending_review", leadUnitId: shuiwu });
    const keys = formKeysIn((await office.get(`/tasks/${task.id}`)).body);
    expect(keys.length).toBeGreaterThan(3);
    expect(new Set(keys).size).toBe(keys.length);
    const again = formKeysIn((await office.get(`/tasks/${task.id}`)).body);
    expect(again.some((k) => keys.includes(k))).toBe(false);
  });

  it("签收 once", async () => {
    const task = await createTask(ctx.db, { state: "assigned", leadUnitId: shuiwu });
    const url = `/tasks/${task.id}`;
    const _formKey = await keyFor(lead, url, `${url}/sign`);
    expect((await lead.post(`${url}/sign`, { _formKey }, url)).statusCode).toBe(303);
    // Without the key this second press would be refused as a stale 409: the key says it is the same press.
    await expectRepeated(lead, await lead.post(`${url}/sign`, { _formKey }, url));
    expect(await events(task.id, "sign")).toBe(1);
  });

  it("reports progress once per rendered form, with or without files", async () => {
    const db = ctx.db;
    const task = await createTask(db, { state: "in_progress", leadUnitId: shuiwu });
    const url = `/tasks/${task.id}`;
    const _formKey = await keyFor(lead, url, `${url}/report`);
    const pdf = new TextEncoder().encode("%PDF-1.4\n% 验收报告\n");
    const file = { field: "files", name: "验收报告.pdf", type: "application/pdf", bytes: pdf };
    const send = (key: string) =>
      lead.postMultipart(`${url}/report`, { _formKey: key, body: "已完成主体工程。" }, [file], url);
    expect((await send(_formKey)).statusCode).toBe(303);
    await expectRepeated(lead, await send(_formKey));
    expect(await db.progressReport.count({ where: { taskId: task.id } })).toBe(1);
    expect(await db.attachment.count({ where: { taskId: task.id } })).toBe(1);
    // A second report, from a page rendered again, is a second report.
    expect((await send(await keyFor(lead, url, `${url}/report`))).statusCode).toBe(303);
    expect(await db.progressReport.count({ where: { taskId: task.id } })).toBe(2);
  });

  it("申请办结 and 申请延期 once", async () => {
    const db = ctx.db;
    const task = await createTask(db, { state: "in_progress", leadUnitId: shuiwu, deadline: "2029-03-01" });
    const url = `/tasks/${task.id}`;
    const extensionKey = await keyFor(lead, url, `${url}/extension`);
    const ask = { _formKey: extensionKey, requestedDeadline: "2029-04-01", reason: "汛期停工" };
    expect((await lead.post(`${url}/extension`, ask, url)).statusCode).toBe(303);
    await expectRepeated(lead, await lead.post(`${url}/extension`, ask, url));
    expect(await db.extensionRequest.count({ where: { taskId: task.id } })).toBe(1);

    const completionKey = await keyFor(lead, url, `${url}/request-completion`);
    const done = () =>
      lead.postMultipart(
        `${url}/request-completion`,
        { _formKey: completionKey, summary: "已全部完成。" },
        [],
        url,
      );
    expect((await done()).statusCode).toBe(303);
    await expectRepeated(lead, await done());
    expect(await db.progressReport.count({ where: { taskId: task.id, completion: true } })).toBe(1);
  });

  it("decides an extension once, whichever button", async () => {
    const db = ctx.db;
    const make = async () => {
      const task = await createTask(db, { state: "in_progress", leadUnitId: shuiwu, deadline: "2029-03-01" });
      const requester = await db.user.findFirstOrThrow({ where: { unitId: shuiwu } });
      const ask = await db.extensionRequest.create({
        data: {
          taskId: task.id,
          requestedById: requester.id,
          originalDeadline: task.deadline,
          requestedDeadline: new Date("2029-04-01T00:00:00Z"),
          reason: "汛期停工",
        },
      });
      return { task, action: `/tasks/${task.id}/extensions/${ask.id}`, url: `/tasks/${task.id}` };
    };
    for (const decision of ["approve", "refuse"]) {
      const { task, action, url } = await make();
      const _formKey = await keyFor(office, url, action);
      expect((await office.post(action, { _formKey, decision }, url)).statusCode).toBe(303);
      await expectRepeated(office, await office.post(action, { _formKey, decision }, url));
      expect(await events(task.id, `${decision}_extension`)).toBe(1);
    }
  });

  it("审核通过 and 退回 once", async () => {
    const approved = await createTask(ctx.db, { state: "pending_review", leadUnitId: shuiwu });
    const url = `/tasks/${approved.id}`;
    const approveKey = await keyFor(office, url, `${url}/approve`);
    expect((await office.post(`${url}/approve`, { _formKey: approveKey }, url)).statusCode).toBe(303);
    await expectRepeated(office, await office.post(`${url}/approve`, { _formKey: approveKey }, url));
    expect(await events(approved.id, "approve")).toBe(1);

    const returned = await createTask(ctx.db, { state: "pending_review", leadUnitId: shuiwu });
    const back = `/tasks/${returned.id}`;
    const form = { _formKey: await keyFor(office, back, `${back}/return`), reason: "佐证材料不全" };
    expect((await office.post(`${back}/return`, form, back)).statusCode).toBe(303);
    await expectRepeated(office, await office.post(`${back}/return`, form, back));
    expect(await events(returned.id, "return")).toBe(1);
  });

  it("交办 on the review page once; 保存 of a draft there is its own press", async () => {
    const db = ctx.db;
    const meeting = await db.meeting.create({
      data: {
        title: "区政府第21次常务会议",
        kind: "常务会议",
        sourceText: "会议要求。",
        contentHash: "sc-1",
      },
    });
    const draft = await createTask(db, {
      state: "draft",
      meetingId: meeting.id,
      leadUnitId: shuiwu,
      deadline: "2029-05-31",
      title: "城北排涝泵站改造",
    });
    const url = `/meetings/${meeting.id}/review`;
    const page = await office.get(url);
    const _formKey = formKeyOf(page.body, 'id="review"');
    const fields = {
      _formKey,
      taskIds: String(draft.id),
      [`title.${draft.id}`]: "城北排涝泵站改造",
      [`leadUnitId.${draft.id}`]: String(shuiwu),
      [`deadline.${draft.id}`]: "2029-05-31",
      [`reportCycle.${draft.id}`]: "monthly",
    };
    // 保存 and then 交办 from the same rendered page: two different presses of the page's one form.
    const saved = await office.post(
      `/meetings/${meeting.id}/save`,
      { ...fields, save: String(draft.id) },
      url,
    );
    expect(saved.statusCode).toBe(303);
    expect((await office.post(`/meetings/${meeting.id}/assign`, fields, url)).statusCode).toBe(303);
    await expectRepeated(office, await office.post(`/meetings/${meeting.id}/assign`, fields, url));
    expect(await events(draft.id, "assign")).toBe(1);
    expect((await db.task.findUniqueOrThrow({ where: { id: draft.id } })).state).toBe("assigned");
  });

  it("adds a missed directive on the review page once", async () => {
    const db = ctx.db;
    const sourceText = "会议要求，区水务局在明年汛期前完成城北排涝泵站改造。会议要求，区水务局做好河道清淤。";
    const meeting = await db.meeting.create({
      data: { title: "区政府第22次常务会议", kind: "常务会议", sourceText, contentHash: "sc-2" },
    });
    const url = `/meetings/${meeting.id}/review`;
    const action = `/meetings/${meeting.id}/add`;
    const form = { _formKey: await keyFor(office, url, action), fragment: "区水务局做好河道清淤" };
    expect((await office.post(action, form, url)).statusCode).toBe(303);
    await expectRepeated(office, await office.post(action, form, url));
    expect(await db.task.count({ where: { meetingId: meeting.id } })).toBe(1);
  });

  it("新建事项 once", async () => {
    const db = ctx.db;
    const _formKey = await keyFor(office, "/tasks/new", "/tasks/new");
    const form = {
      _formKey,
      origin: "leader",
      title: "老旧小区加装电梯",
      leadUnitId: String(shuiwu),
      deadline: "2029-06-30",
      reportCycle: "monthly",
    };
    expect((await office.post("/tasks/new", form)).statusCode).toBe(303);
    const again = await office.post("/tasks/new", form);
    expect(again.headers.location).toBe("/tasks");
    await expectRepeated(office, again);
    expect(await db.task.count({ where: { title: "老旧小区加装电梯" } })).toBe(1);
  });

  it("批示 once per key, twice with two keys", async () => {
    const task = await createTask(ctx.db, { state: "in_progress", leadUnitId: shuiwu });
    const url = `/tasks/${task.id}`;
    const first = await keyFor(leader, url, `${url}/instruct`);
    const second = await keyFor(leader, url, `${url}/instruct`);
    expect(first).not.toBe(second);
    const instruct = (key: string) =>
      leader.post(`${url}/instruct`, { _formKey: key, text: "加快进度" }, url);
    expect((await instruct(first)).statusCode).toBe(303);
    await expectRepeated(leader, await instruct(first));
    expect(await events(task.id, "instruct")).toBe(1);
    expect((await instruct(second)).statusCode).toBe(303);
    expect(await events(task.id, "instruct")).toBe(2);
  });

  it("carries out one of two posts of the same form sent at the same moment", async () => {
    const task = await createTask(ctx.db, { state: "in_progress", leadUnitId: shuiwu });
    const url = `/tasks/${task.id}`;
    const _formKey = await keyFor(leader, url, `${url}/instruct`);
    const token = await leader.csrfToken(url);
    const send = () => leader.post(`${url}/instruct`, { _csrf: token, _formKey, text: "加快进度" }, url);
    const answers = await Promise.all([send(), send()]);
    expect(answers.map((a) => a.statusCode)).toEqual([303, 303]);
    expect(await events(task.id, "instruct")).toBe(1);
  });

  it("leaves the key free when the first post was refused, so the corrected form goes through", async () => {
    const db = ctx.db;
    const task = await createTask(db, { state: "in_progress", leadUnitId: shuiwu, deadline: "2029-03-01" });
    const url = `/tasks/${task.id}`;
    const _formKey = await keyFor(lead, url, `${url}/extension`);
    // The service refuses a date before the deadline inside its transaction, after the key was claimed: the
    // claim is rolled back with it.
    const early = { _formKey, requestedDeadline: "2029-02-01", reason: "汛期停工" };
    expect((await lead.post(`${url}/extension`, early, url)).statusCode).toBe(422);
    const later = { ...early, requestedDeadline: "2029-04-01" };
    expect((await lead.post(`${url}/extension`, later, url)).statusCode).toBe(303);
    expect(await db.extensionRequest.count({ where: { taskId: task.id } })).toBe(1);
  });
});

describe("a press on a task someone else has just moved", () => {
  it("answers 409 with the refreshed page, naming who did what", async () => {
    const db = ctx.db;
    const task = await createTask(db, { state: "pending_review", leadUnitId: shuiwu });
    const url = `/tasks/${task.id}`;
    // A colleague at the office has the same page open.
    const colleague = await loggedIn(ctx.app, (await createUser(db, { role: "office" })).username);
    const returnKey = await keyFor(colleague, url, `${url}/return`);
    expect(
      (await office.post(`${url}/approve`, { _formKey: await keyFor(office, url, `${url}/approve`) }, url))
        .statusCode,
    ).toBe(303);
    const late = await colleague.post(`${url}/return`, { _formKey: returnKey, reason: "材料不全" }, url);
    expect(late.statusCode).toBe(409);
    const text = textOf(late.body);
    expect(text).toContain(`该事项已由${officeName}审核通过，页面已刷新，您刚才的操作未执行。`);
    // The refreshed page: the task as it is now, without the return form.
    expect(text).toContain("已办结");
    expect(late.body).not.toContain(`action="${url}/return"`);
    expect(await events(task.id, "return")).toBe(0);
  });

  it("names the unit's user who signed first", async () => {
    const db = ctx.db;
    const task = await createTask(db, { state: "assigned", leadUnitId: shuiwu });
    const url = `/tasks/${task.id}`;
    const colleague = await createUser(db, { role: "unit", unitId: shuiwu });
    const other = await loggedIn(ctx.app, colleague.username);
    const key = await keyFor(other, url, `${url}/sign`);
    expect((await lead.post(`${url}/sign`, {}, url)).statusCode).toBe(303);
    const signer = await db.taskEvent.findFirstOrThrow({ where: { taskId: task.id, action: "sign" } });
    const name = (await db.user.findUniqueOrThrow({ where: { id: signer.actorId! } })).name;
    const late = await other.post(`${url}/sign`, { _formKey: key }, url);
    expect(late.statusCode).toBe(409);
    expect(textOf(late.body)).toContain(`该事项已由区水务局${name}签收，页面已刷新，您刚才的操作未执行。`);
  });

  it("names who asked for the extension already waiting for a decision", async () => {
    const db = ctx.db;
    const task = await createTask(db, { state: "in_progress", leadUnitId: shuiwu, deadline: "2029-03-01" });
    const url = `/tasks/${task.id}`;
    const colleague = await createUser(db, { role: "unit", unitId: shuiwu });
    const other = await loggedIn(ctx.app, colleague.username);
    const key = await keyFor(other, url, `${url}/extension`);
    const ask = { requestedDeadline: "2029-04-01", reason: "汛期停工" };
    expect((await lead.post(`${url}/extension`, ask, url)).statusCode).toBe(303);
    const late = await other.post(`${url}/extension`, { ...ask, _formKey: key }, url);
    expect(late.statusCode).toBe(409);
    const asker = await db.extensionRequest.findFirstOrThrow({ include: { requestedBy: true } });
    expect(textOf(late.body)).toContain(
      `已有一份延期申请正在审批中（区水务局${asker.requestedBy.name}已提交），页面已刷新，您刚才的操作未执行。`,
    );
  });
});

describe("a collapsed section with a refused form", () => {
  it("is open on the page that shows the refusal", async () => {
    const task = await createTask(ctx.db, { state: "in_progress", leadUnitId: shuiwu });
    const url = `/tasks/${task.id}`;
    const closed = (await office.get(url)).body;
    expect(closed).toMatch(/<details>\s*<summary>修改事项/);
    expect(closed).toMatch(/<details>\s*<summary>撤销此事项/);

    const badEdit = await office.post(`${url}/edit`, { title: "", reportCycle: "monthly" }, url);
    expect(badEdit.statusCode).toBe(422);
    expect(badEdit.body).toMatch(/<details open>\s*<summary>修改事项/);
    expect(badEdit.body).toMatch(/<details>\s*<summary>撤销此事项/);

    const badCancel = await office.post(`${url}/cancel`, { reason: "" }, url);
    expect(badCancel.statusCode).toBe(422);
    expect(badCancel.body).toMatch(/<details open>\s*<summary>撤销此事项/);
    expect(badCancel.body).toMatch(/<details>\s*<summary>修改事项/);
  });
});

describe("the form-keys job", () => {
  it("deletes keys older than seven days and keeps the rest", async () => {
    const db = ctx.db;
    const user = await db.user.findFirstOrThrow();
    const now = new Date("2026-12-10T20:00:00Z");
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    await db.formSubmission.createMany({
      data: [
        { key: "old", userId: user.id, createdAt: daysAgo(7.01) },
        { key: "week", userId: user.id, createdAt: daysAgo(6.99) },
        { key: "today", userId: user.id, createdAt: daysAgo(0) },
      ],
    });
    const job = jobs.find((j) => j.name === "form-keys")!;
    const jobCtx = { db, log: Fastify({ logger: false }).log, now, config: testConfig(), sender: null };
    expect(await job.run(jobCtx)).toEqual({ deleted: 1 });
    const left = await db.formSubmission.findMany({ orderBy: { key: "asc" } });
    expect(left.map((r) => r.key)).toEqual(["today", "week"]);
  });
});
