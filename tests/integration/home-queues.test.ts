// "What waits for me" on the home page: for each role, every queue shows its count (无 when empty), and its
// link lists exactly the tasks counted; what must not count does not; no role sees another role's queues.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.ts";
import { type Browser, createTestApp, expectRefusal, loggedIn, textOf } from "../helpers/app.ts";
import { createTestDatabase, truncateAll } from "../helpers/database.ts";
import { createTask, createUnit, createUnitIds, createUser } from "../helpers/factories.ts";

let database: Database;
let app: FastifyInstance;
// Wednesday 25 November 2026, 10:00 in Shanghai; no holiday near it.
const now = new Date("2026-11-25T02:00:00Z");
const at = (day: string, hour = 10) => new Date(`${day}T${String(hour - 8).padStart(2, "0")}:00:00Z`);
const day = (d: string) => new Date(`${d}T00:00:00Z`);

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database.prisma, { clock: () => now });
});
afterAll(async () => {
  await app.close();
  await database.close();
});
beforeEach(() => truncateAll(database));

/** A queue on the home page (office/leader) or the inbox (unit): its link and what it says. */
function queueOf(html: string, name: string): { href: string; count: number | "无" } {
  const links = [...html.matchAll(/<a href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)];
  const link = links.find((m) => textOf(m[2]!).startsWith(name));
  if (!link) throw new Error(`no queue ${name} on the page`);
  const words = textOf(link[2]!).slice(name.length).trim();
  return { href: link[1]!.replace(/&amp;/g, "&"), count: words === "无" ? "无" : Number(words) };
}

/** The tasks a list page links to, as ids, in no particular order. */
function taskIdsOn(html: string): number[] {
  return [...new Set([...html.matchAll(/href="\/tasks\/(\d+)"/g)].map((m) => Number(m[1])))].sort(
    (a, b) => a - b,
  );
}

const ids = (...tasks: { id: number }[]) => tasks.map((t) => t.id).sort((a, b) => a - b);

/** Follows a queue's link and checks the list has exactly `expected`, and says how many in all. */
async function expectQueue(browser: Browser, home: string, name: string, expected: { id: number }[]) {
  const queue = queueOf(home, name);
  expect(queue.count, name).toBe(expected.length === 0 ? "无" : expected.length);
  const list = await browser.get(queue.href);
  expect(list.statusCode, queue.href).toBe(200);
  expect(taskIdsOn(list.body), `${name} → ${queue.href}`).toEqual(ids(...expected));
  if (queue.href.startsWith("/tasks")) expect(textOf(list.body)).toContain(`共 ${expected.length} 项`);
  return { queue, list };
}

async function unitReport(taskId: number, authorId: number, unitId: number, createdAt: Date) {
  await database.prisma.progressReport.create({
    data: { taskId, authorId, unitId, body: "已按批示推进。", createdAt },
  });
}

async function extension(
  taskId: number,
  requestedById: number,
  status: "pending" | "approved" | "refused",
  decidedAt?: Date,
) {
  await database.prisma.extensionRequest.create({
    data: {
      taskId,
      requestedById,
      requestedDeadline: day("2027-03-31"),
      reason: "汛期停工",
      status,
      decidedAt: decidedAt ?? null,
    },
  });
}

