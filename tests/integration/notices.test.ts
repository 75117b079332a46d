// Workflow notices end to end: each event's email arrives at a real SMTP server with the task's title and link,
// at once or only in the daily digest as each person chose on 我的账号; a unit none of whose accounts has an
// address hears at its contact mailbox, and one with neither shows as a failed row on 邮件 that retry refuses; a refused action tells no one; a rerun of the daily run or of an event adds nothing.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/open-database.ts";
import { createMailer, type Mailer } from "../../src/email/transport.ts";
import { loadActor } from "../../src/features/auth/service.ts";
import { seedDemo } from "../../src/features/demo/seed.ts";
import { notifyEvent, sendNoticeDigests } from "../../src/features/notices/service.ts";
import * as tasks from "../../src/features/tasks/service.ts";
import { runScheduledReminders } from "../../src/jobs/reminder-schedule.ts";
import type { Actor } from "../../src/shared/actor.ts";
import { createTestApp, loggedIn, textOf, useTestApp } from "../helpers/app.ts";
import { createTask, createUnit, createUser } from "../helpers/factories.ts";
import { type Received, SmtpSink } from "../helpers/smtp.ts";

// Plain http: an https address makes the session cookie Secure, which app.inject does not send back.
const publicUrl = "http://duban.example.gov.cn";
const now = new Date("2026-11-24T02:00:00Z"); // 10:00 in Shanghai
const runAt = new Date("2026-11-25T01:00:00Z"); // the next morning's reminder run, 09:00 in Shanghai

let db: Db;
let smtp: SmtpSink;
let mailer: Mailer;
let app: FastifyInstance;

useTestApp(
  (opened) => {
    db = opened.prisma;
  },
  { truncate: true },
);

beforeAll(async () => {
  smtp = await new SmtpSink().start();
  mailer = createMailer(smtp.url);
  app = await createTestApp(db, { mailer, clock: () => now, env: { PUBLIC_URL: publicUrl } });
});
afterAll(async () => {
  await app?.close();
  mailer?.close();
  await smtp?.stop();
});
beforeEach(() => {
  smtp.messages.length = 0;
  smtp.greylistAll = false;
});

/** A user with an address (or none), as the office would have entered it. */
async function account(role: "office" | "unit" | "leader", unitId?: number, email: string | null = null) {
  const user = await createUser(db, { role, unitId });
  if (email) await db.user.update({ where: { id: user.id }, data: { email } });
  return { ...user, email, actor: (await loadActor(db, user.id)) as Actor };
}

/** A district: a lead unit with two accounts, a co-unit with one, an office clerk, a leader. */
async function district() {
  const lead = await createUnit(db, { name: "区水务局" });
  const co = await createUnit(db, { name: "区财政局" });
  return {
    lead,
    co,
    office: await account("office", undefined, "ducha@example.gov.cn"),
    leader: await account("leader", undefined, "lingdao@example.gov.cn"),
    leadA: await account("unit", lead.id, "shuiwu-a@example.gov.cn"),
    leadB: await account("unit", lead.id, "shuiwu-b@example.gov.cn"),
    coA: await account("unit", co.id, "caizheng@example.gov.cn"),
  };
}

type District = Awaited<ReturnType<typeof district>>;

/** A unit with these contact addresses, as the directory holds them. */
async function unitWith(name: string, emails: string[]) {
  const unit = await createUnit(db, { name });
  return db.unit.update({ where: { id: unit.id }, data: { emails } });
}

async function taskFor(
  d: District,
  state: "draft" | "in_progress" | "pending_review",
  title = "推进城区排水管网改造",
) {
  return createTask(db, {
    state,
    title,
    leadUnitId: d.lead.id,
    coUnitIds: [d.co.id],
    deadline: "2026-12-31",
  });
}

/** Waits for the sender the commit woke; every message it sent has arrived once this returns. */
async function delivered(): Promise<Received[]> {
  await app.sender!.drain();
  return [...smtp.messages];
}

