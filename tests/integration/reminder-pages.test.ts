// 催办 from a task page, the office's outbox page with its retry button, the settings page, and a task's
// reminder history, with a real SMTP server behind the app.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.ts";
import { createMailer, type Mailer } from "../../src/email/transport.ts";
import { Browser, createTestApp, textOf } from "../helpers/app.ts";
import { createTestDatabase } from "../helpers/database.ts";
import { createTask, createUser, password } from "../helpers/factories.ts";
import { SmtpSink } from "../helpers/smtp.ts";

let database: Database;
let app: FastifyInstance;
let sink: SmtpSink;
let mailer: Mailer;
let office: Browser;
let unitBrowser: Browser;
let waterId: number;
const now = new Date("2026-11-24T02:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
  sink = await new SmtpSink(["bad@x.example"]).start();
  mailer = createMailer(sink.url);
  app = await createTestApp(database.prisma, {
    clock: () => now,
    mailer,
    env: { PUBLIC_URL: "http://duban.example.gov.cn" },
  });
  const db = database.prisma;
  waterId = (await db.unit.create({ data: { name: "区水务局", emails: ["shuiwu@x.example"] } })).id;
  const officeUser = await createUser(db, { role: "office" });
  const unitUser = await createUser(db, { role: "unit", unitId: waterId });
  office = new Browser(app);
  await office.login(officeUser.username, password);
  unitBrowser = new Browser(app);
  await unitBrowser.login(unitUser.username, password);
});
afterAll(async () => {
  await app.close();
  mailer.close();
  await sink.stop();
  await database.close();
});

async function until(check: () => boolean) {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
}

describe("催办", () => {
  it("emails the lead unit at once, shows it in the task's reminders, and only once a day", async () => {
    const task = await createTask(database.prisma, {
      state: "in_progress",
      leadUnitId: waterId,
      deadline: "2026-11-20",
      title: "排涝泵站改造",
    });
    const url = `/tasks/${task.id}`;
    const res = await office.post(`${url}/urge`, { note: "请本周内报送进展" }, url);
    expect(res.statusCode).toBe(303);
    await until(() => sink.to("shuiwu@x.example").length > 0);
    const [mail] = sink.to("shuiwu@x.example");
    expect(mail!.subject).toBe("【督办催办】排涝泵站改造");
    expect(mail!.text).toContain("请本周内报送进展");
    expect(mail!.text).toContain(`http://duban.example.gov.cn/tasks/${task.id}`);

    const page = textOf((await office.get(url)).body);
    expect(page).toContain("提醒记录");
    expect(page).toMatch(/2026年11月24日 · 区水务局 · 督查室催办 · (已发送|待发送|发送中)/);
    expect(page).toContain("催办");

    const again = await office.post(`${url}/urge`, {}, url);
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain("今天已经催办过该事项");
    expect((await unitBrowser.post(`${url}/urge`, {}, url)).statusCode).toBe(403);
    expect(sink.to("shuiwu@x.example")).toHaveLength(1);
  });
});

describe("outbox page", () => {
  it("lists failed mail with the reason and puts it back in the queue on retry", async () => {
    const db = database.prisma;
    const bad = await db.unit.create({ data: { name: "区教体局", emails: ["bad@x.example"] } });
    const task = await createTask(db, {
      state: "in_progress",
      leadUnitId: bad.id,
      deadline: "2026-11-30",
      title: "校园安防",
    });
    await office.post(`/tasks/${task.id}/urge`, {}, `/tasks/${task.id}`);
    let row = await db.outboxEmail.findFirstOrThrow({ where: { toAddresses: { has: "bad@x.example" } } });
    for (let i = 0; i < 100 && row.status !== "failed"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      row = await db.outboxEmail.findFirstOrThrow({ where: { id: row.id } });
    }
    expect(row.status).toBe("failed");
    const page = textOf((await office.get("/outbox?status=failed")).body);
    expect(page).toContain("【督办催办】校园安防");
    expect(page).toContain("550");
    const retry = await office.post(`/outbox/${row.id}/retry`, {}, "/outbox?status=failed");
    expect(retry.statusCode).toBe(303);
    expect((await db.outboxEmail.findUniqueOrThrow({ where: { id: row.id } })).attempts).toBeLessThanOrEqual(
      1,
    );
    const twice = await office.post(`/outbox/${row.id}/retry`, {}, "/outbox");
    expect([303, 409]).toContain(twice.statusCode);
    expect((await unitBrowser.get("/outbox")).statusCode).toBe(403);
  });
});

describe("reminder settings", () => {
  it("saves valid settings, explains bad ones in Chinese, and is for the office only", async () => {
    const bad = await office.post("/settings/reminders", {
      dueSoonDays: "七天",
      overdueEveryDays: "0",
      escalateAfterDays: "7",
      signWithinWorkdays: "2",
      runAt: "25:00",
      senderAddress: "",
    });
    expect(bad.statusCode).toBe(422);
    const text = textOf(bad.body);
    for (const message of ["请用逗号分隔天数", "至少 1 天", "时间格式应为 08:30"])
      expect(text).toContain(message);
    const ok = await office.post("/settings/reminders", {
      dueSoonDays: "5，2",
      overdueEveryDays: "2",
      escalateAfterDays: "10",
      signWithinWorkdays: "3",
      runAt: "09:00",
      workdaysOnly: "on",
      senderAddress: "区督查室 <ducha@example.gov.cn>",
    });
    expect(ok.statusCode).toBe(303);
    const stored = await database.prisma.setting.findUniqueOrThrow({ where: { key: "reminders" } });
    expect(stored.value).toMatchObject({
      dueSoonDays: [5, 2],
      overdueEveryDays: 2,
      runAt: "09:00",
      countWorkdays: false,
    });
    expect((await unitBrowser.get("/settings/reminders")).statusCode).toBe(403);
    // Refused before validation: a bad form from a unit is a 403 too, not the office's form with errors marked.
    const forms: Record<string, string>[] = [
      { dueSoonDays: "不是数字" },
      { dueSoonDays: "3", overdueEveryDays: "1", runAt: "08:00" },
    ];
    for (const form of forms) {
      const res = await unitBrowser.post("/settings/reminders", form, "/");
      expect(res.statusCode).toBe(403);
      expect(textOf(res.body)).toContain("没有权限");
    }
  });
});