describe("the office's queues", () => {
  it("counts each queue and lists exactly those tasks behind it", async () => {
    const db = database.prisma;
    const shuiwu = (await createUnit(db, { name: "区水务局" })).id;
    const unitUser = await createUser(db, { role: "unit", unitId: shuiwu });
    const office = await loggedIn(app, (await createUser(db, { role: "office" })).username);
    const meeting = (title: string) =>
      db.meeting.create({
        data: { title, kind: "常务会议", sourceText: "会议指出……", contentHash: `${title}-${Math.random()}` },
      });
    const first = await meeting("区政府第21次常务会议");
    const second = await meeting("区政府第22次常务会议");
    // Drafts: without a unit or a deadline, as drafts often are, and still not "incomplete" tasks.
    const d1 = await createTask(db, { state: "draft", meetingId: first.id });
    const d2 = await createTask(db, { state: "draft", meetingId: first.id });
    const d3 = await createTask(db, { state: "draft", meetingId: second.id, leadUnitId: shuiwu });
    await createTask(db, {
      state: "assigned",
      meetingId: second.id,
      leadUnitId: shuiwu,
      deadline: "2027-01-01",
    });

    const inHand = (title: string, extra: Parameters<typeof createTask>[1] = {}) =>
      createTask(db, {
        title,
        state: "in_progress",
        leadUnitId: shuiwu,
        deadline: "2027-01-01",
        assignedAt: at("2026-11-02"),
        ...extra,
      });
    const pendingExtension = await inHand("延期待批的泵站改造");
    await extension(pendingExtension.id, unitUser.id, "pending");
    const refused = await inHand("延期已驳回的河道整治");
    await extension(refused.id, unitUser.id, "refused", at("2026-11-20"));
    const cancelled = await inHand("已撤销但留有申请的事项", { state: "cancelled" });
    await extension(cancelled.id, unitUser.id, "pending");

    const review = await inHand("待审核的堤防加固", { state: "pending_review" });

    const noLead = await inHand("没有牵头单位的事项", { leadUnitId: null });
    const noDeadline = await inHand("没有完成时限的事项", { deadline: null });
    const ongoing = await inHand("长期坚持的事项", { deadline: null });
    await db.task.update({ where: { id: ongoing.id }, data: { ongoing: true } });

    // Handed out on Friday 20 November: its 2 working days (23rd, 24th) are over. Monday's is not yet; one handed
    // out on the 19th was signed the next day and waits for no one.
    const handedOut = (on: string) =>
      createTask(db, { state: "assigned", leadUnitId: shuiwu, deadline: "2027-01-01", assignedAt: at(on) });
    const late = await handedOut("2026-11-20");
    const notYet = await handedOut("2026-11-23");
    const signed = await inHand("次日即签收的事项", { assignedAt: at("2026-11-19") });
    await db.task.update({ where: { id: signed.id }, data: { signedAt: at("2026-11-20") } });

    for (const [i, status] of (["failed", "failed", "sent"] as const).entries()) {
      await db.outboxEmail.create({
        data: {
          dedupeKey: `home-${i}`,
          kind: "digest",
          toAddresses: ["shuiwu@example.cn"],
          subject: "督办提醒",
          textBody: "请办理",
          htmlBody: "<p>请办理</p>",
          status,
          lastError: status === "failed" ? "550 mailbox unavailable" : null,
        },
      });
    }

    const home = (await office.get("/")).body;
    await expectQueue(office, home, "纪要草稿待核对交办", [d1, d2, d3]);
    // Each meeting with drafts links to its review page, with how many drafts it has.
    expect(home).toContain(`href="/meetings/${first.id}/review"`);
    expect(home).toContain(`href="/meetings/${second.id}/review"`);
    expect(textOf(home)).toContain("区政府第21次常务会议 2 项待交办");
    expect(textOf(home)).toContain("区政府第22次常务会议 1 项待交办");
    await expectQueue(office, home, "延期申请待审批", [pendingExtension]);
    await expectQueue(office, home, "办结申请待审核", [review]);
    await expectQueue(office, home, "缺牵头单位或完成时限", [noLead, noDeadline]);
    const { list } = await expectQueue(office, home, "超过2个工作日未签收", [late]);
    expect(textOf(list.body)).toContain("筛选：超过2个工作日未签收");
    expect(taskIdsOn(list.body)).not.toContain(notYet.id);

    const mail = queueOf(home, "邮件发送失败");
    expect(mail).toEqual({ href: "/outbox?status=failed", count: 2 });
    const outbox = await office.get(mail.href);
    expect(outbox.statusCode).toBe(200);
    expect(outbox.body.split("550 mailbox unavailable").length - 1).toBe(2);

    // The leader's queues are not the office's.
    expect(textOf(home)).not.toContain("批示后有新反馈");
  });

  it("shows 无 for an empty queue rather than hiding it, and links every summary count to its rows", async () => {
    const db = database.prisma;
    const shuiwu = (await createUnit(db, { name: "区水务局" })).id;
    const office = await loggedIn(app, (await createUser(db, { role: "office" })).username);
    const red = await createTask(db, { state: "in_progress", leadUnitId: shuiwu, deadline: "2026-11-01" });
    const green = await createTask(db, { state: "in_progress", leadUnitId: shuiwu, deadline: "2027-06-01" });
    const done = await createTask(db, { state: "done", leadUnitId: shuiwu, deadline: "2026-11-01" });

    const home = (await office.get("/")).body;
    for (const name of [
      "纪要草稿待核对交办",
      "延期申请待审批",
      "办结申请待审核",
      "缺牵头单位或完成时限",
      "超过2个工作日未签收",
      "邮件发送失败",
    ])
      expect(queueOf(home, name).count, name).toBe("无");

    const stat = (label: string) => {
      const match = [
        ...home.matchAll(
          /<li class="stat[^"]*"><a href="([^"]+)"><span class="n">(\d+)<\/span><span class="l">([^<]+)<\/span>/g,
        ),
      ].find((m) => m[3] === label);
      if (!match) throw new Error(`no count ${label}`);
      return { href: match[1]!, n: Number(match[2]) };
    };
    const expectStat = async (label: string, expected: { id: number }[]) => {
      const { href, n } = stat(label);
      expect(n, label).toBe(expected.length);
      expect(taskIdsOn((await office.get(href)).body), label).toEqual(ids(...expected));
    };
    await expectStat("已逾期", [red]);
    await expectStat("办理中", [red, green]);
    await expectStat("已办结", [done]);
    await expectStat("待签收", []);
    await expectStat("待交办", []);
  });

  it("refuses a bad queue on the ledger in Chinese", async () => {
    const office = await loggedIn(app, (await createUser(database.prisma, { role: "office" })).username);
    expectRefusal(await office.get("/tasks?queue=everything"), "待办筛选有误");
  });
});

describe("a unit's queues", () => {
  it("counts each queue at the top of the inbox and lists exactly those tasks behind it", async () => {
    const db = database.prisma;
    const [shuiwu, caizheng] = (await createUnitIds(db, "区水务局", "区财政局")) as [number, number];
    const user = await createUser(db, { role: "unit", unitId: shuiwu });
    const other = await createUser(db, { role: "unit", unitId: caizheng });
    const unit = await loggedIn(app, user.username);

    const toSign = await createTask(db, {
      state: "assigned",
      leadUnitId: shuiwu,
      assignedAt: at("2026-11-24"),
    });
    // A co-unit cannot sign; another unit's task is not ours.
    await createTask(db, { state: "assigned", leadUnitId: caizheng, coUnitIds: [shuiwu] });
    await createTask(db, { state: "assigned", leadUnitId: caizheng });

    const inHand = (extra: Parameters<typeof createTask>[1]) =>
      createTask(db, { state: "in_progress", leadUnitId: shuiwu, deadline: "2027-01-01", ...extra });
    const dueToday = await inHand({ reportCycle: "monthly", nextReportDue: "2026-11-25" });
    const dueBefore = await inHand({
      leadUnitId: caizheng,
      coUnitIds: [shuiwu],
      reportCycle: "weekly",
      nextReportDue: "2026-11-20",
    });
    await inHand({ reportCycle: "weekly", nextReportDue: "2026-11-26" });
    await inHand({ leadUnitId: caizheng, reportCycle: "weekly", nextReportDue: "2026-11-20" });

    const returned = await inHand({});
    await db.taskEvent.create({ data: { taskId: returned.id, action: "return", note: "材料不全" } });
    const resubmitted = await inHand({ state: "pending_review" });
    await db.taskEvent.create({ data: { taskId: resubmitted.id, action: "return", note: "材料不全" } });

    const approved = await inHand({});
    await extension(approved.id, user.id, "approved", at("2026-11-20"));
    const refused = await inHand({});
    await extension(refused.id, user.id, "refused", at("2026-11-11", 9));
    const longAgo = await inHand({});
    await extension(longAgo.id, user.id, "approved", at("2026-11-10", 23));
    const waiting = await inHand({});
    await extension(waiting.id, user.id, "pending");
    const theirs = await inHand({ leadUnitId: caizheng });
    await extension(theirs.id, other.id, "approved", at("2026-11-20"));

    const home = (await unit.get("/")).body;
    const { list: signList } = await expectQueue(unit, home, "待签收", [toSign]);
    expect(signList.body).toContain('action="/tasks/sign"');
    await expectQueue(unit, home, "应报送进展", [dueToday, dueBefore]);
    await expectQueue(unit, home, "被退回", [returned]);
    const { list } = await expectQueue(unit, home, "近14天延期申请已审批", [approved, refused]);
    expect(textOf(list.body)).toContain("近14天督查室已审批");

    // The queues are links at the top of the phone page, before the first section.
    expect(home.indexOf('class="unit-queues"')).toBeLessThan(home.indexOf('id="toSign"'));
    // Another unit's counts are its own.
    const theirHome = (await loggedIn(app, other.username)).get("/");
    expect(queueOf((await theirHome).body, "近14天延期申请已审批").count).toBe(1);
  });

  it("shows 无 for an empty queue, refuses a bad one in Chinese, and cannot open the office's", async () => {
    const db = database.prisma;
    const unit = await loggedIn(app, (await createUser(db, { role: "unit" })).username);
    const home = await unit.get("/");
    for (const name of ["待签收", "应报送进展", "被退回", "近14天延期申请已审批"])
      expect(queueOf(home.body, name).count, name).toBe("无");
    const empty = await unit.get("/?queue=returned");
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('<p class="muted">无</p>');

    expectRefusal(await unit.get("/?queue=unsigned-late"), "待办筛选有误");
    expect((await unit.get("/tasks?queue=report-due")).statusCode).toBe(403);
    expect((await unit.get("/outbox?status=failed")).statusCode).toBe(403);
    expect(textOf(home.body)).not.toContain("邮件发送失败");
  });
});

describe("a leader's queues", () => {
  it("counts red tasks of the units in charge (all units without any) and answers to their 批示", async () => {
    const db = database.prisma;
    const [shuiwu, caizheng] = (await createUnitIds(db, "区水务局", "区财政局")) as [number, number];
    const reporter = await createUser(db, { role: "unit", unitId: shuiwu });
    const deputy = await createUser(db, { role: "leader" });
    await db.leaderUnit.create({ data: { userId: deputy.id, unitId: shuiwu } });
    const mayor = await createUser(db, { role: "leader" });
    const deputyBrowser = await loggedIn(app, deputy.username);
    const mayorBrowser = await loggedIn(app, mayor.username);

    const red = (extra: Parameters<typeof createTask>[1]) =>
      createTask(db, { state: "in_progress", deadline: "2026-11-01", ...extra });
    const redMine = await red({ leadUnitId: shuiwu });
    const redCo = await red({ leadUnitId: caizheng, coUnitIds: [shuiwu] });
    const redOther = await red({ leadUnitId: caizheng });
    await red({ leadUnitId: shuiwu, state: "done" });

    const task = () => createTask(db, { state: "in_progress", leadUnitId: shuiwu, deadline: "2027-01-01" });
    const instruct = (taskId: number, actorId: number, createdAt: Date) =>
      db.taskEvent.create({ data: { taskId, actorId, action: "instruct", note: "抓紧推进", createdAt } });
    const answer = (taskId: number, createdAt: Date) => unitReport(taskId, reporter.id, shuiwu, createdAt);

    /** A task with its history in order: `[leader, day]` a 批示, a bare day the unit's answer. */
    const withHistory = async (...steps: ([by: { id: number }, day: string] | string)[]) => {
      const t = await task();
      for (const step of steps) {
        if (typeof step === "string") await answer(t.id, at(step));
        else await instruct(t.id, step[0].id, at(step[1]));
      }
      return t;
    };
    const answered = await withHistory([deputy, "2026-11-18"], "2026-11-20");
    // Not listed: a report before the 批示, an answer older than the window, a 批示 again after the answer.
    await withHistory("2026-11-17", [deputy, "2026-11-18"]);
    await withHistory([deputy, "2026-11-01"], "2026-11-05");
    await withHistory([deputy, "2026-11-16"], "2026-11-17", [deputy, "2026-11-20"]);
    const mayors = await withHistory([mayor, "2026-11-18"], "2026-11-20");
    // The deputy's latest 批示 was answered; the mayor's later one not yet.
    const both = await withHistory([deputy, "2026-11-18"], "2026-11-19", [mayor, "2026-11-21"]);

    const deputyHome = (await deputyBrowser.get("/")).body;
    const { list } = await expectQueue(deputyBrowser, deputyHome, "分管单位的红灯事项", [redMine, redCo]);
    expect(taskIdsOn(list.body)).not.toContain(redOther.id);
    const { list: answers } = await expectQueue(deputyBrowser, deputyHome, "批示后有新反馈（近14天）", [
      answered,
      both,
    ]);
    expect(textOf(answers.body)).toContain("筛选：批示后有新反馈（近14天）");

    const mayorHome = (await mayorBrowser.get("/")).body;
    await expectQueue(mayorBrowser, mayorHome, "红灯事项", [redMine, redCo, redOther]);
    await expectQueue(mayorBrowser, mayorHome, "批示后有新反馈（近14天）", [mayors]);

    const workbook = await mayorBrowser.get("/tasks/export.xlsx?queue=instruction-answered");
    expect(workbook.statusCode).toBe(200);

    // The office's queues are not a leader's.
    for (const name of ["邮件发送失败", "纪要草稿待核对交办", "超过2个工作日未签收"])
      expect(textOf(deputyHome)).not.toContain(name);
    expect((await deputyBrowser.get("/outbox?status=failed")).statusCode).toBe(403);
  });
});