const to = (messages: Received[], address: string) => messages.filter((m) => m.to.includes(address));

function expectAbout(message: Received | undefined, title: string, taskId: number) {
  expect(message).toBeDefined();
  expect(message!.subject).toContain(title);
  expect(message!.text).toContain(`${publicUrl}/tasks/${taskId}`);
  expect(message!.html).toContain(`href="${publicUrl}/tasks/${taskId}"`);
}

describe("each event tells the people it concerns", () => {
  it("交办 reaches every account of the lead unit and of each co-unit, with the deadline in Chinese", async () => {
    const d = await district();
    const task = await taskFor(d, "draft");
    await tasks.assignTasks(db, d.office.actor, [task.id], now);
    const mail = await delivered();
    expect(mail.flatMap((m) => m.to).sort()).toEqual([d.leadA.email, d.leadB.email, d.coA.email].sort());
    const lead = to(mail, d.leadA.email!)[0];
    expectAbout(lead, "推进城区排水管网改造", task.id);
    expect(lead!.subject).toBe("【督办交办】推进城区排水管网改造");
    expect(lead!.text).toContain("完成时限：2026年12月31日");
    expect(lead!.text).toContain("牵头单位");
    expect(to(mail, d.coA.email!)[0]!.text).toContain("配合单位");
    // One outbox row per event and person, under the notice's key.
    const event = await db.taskEvent.findFirstOrThrow({ where: { taskId: task.id, action: "assign" } });
    const keys = (await db.outboxEmail.findMany({ select: { dedupeKey: true } })).map((r) => r.dedupeKey);
    expect(keys.sort()).toEqual(
      [d.leadA.id, d.leadB.id, d.coA.id].map((id) => `notice:${event.id}:${id}`).sort(),
    );
  });

  it("交办 from the review page makes its flash true, and 新建事项 tells the units too", async () => {
    const d = await district();
    const meeting = await db.meeting.create({
      data: { title: "区政府第30次常务会议", kind: "常务会议", sourceText: "会议要求……", contentHash: "n30" },
    });
    const draft = await createTask(db, {
      state: "draft",
      title: "开展汛前隐患排查",
      meetingId: meeting.id,
      leadUnitId: d.lead.id,
      deadline: "2027-05-31",
    });
    const office = await loggedIn(app, d.office.username);
    const review = `/meetings/${meeting.id}/review`;
    const res = await office.post(`/meetings/${meeting.id}/assign`, { taskIds: [String(draft.id)] }, review);
    expect(res.statusCode).toBe(303);
    expect(textOf((await office.get(review)).body)).toContain("已交办 1 项，责任单位将收到通知");
    const mail = await delivered();
    expect(mail.flatMap((m) => m.to).sort()).toEqual([d.leadA.email, d.leadB.email].sort());
    expectAbout(mail[0], "开展汛前隐患排查", draft.id);
    expect(mail[0]!.text).toContain("完成时限：2027年5月31日");

    smtp.messages.length = 0;
    const manual = await tasks.createManualTask(
      db,
      d.office.actor,
      {
        origin: "leader",
        title: "做好冬季供暖保障",
        leadUnitId: d.co.id,
        coUnitIds: [],
        deadline: null,
        ongoing: true,
        reportCycle: "monthly",
      },
      now,
    );
    const told = await delivered();
    expect(told.map((m) => m.to)).toEqual([[d.coA.email]]);
    expectAbout(told[0], "做好冬季供暖保障", manual.id);
    expect(told[0]!.text).toContain("完成时限：长期坚持");
  });

  it("退回 tells the units the reason", async () => {
    const d = await district();
    const task = await taskFor(d, "pending_review", "完成老旧小区雨污分流");
    await tasks.returnTask(db, d.office.actor, task.id, "缺少竣工验收报告", now);
    const mail = await delivered();
    expect(mail).toHaveLength(3);
    const lead = to(mail, d.leadB.email!)[0];
    expectAbout(lead, "完成老旧小区雨污分流", task.id);
    expect(lead!.subject).toBe("【督办退回】完成老旧小区雨污分流");
    expect(lead!.text).toContain("退回理由：缺少竣工验收报告");
  });

  it("申请延期 tells the office; the ruling, granted or refused, tells the lead unit", async () => {
    const d = await district();
    const task = await taskFor(d, "in_progress");
    const asked = await tasks.requestExtension(
      db,
      d.leadA.actor,
      task.id,
      { requestedDeadline: "2027-01-31", reason: "汛期影响施工" },
      now,
    );
    let mail = await delivered();
    expect(mail.map((m) => m.to)).toEqual([[d.office.email]]);
    expectAbout(mail[0], "推进城区排水管网改造", task.id);
    expect(mail[0]!.text).toContain("由2026年12月31日延至2027年1月31日");
    expect(mail[0]!.text).toContain("汛期影响施工");

    smtp.messages.length = 0;
    await tasks.decideExtension(db, d.office.actor, task.id, asked.id, { approve: true, note: "同意" }, now);
    mail = await delivered();
    expect(mail.flatMap((m) => m.to).sort()).toEqual([d.leadA.email, d.leadB.email].sort());
    expectAbout(mail[0], "推进城区排水管网改造", task.id);
    expect(mail[0]!.text).toContain("同意延期，完成时限调整为2027年1月31日");

    smtp.messages.length = 0;
    const again = await tasks.requestExtension(
      db,
      d.leadA.actor,
      task.id,
      { requestedDeadline: "2027-03-31", reason: "资金未到位" },
      now,
    );
    await tasks.decideExtension(
      db,
      d.office.actor,
      task.id,
      again.id,
      { approve: false, note: "不予延期" },
      now,
    );
    mail = await delivered();
    const refusal = to(mail, d.leadB.email!)[0];
    expectAbout(refusal, "推进城区排水管网改造", task.id);
    expect(refusal!.text).toContain("未同意延期申请（申请延至2027年3月31日）");
    expect(refusal!.text).toContain("请仍按原时限2027年1月31日完成");
  });

  it("申请办结 tells the office, with the summary", async () => {
    const d = await district();
    const task = await taskFor(d, "in_progress");
    await tasks.requestCompletion(
      db,
      d.leadA.actor,
      task.id,
      { summary: "管网改造全部完工并通过验收。" },
      now,
    );
    const mail = await delivered();
    expect(mail.map((m) => m.to)).toEqual([[d.office.email]]);
    expectAbout(mail[0], "推进城区排水管网改造", task.id);
    expect(mail[0]!.subject).toBe("【办结申请】推进城区排水管网改造");
    expect(mail[0]!.text).toContain("区水务局已申请办结");
    expect(mail[0]!.text).toContain("管网改造全部完工并通过验收");
  });

  it("批示 tells the units, and the latest instruction stands at the top of the task page", async () => {
    const d = await district();
    const task = await taskFor(d, "in_progress");
    await tasks.addInstruction(db, d.leader.actor, task.id, "请加快进度，汛前完成。", now);
    await tasks.addInstruction(db, d.leader.actor, task.id, "务必在月底前完成主体工程。", now);
    const mail = await delivered();
    expect(mail).toHaveLength(6);
    const latest = to(mail, d.coA.email!).find((m) => m.text.includes("务必在月底前完成主体工程"));
    expectAbout(latest, "推进城区排水管网改造", task.id);
    expect(latest!.subject).toBe("【领导批示】推进城区排水管网改造");

    const page = textOf((await (await loggedIn(app, d.leadA.username)).get(`/tasks/${task.id}`)).body);
    const card = page.indexOf("领导批示 务必在月底前完成主体工程。");
    expect(card).toBeGreaterThan(-1);
    expect(card).toBeLessThan(page.indexOf("事项来源"));
    expect(page).toContain("通知记录");
  });
});

