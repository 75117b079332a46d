// Outbox delivery against a real SMTP server that misbehaves on cue: slow answers with two senders at once, a
// sender that lost its claim, days of refused connections and greylisting under the daily reminder run, and
// permanent refusals on the 邮件 page with its bulk retry.
import net from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Database, type Db, openDatabase } from "../../src/db/open-database.ts";
import { drainOutbox } from "../../src/email/outbox.ts";
import { claimNextEmail, markEmail, renewClaim } from "../../src/email/repository.ts";
import { createMailer, type Mailer } from "../../src/email/transport.ts";
import { runScheduledReminders } from "../../src/jobs/reminder-schedule.ts";
import { runReminders } from "../../src/reminders/job.ts";
import { Browser, createTestApp, textOf } from "../helpers/app.ts";
import { createTestDatabase, onPostgres, truncateAll } from "../helpers/database.ts";
import { createTask, createUser, password } from "../helpers/factories.ts";
import { SmtpSink } from "../helpers/smtp.ts";

const from = "督办系统 <duban@example.gov.cn>";
const host = "duban.example.gov.cn";
const publicUrl = `https://${host}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let database: Database;
/** A second "instance": its own client on the same database (PostgreSQL), or the same client (PGlite). */
let second: Database;
let smtp: SmtpSink;

beforeAll(async () => {
  database = await createTestDatabase();
  second = onPostgres ? await openDatabase(await currentUrl()) : database;
  smtp = await new SmtpSink().start();
});
afterAll(async () => {
  await smtp.stop();
  if (second !== database) await second.close();
  await database.close();
});
beforeEach(async () => {
  await truncateAll(database);
  smtp.messages.length = 0;
  smtp.dataDelayMs = 0;
  smtp.greylistAll = false;
  smtp.refuse.clear();
  smtp.deferData = false;
  if (!smtp.running) await smtp.start();
});

async function queueMail(db: Db, count: number, at: Date, prefix = "mail") {
  await db.outboxEmail.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      dedupeKey: `${prefix}:${i}`,
      kind: "notice",
      nextAttemptAt: at,
      toAddresses: [`${prefix}${i}@x.example`],
      subject: `通知 ${prefix} ${i}`,
      textBody: `第 ${i} 封`,
      htmlBody: `<p>第 ${i} 封</p>`,
    })),
  });
  return db.outboxEmail.findMany({ orderBy: { id: "asc" } });
}

describe("a slow mail server and two senders", () => {
  it("delivers every row exactly once, each with its own stable Message-ID", async () => {
    // The senders' clock runs 600 times faster than real time, so each 0.8 s answer takes 8 simulated minutes,
    // longer than the 5-minute claim on a batch of 50 the sender used to take: the second sender took the
    // rest of the batch over mid-way and both sent it.
    const start = new Date("2026-11-24T08:31:00+08:00");
    const t0 = Date.now();
    const clock = () => new Date(start.getTime() + (Date.now() - t0) * 600);
    const rows = await queueMail(database.prisma, 10, start);
    smtp.dataDelayMs = 800;
    const mailers = [createMailer(smtp.url), createMailer(smtp.url)];
    let lost: number[][] = [];
    try {
      const drainUntilDone = async (db: Db, mailer: Mailer, name: string) => {
        const claimsLost: number[] = [];
        const sender = { from: `督办系统${name} <duban@example.gov.cn>`, now: clock, messageIdHost: host };
        for (const until = Date.now() + 60_000; Date.now() < until; await sleep(50)) {
          claimsLost.push((await drainOutbox(db, mailer, sender)).lostClaims);
          const open = await db.outboxEmail.count({ where: { status: { in: ["pending", "sending"] } } });
          if (open === 0) break;
        }
        return claimsLost;
      };
      lost = await Promise.all([
        drainUntilDone(database.prisma, mailers[0]!, "甲"),
        drainUntilDone(second.prisma, mailers[1]!, "乙"),
      ]);
    } finally {
      for (const m of mailers) m.close();
    }

    expect(smtp.messages.map((m) => m.subject).sort()).toEqual(rows.map((r) => r.subject).sort());
    const after = await database.prisma.outboxEmail.findMany({ orderBy: { id: "asc" } });
    expect(after.map((r) => r.status)).toEqual(rows.map(() => "sent"));
    for (const row of after) {
      expect(row.messageId).toMatch(
        new RegExp(`^<outbox-${row.id}\\.[0-9a-f]{12}@${host.replaceAll(".", "\\.")}>$`),
      );
      expect(smtp.copies(row.messageId!)).toBe(1);
    }
    // Both senders took part, and neither ever found its claim taken.
    expect(new Set(smtp.messages.map((m) => m.sender)).size).toBe(2);
    expect(lost.flat().every((n) => n === 0)).toBe(true);
  }, 60_000);

  it("lets a sender whose claim lapsed change nothing, and resends under the same Message-ID", async () => {
    const db = database.prisma;
    const now = new Date("2026-11-24T08:31:00+08:00");
    const [row] = await queueMail(db, 1, now);
    const stale = await claimNextEmail(db, {
      now,
      token: "stale-sender",
      claimMs: 60_000,
      messageIdHost: host,
    });
    expect(stale?.id).toBe(row!.id);
    // Its process froze past the claim (on the database's clock); another sender takes the row and delivers it.
    await db.$executeRaw`UPDATE email_outbox SET locked_until = clock_timestamp() - interval '1 second'`;
    const mailer = createMailer(smtp.url);
    try {
      expect((await drainOutbox(db, mailer, { from, now: () => now, messageIdHost: host })).sent).toBe(1);
    } finally {
      mailer.close();
    }
    // The frozen sender wakes up with a timeout and would put the delivered row back for a resend.
    expect(await renewClaim(db, row!.id, "stale-sender", 60_000)).toBe(false);
    const retry = { status: "pending" as const, lastError: "Timeout", nextAttemptAt: now };
    expect(await markEmail(db, row!.id, "stale-sender", retry)).toBe(false);
    const after = await db.outboxEmail.findUniqueOrThrow({ where: { id: row!.id } });
    expect(after.status).toBe("sent");
    expect(after.lastError).toBeNull();
    // The taken-over attempt carried the Message-ID fixed at the first claim.
    expect(smtp.messages.map((m) => m.messageId)).toEqual([stale!.message_id]);
  });
});

describe("temporary and permanent failures", () => {
  it("keeps retrying 4xx answers and timeouts at most an hour apart however long it takes; fails a 550", async () => {
    const db = database.prisma;
    const now = new Date("2026-11-24T08:31:00+08:00");
    await queueMail(db, 1, now, "grey");
    await queueMail(db, 1, now, "gone");
    // A row that has already been retried through a week-long outage.
    await db.outboxEmail.updateMany({ where: { dedupeKey: "grey:0" }, data: { attempts: 170 } });
    smtp.refuse.add("gone0@x.example");
    smtp.greylistAll = true;
    const mailer = createMailer(smtp.url);
    try {
      await drainOutbox(db, mailer, { from, now: () => now });
    } finally {
      mailer.close();
    }
    const grey = await db.outboxEmail.findUniqueOrThrow({ where: { dedupeKey: "grey:0" } });
    expect(grey.status).toBe("pending");
    expect(grey.lastError).toContain("451");
    expect(grey.nextAttemptAt.getTime() - now.getTime()).toBe(60 * 60_000);
    // A 550 for its only recipient is permanent.
    const gone = await db.outboxEmail.findUniqueOrThrow({ where: { dedupeKey: "gone:0" } });
    expect(gone.status).toBe("failed");
    expect(gone.lastError).toContain("550");

    // A server that accepts the connection and never says a word: the greeting timeout ends the attempt, which
    // is retried; nodemailer's default would have held the sender for 30 seconds.
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const hanging = createMailer(`smtp://127.0.0.1:${port}`, {
      connectionMs: 300,
      greetingMs: 300,
      socketMs: 300,
    });
    const later = new Date(now.getTime() + 61 * 60_000);
    const started = Date.now();
    try {
      await drainOutbox(db, hanging, { from, now: () => later });
    } finally {
      hanging.close();
      silent.close();
    }
    expect(Date.now() - started).toBeLessThan(10_000);
    const timedOut = await db.outboxEmail.findUniqueOrThrow({ where: { dedupeKey: "grey:0" } });
    expect(timedOut.status).toBe("pending");
    expect(timedOut.attempts).toBe(172);
    expect(timedOut.nextAttemptAt.getTime() - later.getTime()).toBe(60 * 60_000);
  });
});

