// Reminders end to end against a real SMTP server: a simulated month across the 2026 National Day holiday
// and its 调休 Saturday, reruns, an SMTP outage, a refused address and two instances at once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/open-database.ts";
import { drainOutbox } from "../../src/email/outbox.ts";
import { createMailer, type Mailer } from "../../src/email/transport.ts";
import { runScheduledReminders } from "../../src/jobs/reminder-schedule.ts";
import { runReminders } from "../../src/reminders/job.ts";
import { createTestDatabase, onPostgres, truncateAll } from "../helpers/database.ts";
import { createTask, createUser } from "../helpers/factories.ts";
import { SmtpSink } from "../helpers/smtp.ts";

let database: Database;
let sink: SmtpSink;
let mailer: Mailer;
const publicUrl = "https://duban.example.gov.cn";
const from = "督办系统 <duban@example.gov.cn>";
const at = (day: string) => new Date(`${day}T08:31:00+08:00`);

beforeAll(async () => {
  database = await createTestDatabase();
  sink = await new SmtpSink(["nobody@jiaoti.example"]).start();
  mailer = createMailer(sink.url);
});
afterAll(async () => {
  mailer.close();
  await sink.stop();
  await database.close();
});

type World = Awaited<ReturnType<typeof buildWorld>>;

async function buildWorld() {
  const db = database.prisma;
  await truncateAll(database);
  sink.messages.length = 0;
  const water = await db.unit.create({ data: { name: "区水务局", emails: ["shuiwu@x.example"] } });
  const money = await db.unit.create({ data: { name: "区财政局", emails: ["caizheng@x.example"] } });
  const school = await db.unit.create({ data: { name: "区教体局", emails: ["nobody@jiaoti.example"] } });
  const leader = await createUser(db, { role: "leader" });
  await db.user.update({ where: { id: leader.id }, data: { email: "leader@x.example" } });
  const office = await createUser(db, { role: "office" });
  await db.user.update({ where: { id: office.id }, data: { email: "ducha@x.example" } });
  const t1 = await createTask(db, {
    title: "水库除险加固",
    state: "in_progress",
    leadUnitId: water.id,
    leaderId: leader.id,
    deadline: "2026-10-12",
    assignedAt: new Date("2026-09-20T02:00:00Z"),
  });
  const t2 = await createTask(db, {
    title: "资金拨付",
    state: "assigned",
    leadUnitId: money.id,
    deadline: "2026-11-30",
    assignedAt: new Date("2026-10-09T02:00:00Z"),
  });
  const t3 = await createTask(db, {
    title: "绩效评价",
    state: "in_progress",
    leadUnitId: money.id,
    deadline: "2026-12-31",
    reportCycle: "weekly",
    nextReportDue: "2026-10-14",
  });
  const t4 = await createTask(db, {
    title: "校园安防",
    state: "in_progress",
    leadUnitId: school.id,
    deadline: "2026-10-13",
  });
  // None of these may ever produce a reminder.
  await createTask(db, { state: "done", leadUnitId: water.id, deadline: "2026-10-01" });
  await createTask(db, { state: "pending_review", leadUnitId: water.id, deadline: "2026-10-01" });
  await createTask(db, { state: "draft", leadUnitId: water.id, deadline: "2026-10-02" });
  await createTask(db, { state: "cancelled", leadUnitId: water.id, deadline: "2026-10-02" });
  return { t1, t2, t3, t4, water, money, school };
}

/** Runs the job every day at 08:31 as the app's cron does, then the sender; returns mail by day. */
async function simulate(firstDay: string, lastDay: string) {
  const days: Record<string, { to: string[]; subject: string; text: string }[]> = {};
  for (
    let d = new Date(`${firstDay}T00:00:00Z`);
    d <= new Date(`${lastDay}T00:00:00Z`);
    d = new Date(d.getTime() + 86_400_000)
  ) {
    const day = d.toISOString().slice(0, 10);
    const before = sink.messages.length;
    await runScheduledReminders(database.prisma, { now: at(day), publicUrl });
    await drainOutbox(database.prisma, mailer, { from, now: () => at(day) });
    if (sink.messages.length > before) days[day] = sink.messages.slice(before);
  }
  return days;
}

const received = (days: Awaited<ReturnType<typeof simulate>>, address: string) =>
  Object.entries(days)
    .filter(([, mail]) => mail.some((m) => m.to.includes(address)))
    .map(([day, mail]) => ({ day, mail: mail.filter((m) => m.to.includes(address)) }));