describe("at once or in the daily digest", () => {
  it("a co-unit's report waits for the lead unit's digest, which the daily run sends once", async () => {
    const d = await district();
    const task = await taskFor(d, "in_progress");
    await tasks.reportProgress(db, d.coA.actor, task.id, { body: "配套资金 300 万元已拨付。" }, now);
    // The lead unit's own report is nobody else's news.
    await tasks.reportProgress(db, d.leadA.actor, task.id, { body: "已完成 60%。" }, now);
    expect(await delivered()).toHaveLength(0);
    expect(await db.notice.count()).toBe(2);

    const run = await runScheduledReminders(db, { now: runAt, publicUrl, force: true });
    expect(run.ran && run.notices).toEqual({ digests: 2, notices: 2 });
    const digests = (await delivered()).filter((m) => m.subject.startsWith("【督办动态汇总】"));
    expect(digests.flatMap((m) => m.to).sort()).toEqual([d.leadA.email, d.leadB.email].sort());
    expect(digests[0]!.subject).toBe("【督办动态汇总】2026年11月25日，共 1 条");
    expect(digests[0]!.text).toContain("推进城区排水管网改造");
    expect(digests[0]!.text).toContain("配合单位区财政局报送了进展：配套资金 300 万元已拨付。");
    expect(digests[0]!.text).toContain(`${publicUrl}/tasks/${task.id}`);

    // A rerun of the day, forced or not, and the digest step on its own add nothing.
    smtp.messages.length = 0;
    const rerun = await runScheduledReminders(db, { now: runAt, publicUrl, force: true });
    expect(rerun.ran).toBe(false);
    expect(await sendNoticeDigests(db, { now: runAt, publicUrl })).toEqual({ digests: 0, notices: 0 });
    expect(await delivered()).toHaveLength(0);
    expect(await db.outboxEmail.count({ where: { kind: "notice_digest" } })).toBe(2);
  });

  it("follows each person's choice on 我的账号", async () => {
    const d = await district();
    const browser = await loggedIn(app, d.leadA.username);
    const page = textOf((await browser.get("/account")).body);
    expect(page).toContain("通知方式");
    expect(page).toContain("配合单位报送进展");
    const saved = await browser.post("/account/notices", { handout: "digest", co_report: "now" }, "/account");
    expect(saved.statusCode).toBe(303);
    expect(textOf((await browser.get("/account")).body)).toContain("通知方式已保存");
    // Office kinds are not a unit's to choose.
    await browser.post("/account/notices", { extension_requested: "digest" }, "/account");
    expect(await db.user.findUniqueOrThrow({ where: { id: d.leadA.id } })).toMatchObject({
      noticePrefs: expect.not.objectContaining({ extension_requested: "digest" }),
    });

    const task = await taskFor(d, "draft", "整治黑臭水体");
    await tasks.assignTasks(db, d.office.actor, [task.id], now);
    const atOnce = await delivered();
    expect(atOnce.flatMap((m) => m.to).sort()).toEqual([d.leadB.email, d.coA.email].sort());

    smtp.messages.length = 0;
    await tasks.signTask(db, d.leadB.actor, task.id, now);
    await tasks.reportProgress(db, d.coA.actor, task.id, { body: "已完成排查。" }, now);
    const report = await delivered();
    expect(report.map((m) => m.to)).toEqual([[d.leadA.email]]);
    expect(report[0]!.subject).toBe("【进展报送】整治黑臭水体");

    smtp.messages.length = 0;
    await sendNoticeDigests(db, { now: runAt, publicUrl });
    const digest = await delivered();
    // leadA's 交办 in its digest; leadB's report notice (a digest by default) in its own.
    expect(digest.flatMap((m) => m.to).sort()).toEqual([d.leadA.email, d.leadB.email].sort());
    expect(to(digest, d.leadA.email!)[0]!.text).toContain("【交办】整治黑臭水体");
  });

  it("refuses a choice that is not one of the two", async () => {
    const d = await district();
    const browser = await loggedIn(app, d.office.username);
    const res = await browser.post("/account/notices", { extension_requested: "never" }, "/account");
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain("通知方式未保存：请选择“立即发送”或“每日汇总”");
    expect((await db.user.findUniqueOrThrow({ where: { id: d.office.id } })).noticePrefs).toEqual({});
  });
});