describe("a row with no address", () => {
  it("fails in Chinese without reaching the server, and leaves the others to go", async () => {
    const db = database.prisma;
    const now = new Date("2026-11-24T08:31:00+08:00");
    await queueMail(db, 1, now, "nobody");
    await db.outboxEmail.updateMany({ where: { dedupeKey: "nobody:0" }, data: { toAddresses: [] } });
    await queueMail(db, 1, now, "someone");
    const mailer = createMailer(smtp.url);
    try {
      expect(await drainOutbox(db, mailer, { from, now: () => now })).toMatchObject({ sent: 1, failed: 1 });
    } finally {
      mailer.close();
    }
    expect(smtp.messages.map((m) => m.to)).toEqual([["someone0@x.example"]]);
    const nobody = await db.outboxEmail.findUniqueOrThrow({ where: { dedupeKey: "nobody:0" } });
    expect(nobody.status).toBe("failed");
    expect(nobody.lastError).toBe("这封邮件没有收件地址，无法发送；请先补充邮箱");
  });
});

describe("a week of SMTP refusing connections, then greylisting, then accepting", () => {
  it("delivers every reminder once, in one merged digest per person, with nothing failed or empty", async () => {
    const db = database.prisma;
    await db.setting.create({
      data: { key: "reminders", value: { overdueEveryDays: 1, workdaysOnly: false, escalateAfterDays: 3 } },
    });
    const leader = await createUser(db, { role: "leader" });
    await db.user.update({ where: { id: leader.id }, data: { email: "leader@x.example" } });
    const office = await createUser(db, { role: "office" });
    await db.user.update({ where: { id: office.id }, data: { email: "ducha@x.example" } });
    const units = await Promise.all(
      ["区水务局", "区财政局", "区教体局"].map((name, i) =>
        db.unit.create({ data: { name, emails: [`unit${i}@x.example`] } }),
      ),
    );
    // Overdue from before the week: a reminder a day to the unit, and from the fourth day late to the leader
    // and the office; one more falls due in the middle of the outage.
    for (const [i, unit] of units.entries()) {
      await createTask(db, {
        title: `逾期事项${i}`,
        state: "in_progress",
        leadUnitId: unit.id,
        leaderId: leader.id,
        deadline: "2026-10-31",
      });
    }
    await createTask(db, {
      title: "期中事项",
      state: "in_progress",
      leadUnitId: units[0]!.id,
      deadline: "2026-11-04",
    });

    const mailers = [createMailer(smtp.url), createMailer(smtp.url)];
    const days = [
      "2026-11-02",
      "2026-11-03",
      "2026-11-04",
      "2026-11-05",
      "2026-11-06",
      "2026-11-07",
      "2026-11-08",
    ];
    try {
      await smtp.stop();
      for (const day of days) {
        for (let hour = 0; hour < 24; hour++) {
          const now = new Date(`${day}T${String(hour).padStart(2, "0")}:31:00+08:00`);
          smtp.tick = now.toISOString();
          // Connections refused for four days; on the fifth, 451 until noon; then all is well.
          const state = day < "2026-11-06" ? "down" : day === "2026-11-06" && hour < 12 ? "greylist" : "up";
          if (state === "down" && smtp.running) await smtp.stop();
          if (state !== "down" && !smtp.running) await smtp.start();
          smtp.greylistAll = state === "greylist";
          await Promise.all([
            runScheduledReminders(database.prisma, { now, publicUrl }),
            runScheduledReminders(second.prisma, { now, publicUrl }),
          ]);
          await Promise.all(
            [database, second].map((d, i) =>
              drainOutbox(d.prisma, mailers[i]!, { from, now: () => now, messageIdHost: host }),
            ),
          );
        }
      }
    } finally {
      for (const m of mailers) m.close();
    }

    const rows = await db.outboxEmail.findMany({ include: { reminders: true } });
    expect(rows.filter((r) => r.status === "failed")).toEqual([]);
    expect(rows.every((r) => r.status === "sent" || r.status === "superseded")).toBe(true);
    // Superseded digests never went out, and gave their reminders to the digest that did.
    const superseded = rows.filter((r) => r.status === "superseded");
    expect(superseded.length).toBeGreaterThan(0);
    expect(superseded.every((r) => r.reminders.length === 0 && r.supersededById !== null)).toBe(true);
    expect(superseded.every((r) => r.messageId === null || smtp.copies(r.messageId) === 0)).toBe(true);

    // Every reminder arrived once, in an email that names its task; no email is empty.
    const reminders = rows.flatMap((r) => r.reminders.map((m) => ({ ...m, row: r })));
    expect(reminders.length).toBeGreaterThan(40);
    for (const r of reminders) {
      expect(r.row.status).toBe("sent");
      expect(smtp.copies(r.row.messageId!)).toBe(1);
      const mail = smtp.messages.find((m) => m.messageId === r.row.messageId)!;
      expect(mail.text).toContain(`${publicUrl}/tasks/${r.taskId}`);
    }
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(smtp.messages.length);
    expect(smtp.messages.every((m) => m.text.includes(`${publicUrl}/tasks/`))).toBe(true);

    // While the server was away nothing arrived; then each person got one email holding the four days missed.
    const firstReceived = smtp.messages.map((m) => m.tick).sort()[0]!;
    expect(firstReceived >= new Date("2026-11-06T12:31:00+08:00").toISOString()).toBe(true);
    for (const address of ["unit0@x.example", "unit1@x.example", "leader@x.example", "ducha@x.example"]) {
      const first = smtp.messages.filter((m) => m.to.includes(address) && m.tick === firstReceived);
      expect(first, address).toHaveLength(1);
      expect(first[0]!.text).toMatch(/此前有 \d+ 条提醒因邮件发送故障未能送达，已合并到本邮件中/);
    }
    const merged = smtp.messages.find((m) => m.to.includes("unit0@x.example") && m.tick === firstReceived)!;
    // 逾期事项0 was overdue on each of the five days: listed once, as of today. 期中事项 was due soon, due and
    // overdue unseen: each kind once, the older ones with the day they were meant for.
    expect(merged.text.split("逾期事项0").length - 1).toBe(1);
    expect(merged.text).toContain("此前有 7 条提醒");
    expect(merged.text).toContain(
      "期中事项（牵头：区水务局），完成时限：2026年11月4日（原应于2026年11月3日提醒）",
    );
    expect(merged.text).toContain(
      "期中事项（牵头：区水务局），完成时限：2026年11月4日（原应于2026年11月4日提醒）",
    );
    // The last two days each brought each unit its own digest, as usual.
    expect(smtp.messages.filter((m) => m.to.includes("unit1@x.example"))).toHaveLength(3);
  }, 120_000);
});