describe("a simulated month", () => {
  let world: World;
  let days: Awaited<ReturnType<typeof simulate>>;

  beforeAll(async () => {
    world = await buildWorld();
    days = await simulate("2026-09-28", "2026-10-28");
  }, 120_000);

  it("sends nothing on days off: the National Day holiday and weekends, but does run on the 调休 Saturday", () => {
    const mailDays = Object.keys(days);
    for (const day of ["2026-10-01", "2026-10-05", "2026-10-07", "2026-10-11", "2026-10-18", "2026-10-25"]) {
      expect(mailDays).not.toContain(day);
    }
    expect(mailDays.every((d) => d >= "2026-10-08")).toBe(true);
  });

  it("tells the lead unit before, on and after the deadline, once a day at most", () => {
    // Deadline Mon 10-12. Due soon 7 days before fell on 10-05 (holiday) and arrives with the first run after it,
    // 10-08; 3 days before is 10-09; 1 day before is Sunday 10-11, folded into "due today" on 10-12. Overdue on
    // the day after (10-13), then every 3 days: 10-16, 10-19, 10-22, 10-25 (Sunday → Monday 10-26), 10-28.
    const water = received(days, "shuiwu@x.example");
    expect(water.map((r) => r.day)).toEqual([
      "2026-10-08",
      "2026-10-09",
      "2026-10-12",
      "2026-10-13",
      "2026-10-16",
      "2026-10-19",
      "2026-10-22",
      "2026-10-26",
      "2026-10-28",
    ]);
    expect(water.every((r) => r.mail.length === 1)).toBe(true);
    expect(water[0]!.mail[0]!.text).toContain("即将到期");
    expect(water[2]!.mail[0]!.text).toContain("今天到期");
    expect(water[3]!.mail[0]!.subject).toBe("【督办提醒】1 项督办事项需要关注，其中 1 项已逾期");
    expect(water[3]!.mail[0]!.text).toContain(`${publicUrl}/tasks/${world.t1.id}`);
  });

  it("copies the leader in charge and the office once a task is more than 7 days overdue", () => {
    // 水库除险加固 (deadline 10-12, leader set): more than 7 days late on 10-22, then 10-25 (→ 10-26), 10-28.
    const leader = received(days, "leader@x.example");
    expect(leader.map((r) => r.day)).toEqual(["2026-10-22", "2026-10-26", "2026-10-28"]);
    expect(leader[0]!.mail[0]!.text).toContain("逾期较久");
    expect(leader[0]!.mail[0]!.text).toContain("水库除险加固");
    // The office also hears of 校园安防 (deadline 10-13, no leader): 10-23, 10-26; on 10-26 both in one email.
    const office = received(days, "ducha@x.example");
    expect(office.map((r) => r.day)).toEqual(["2026-10-22", "2026-10-23", "2026-10-26", "2026-10-28"]);
    expect(office.every((r) => r.mail.length === 1)).toBe(true);
    const both = office.find((r) => r.day === "2026-10-26")!.mail[0]!.text;
    expect(both).toContain("水库除险加固");
    expect(both).toContain("校园安防");
  });

  it("reminds about signing and reports, in one digest per day when both are due", () => {
    // 资金拨付 handed out Fri 10-09: its 2 working days are Sat 10-10 (调休) and Mon 10-12, so it is late from
    // 10-13, then every 3 days. 绩效评价's weekly report was due 10-14, then every 3 days while missing.
    const money = received(days, "caizheng@x.example");
    expect(money.map((r) => r.day)).toEqual([
      "2026-10-13",
      "2026-10-14",
      "2026-10-16",
      "2026-10-19",
      "2026-10-20",
      "2026-10-22",
      "2026-10-23",
      "2026-10-26",
      "2026-10-28",
    ]);
    expect(money.every((r) => r.mail.length === 1)).toBe(true);
    const both = money.find((r) => r.day === "2026-10-19")!.mail[0]!;
    expect(both.text).toContain("交办后未签收");
    expect(both.text).toContain("应报送进展");
    expect(both.subject).toContain("2 项督办事项");
  });

  it("records every reminder exactly once, each in a non-empty email", async () => {
    const db = database.prisma;
    const reminders = await db.reminder.findMany();
    const keys = reminders.map((r) => `${r.taskId}|${r.kind}|${r.onDate.toISOString()}|${r.recipient}`);
    expect(new Set(keys).size).toBe(keys.length);
    const rows = await db.outboxEmail.findMany({ include: { _count: { select: { reminders: true } } } });
    expect(rows.every((r) => r._count.reminders > 0)).toBe(true);
    expect(sink.messages.every((m) => m.text.includes(`${publicUrl}/tasks/`))).toBe(true);
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(sink.messages.length);
  });

  it("marks mail to a refused address as failed with the reason, without holding up the rest", async () => {
    const rows = await database.prisma.outboxEmail.findMany({
      where: { toAddresses: { has: "nobody@jiaoti.example" } },
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === "failed" && r.attempts === 1)).toBe(true);
    expect(rows[0]!.lastError).toContain("550");
    expect(sink.to("nobody@jiaoti.example")).toEqual([]);
  });
});