describe("nothing lost, nothing twice", () => {
  it("an account with no address gets a failed row the office sees on 邮件", async () => {
    const d = await district();
    const silent = await account("unit", d.co.id, null);
    const task = await taskFor(d, "draft");
    await tasks.assignTasks(db, d.office.actor, [task.id], now);
    expect(await delivered()).toHaveLength(3);
    const failed = await db.outboxEmail.findMany({ where: { status: "failed" } });
    expect(failed).toHaveLength(1);
    expect(failed[0]!.lastError).toContain("该账号没有邮箱地址");
    expect(failed[0]!.lastError).toContain(silent.name);
    const outbox = textOf((await (await loggedIn(app, d.office.username)).get("/outbox?status=failed")).body);
    expect(outbox).toContain("【督办交办】推进城区排水管网改造");
    expect(outbox).toContain("该账号没有邮箱地址");
    const taskPage = textOf((await (await loggedIn(app, d.office.username)).get(`/tasks/${task.id}`)).body);
    expect(taskPage).toContain(`交办 · ${silent.name}（区财政局） · 立即发送 · 发送失败`);
  });

  it("a unit with contact addresses and no accounts gets the 交办 once, at its mailbox", async () => {
    const d = await district();
    const mailbox = await unitWith("区住建局", ["zhujian@example.gov.cn", "zhujian-ban@example.gov.cn"]);
    const task = await createTask(db, {
      state: "draft",
      title: "推进城区排水管网改造",
      leadUnitId: d.lead.id,
      coUnitIds: [d.co.id, mailbox.id],
      deadline: "2026-12-31",
    });
    await tasks.assignTasks(db, d.office.actor, [task.id], now);
    const mail = await delivered();
    expect(mail).toHaveLength(4);
    const unitMail = to(mail, "zhujian@example.gov.cn");
    expect(unitMail).toHaveLength(1);
    expect(unitMail[0]!.to.sort()).toEqual(["zhujian-ban@example.gov.cn", "zhujian@example.gov.cn"]);
    expectAbout(unitMail[0], "推进城区排水管网改造", task.id);
    expect(unitMail[0]!.text).toMatch(/^区住建局：/);
    expect(unitMail[0]!.text).toContain("配合单位");
    const event = await db.taskEvent.findFirstOrThrow({ where: { taskId: task.id, action: "assign" } });
    expect(
      await db.outboxEmail.count({ where: { dedupeKey: `notice:${event.id}:unit:${mailbox.id}` } }),
    ).toBe(1);
    const taskPage = textOf((await (await loggedIn(app, d.office.username)).get(`/tasks/${task.id}`)).body);
    expect(taskPage).toContain("交办 · 区住建局（单位联系邮箱） · 立即发送 · 已发送");

    // A rerun of the event, and the daily digest, add nothing.
    smtp.messages.length = 0;
    await expect(
      db.$transaction((tx) => notifyEvent(tx, d.office.actor, event, "handout", now)),
    ).rejects.toThrow();
    expect(await sendNoticeDigests(db, { now: runAt, publicUrl })).toEqual({ digests: 0, notices: 0 });
    expect(await delivered()).toHaveLength(0);
    expect(await db.outboxEmail.count()).toBe(4);
    expect(await db.notice.count()).toBe(4);
  });

  it("accounts without an address in a unit with a mailbox get no failed rows; the mailbox hears once", async () => {
    const d = await district();
    const mailbox = await unitWith("区住建局", ["zhujian@example.gov.cn"]);
    await account("unit", mailbox.id, null);
    await account("unit", mailbox.id, null);
    // The co-unit has a mailbox too, and an addressed account: that account hears, its silent colleague is
    // carried by the unit, and the mailbox is not written to on top.
    await db.unit.update({ where: { id: d.co.id }, data: { emails: ["caizheng-ban@example.gov.cn"] } });
    await account("unit", d.co.id, null);
    const task = await createTask(db, {
      state: "draft",
      title: "整治黑臭水体",
      leadUnitId: mailbox.id,
      coUnitIds: [d.co.id],
      deadline: "2026-12-31",
    });
    await tasks.assignTasks(db, d.office.actor, [task.id], now);
    const mail = await delivered();
    expect(mail.map((m) => m.to)).toEqual(
      expect.arrayContaining([["zhujian@example.gov.cn"], [d.coA.email]]),
    );
    expect(mail).toHaveLength(2);
    expect(to(mail, "zhujian@example.gov.cn")[0]!.text).toContain("牵头单位");
    expect(await db.outboxEmail.count({ where: { status: "failed" } })).toBe(0);
    expect(await db.notice.count()).toBe(2);
  });

  it("a unit with neither a mailbox nor an addressed account gets one failed row naming it, which retry refuses", async () => {
    const d = await district();
    const bare = await unitWith("区应急局", []);
    await account("unit", bare.id, null);
    await account("unit", bare.id, null);
    const task = await createTask(db, {
      state: "draft",
      title: "开展汛前隐患排查",
      leadUnitId: bare.id,
      deadline: "2027-05-31",
    });
    await tasks.assignTasks(db, d.office.actor, [task.id], now);
    expect(await delivered()).toHaveLength(0);
    const failed = await db.outboxEmail.findMany({ where: { status: "failed" } });
    expect(failed).toHaveLength(1);
    expect(failed[0]!.toAddresses).toEqual([]);
    expect(failed[0]!.lastError).toContain("区应急局没有联系邮箱，也没有填写邮箱的账号，通知未能发出");
    const office = await loggedIn(app, d.office.username);
    const outbox = textOf((await office.get("/outbox?status=failed")).body);
    expect(outbox).toContain("【督办交办】开展汛前隐患排查");
    expect(outbox).toContain("区应急局没有联系邮箱");
    expect(outbox).toContain("无收件地址");
    expect(outbox).not.toContain("全部重试");
    const taskPage = textOf((await office.get(`/tasks/${task.id}`)).body);
    expect(taskPage).toContain("交办 · 区应急局 · 立即发送 · 发送失败");
    expect(taskPage).toContain("区应急局没有联系邮箱");

    // 重发 is refused in Chinese and leaves the row as it was; so is 全部重试, which has nothing it can send.
    const retry = await office.post(`/outbox/${failed[0]!.id}/retry`, {}, "/outbox");
    expect(retry.statusCode).toBe(422);
    expect(textOf(retry.body)).toContain("这封邮件没有收件地址，重发也无法送达");
    const all = await office.post("/outbox/retry-failed", {}, "/outbox");
    expect(all.statusCode).toBe(303);
    expect(textOf((await office.get("/outbox")).body)).toContain(
      "没有可重发的邮件：1 封没有收件地址，未重发，请先补充邮箱",
    );
    expect(await delivered()).toHaveLength(0);
    const after = await db.outboxEmail.findUniqueOrThrow({ where: { id: failed[0]!.id } });
    expect(after).toEqual(failed[0]);
    expect(after.lastError).not.toContain("No recipients");
  });

  it("an office with no addressed account is one failed row; otherwise only addressed accounts hear", async () => {
    const d = await district();
    await db.user.update({ where: { id: d.office.id }, data: { email: null } });
    await account("office", undefined, null);
    const task = await taskFor(d, "in_progress");
    await tasks.requestCompletion(db, d.leadA.actor, task.id, { summary: "已完工。" }, now);
    expect(await delivered()).toHaveLength(0);
    const failed = await db.outboxEmail.findMany({ where: { status: "failed" } });
    expect(failed.map((f) => f.lastError)).toEqual([expect.stringContaining("督查室没有填写邮箱的账号")]);
    const event = await db.taskEvent.findFirstOrThrow({
      where: { taskId: task.id, action: "request_completion" },
    });
    expect(failed[0]!.dedupeKey).toBe(`notice:${event.id}:office`);
    const taskPage = textOf((await (await loggedIn(app, d.office.username)).get(`/tasks/${task.id}`)).body);
    expect(taskPage).toContain("办结申请 · 督查室 · 立即发送 · 发送失败");

    await db.user.update({ where: { id: d.office.id }, data: { email: "ducha@example.gov.cn" } });
    const other = await taskFor(d, "in_progress", "做好冬季供暖保障");
    await tasks.requestCompletion(db, d.leadA.actor, other.id, { summary: "已完成。" }, now);
    expect((await delivered()).map((m) => m.to)).toEqual([["ducha@example.gov.cn"]]);
    expect(await db.outboxEmail.count({ where: { status: "failed" } })).toBe(1);
  });

  it("a refused action sends nothing", async () => {
    const d = await district();
    const ready = await taskFor(d, "draft");
    const orphan = await createTask(db, {
      state: "draft",
      title: "无牵头单位的事项",
      deadline: "2026-12-31",
    });
    await expect(tasks.assignTasks(db, d.office.actor, [ready.id, orphan.id], now)).rejects.toThrow(
      "还不能交办",
    );
    expect(await delivered()).toHaveLength(0);
    expect(await db.notice.count()).toBe(0);
    expect(await db.outboxEmail.count()).toBe(0);
  });

  it("the same event told twice adds no second email", async () => {
    const d = await district();
    const task = await taskFor(d, "pending_review");
    await tasks.returnTask(db, d.office.actor, task.id, "材料不全", now);
    expect(await delivered()).toHaveLength(3);
    const event = await db.taskEvent.findFirstOrThrow({ where: { taskId: task.id, action: "return" } });
    await expect(
      db.$transaction((tx) => notifyEvent(tx, d.office.actor, event, "returned", now)),
    ).rejects.toThrow();
    smtp.messages.length = 0;
    expect(await delivered()).toHaveLength(0);
    expect(await db.outboxEmail.count()).toBe(3);
  });

  it("an at-once notice held back by the mail server arrives once when it answers again", async () => {
    const d = await district();
    const task = await taskFor(d, "pending_review");
    smtp.greylistAll = true;
    await tasks.returnTask(db, d.office.actor, task.id, "材料不全", now);
    expect(await delivered()).toHaveLength(0);
    expect(await db.outboxEmail.count({ where: { status: "pending", attempts: 1 } })).toBe(3);
    smtp.greylistAll = false;
    await db.outboxEmail.updateMany({ data: { nextAttemptAt: now } });
    const mail = await delivered();
    expect(mail).toHaveLength(3);
    expect(new Set(mail.map((m) => m.messageId)).size).toBe(3);
    expect(await delivered()).toHaveLength(3);
  });

  it("the demo seed leaves no notice queued, and its accounts keep the default choices", async () => {
    await seedDemo(db, now);
    expect(await db.task.count({ where: { state: { not: "draft" } } })).toBeGreaterThan(0);
    expect(await db.notice.count()).toBe(0);
    expect(await db.outboxEmail.count()).toBe(0);
    expect(await db.user.count({ where: { NOT: { noticePrefs: { equals: {} } } } })).toBe(0);
    expect(await delivered()).toHaveLength(0);
  });
});