describe("a digest that was on its way when the next run came", () => {
  it("is merged at the following run, even one with nothing new for that person", async () => {
    const db = database.prisma;
    await db.setting.create({ data: { key: "reminders", value: { workdaysOnly: false } } });
    const unit = await db.unit.create({ data: { name: "区水务局", emails: ["shuiwu@x.example"] } });
    // Overdue on the day after the deadline and every 3 days: reminders on 11-02 and 11-05, none on 11-06.
    const task = await createTask(db, {
      title: "泵站改造",
      state: "in_progress",
      leadUnitId: unit.id,
      deadline: "2026-11-01",
    });
    const at = (day: string) => new Date(`${day}T08:31:00+08:00`);
    await runReminders(db, { now: at("2026-11-02"), publicUrl });
    // A sender is in the middle of trying the 11-02 digest (the server is down) while the 11-05 run goes by.
    const inFlight = await claimNextEmail(db, {
      now: at("2026-11-05"),
      token: "t",
      claimMs: 60_000,
      messageIdHost: host,
    });
    expect(inFlight).not.toBeNull();
    await runReminders(db, { now: at("2026-11-05"), publicUrl, since: "2026-11-02" });
    const failed = {
      status: "pending" as const,
      lastError: "connect ECONNREFUSED",
      nextAttemptAt: at("2026-11-05"),
    };
    expect(await markEmail(db, inFlight!.id, "t", failed)).toBe(true);
    expect(await db.outboxEmail.count({ where: { status: "pending" } })).toBe(2);

    const run = await runReminders(db, { now: at("2026-11-06"), publicUrl, since: "2026-11-05" });
    expect(run).toMatchObject({ reminders: 0, carried: 2, merged: 2, digests: 1 });
    const mailer = createMailer(smtp.url);
    try {
      await drainOutbox(db, mailer, { from, now: () => new Date(at("2026-11-06").getTime() + 11 * 60_000) });
    } finally {
      mailer.close();
    }
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail!.text).toContain("截至2026年11月6日");
    expect(mail!.text).toContain("此前有 2 条提醒因邮件发送故障未能送达");
    expect(mail!.text.split(`${publicUrl}/tasks/${task.id}`).length - 1).toBe(1);
    const rows = await db.outboxEmail.findMany({ orderBy: { id: "asc" }, include: { reminders: true } });
    expect(rows.map((r) => [r.status, r.reminders.length])).toEqual([
      ["superseded", 0],
      ["superseded", 0],
      ["sent", 2],
    ]);
  });
});