describe("reruns, outages and two instances", () => {
  beforeEach(async () => {
    await buildWorld();
  });

  it("adds nothing when the same day is run again", async () => {
    const db = database.prisma;
    const first = await runReminders(db, { now: at("2026-10-13"), publicUrl });
    expect(first.digests).toBeGreaterThan(0);
    const rows = await db.outboxEmail.count();
    const again = await runReminders(db, { now: at("2026-10-13"), publicUrl });
    expect(again.digests).toBe(0);
    expect(await db.outboxEmail.count()).toBe(rows);
    expect(await runScheduledReminders(db, { now: at("2026-10-13"), publicUrl })).toMatchObject({
      ran: true,
    });
    expect(await runScheduledReminders(db, { now: at("2026-10-13"), publicUrl })).toEqual({
      ran: false,
      reason: "done",
    });
    expect(await db.outboxEmail.count()).toBe(rows);
  });

  it("keeps every email through an SMTP outage and delivers each exactly once when it is back", async () => {
    const db = database.prisma;
    const down = new SmtpSink();
    await down.start();
    const port = down.port;
    const flaky = createMailer(down.url);
    await down.stop();
    try {
      await runScheduledReminders(db, { now: at("2026-10-13"), publicUrl });
      const queued = await db.outboxEmail.count({
        where: { toAddresses: { hasSome: ["shuiwu@x.example", "caizheng@x.example"] } },
      });
      expect(queued).toBe(2);
      const whileDown = await drainOutbox(db, flaky, { from, now: () => at("2026-10-13") });
      expect(whileDown.sent).toBe(0);
      const pending = await db.outboxEmail.findMany({ where: { status: "pending" } });
      expect(pending.length).toBeGreaterThanOrEqual(2);
      expect(pending.every((r) => r.lastError !== null && r.attempts === 1)).toBe(true);

      // Before the backoff has passed nothing is retried; after it, everything goes, once.
      const back = new SmtpSink();
      back.port = port;
      await back.start();
      try {
        expect((await drainOutbox(db, flaky, { from, now: () => at("2026-10-13") })).sent).toBe(0);
        const later = () => new Date(at("2026-10-13").getTime() + 2 * 60_000);
        await drainOutbox(db, flaky, { from, now: later });
        await drainOutbox(db, flaky, { from, now: later });
        expect(back.to("shuiwu@x.example")).toHaveLength(1);
        expect(back.to("caizheng@x.example")).toHaveLength(1);
        expect(await db.outboxEmail.count({ where: { status: "sent" } })).toBe(back.messages.length);
      } finally {
        // The pooled connection must close first: the server waits for open connections before it stops.
        flaky.close();
        await back.stop();
      }
    } finally {
      flaky.close();
    }
  });

  it("runs a day once and sends each email once with two instances on one database", async () => {
    const second = onPostgres
      ? await openDatabase(process.env.TEST_DATABASE_URL ? await currentUrl() : "")
      : database;
    const mailer2 = createMailer(sink.url);
    try {
      const outcomes = await Promise.all([
        runScheduledReminders(database.prisma, { now: at("2026-10-13"), publicUrl }),
        runScheduledReminders(second.prisma, { now: at("2026-10-13"), publicUrl }),
      ]);
      expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
      const rows = await database.prisma.outboxEmail.count();
      await Promise.all([
        drainOutbox(database.prisma, mailer, { from, now: () => at("2026-10-13") }),
        drainOutbox(second.prisma, mailer2, { from, now: () => at("2026-10-13") }),
      ]);
      const sentRows = await database.prisma.outboxEmail.count({ where: { status: "sent" } });
      expect(sink.messages).toHaveLength(sentRows);
      expect(new Set(sink.messages.map((m) => m.to.join())).size).toBe(sink.messages.length);
      expect(rows).toBeGreaterThan(1);
    } finally {
      mailer2.close();
      if (second !== database) await second.close();
    }
  });
});

/** The URL of this file's PostgreSQL test database, for a second "instance" on it. */
async function currentUrl(): Promise<string> {
  const [row] = await database.prisma.$queryRaw<{ db: string }[]>`SELECT current_database() AS db`;
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${row!.db}`;
  return url.toString();
}