describe("the 邮件 page", () => {
  let app: FastifyInstance;
  let mailer: Mailer;
  const now = new Date("2026-11-24T02:00:00Z");

  beforeAll(async () => {
    mailer = createMailer(smtp.url);
    // Plain http: an https PUBLIC_URL makes the session cookie Secure, which app.inject's requests never carry.
    const env = { PUBLIC_URL: `http://${host}` };
    app = await createTestApp(database.prisma, { clock: () => now, mailer, env });
  });
  afterAll(async () => {
    await app.close();
    mailer.close();
  });

  it("lists refused mail with the server's reason and retries it all at once, for the office only", async () => {
    const db = database.prisma;
    const officeUser = await createUser(db, { role: "office" });
    const unitUser = await createUser(db, { role: "unit" });
    const office = new Browser(app);
    await office.login(officeUser.username, password);
    const unit = new Browser(app);
    await unit.login(unitUser.username, password);

    await queueMail(db, 3, now, "bad");
    smtp.refuse.add("bad0@x.example");
    smtp.refuse.add("bad1@x.example");
    await drainOutbox(db, mailer, { from, now: () => now });
    expect(await db.outboxEmail.count({ where: { status: "failed" } })).toBe(2);

    const page = textOf((await office.get("/outbox?status=failed")).body);
    expect(page).toContain("通知 bad 0");
    expect(page).toContain("通知 bad 1");
    expect(page).not.toContain("通知 bad 2");
    expect(page).toContain("550 5.1.1 没有这个邮箱 mailbox unavailable");
    expect(page).toContain("全部重试（2 封）");

    // Refused to anyone but the office, and without the page's token.
    const denied = await unit.post("/outbox/retry-failed", {}, "/");
    expect(denied.statusCode).toBe(403);
    expect(textOf(denied.body)).toContain("没有权限");
    expect((await office.post("/outbox/retry-failed", { _csrf: "forged" })).statusCode).toBe(403);
    expect(await db.outboxEmail.count({ where: { status: "failed" } })).toBe(2);

    // The mailboxes exist again: one press sends both, once each.
    smtp.refuse.clear();
    const retry = await office.post("/outbox/retry-failed", {}, "/outbox?status=failed");
    expect(retry.statusCode).toBe(303);
    expect(textOf((await office.get("/outbox")).body)).toContain("已将 2 封发送失败的邮件重新加入发送队列");
    for (let i = 0; i < 100 && (await db.outboxEmail.count({ where: { status: "sent" } })) < 3; i++)
      await sleep(50);
    expect(await db.outboxEmail.count({ where: { status: "sent" } })).toBe(3);
    for (const address of ["bad0@x.example", "bad1@x.example", "bad2@x.example"]) {
      expect(smtp.messages.filter((m) => m.to.includes(address))).toHaveLength(1);
    }
    expect(textOf((await office.get("/outbox")).body)).not.toContain("全部重试");

    // The same button pressed again from a stale tab: nothing left to retry, nothing sent twice.
    const rows = await db.outboxEmail.count();
    const again = await office.post("/outbox/retry-failed", {}, "/outbox?status=failed");
    expect(again.statusCode).toBe(303);
    await sleep(300);
    expect(await db.outboxEmail.count()).toBe(rows);
    for (const address of ["bad0@x.example", "bad1@x.example", "bad2@x.example"]) {
      expect(smtp.messages.filter((m) => m.to.includes(address))).toHaveLength(1);
    }
    // A row id that cannot exist is a missing page, not a 500.
    expect((await office.post("/outbox/99999999999/retry", {}, "/outbox")).statusCode).toBe(404);
  });
});

/** The URL of this file's PostgreSQL test database, for a second "instance" on it. */
async function currentUrl(): Promise<string> {
  const [row] = await database.prisma.$queryRaw<{ db: string }[]>`SELECT current_database() AS db`;
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${row!.db}`;
  return url.toString();
}
