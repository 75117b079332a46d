// 督查通报 through app.inject: who may print it, a period it refuses, and the answer when Chromium is missing.
// The figures, the ranking and the PDF itself are checked in a real browser (tests/e2e/leader-pages.test.ts).
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.ts";
import { bulletinRoutes } from "../../src/features/bulletin/routes.ts";
import { Browser, createTestApp, expectRefusal, textOf } from "../helpers/app.ts";
import { createTestDatabase } from "../helpers/database.ts";
import { createTask, createUnit, createUser, password } from "../helpers/factories.ts";

const now = new Date("2026-11-24T02:00:00Z");

let database: Database;
let app: FastifyInstance;
const names = { office: "", leader: "", unit: "" };

async function as(role: keyof typeof names): Promise<Browser> {
  const browser = new Browser(app);
  await browser.login(names[role], password);
  return browser;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  const unit = await createUnit(db, { name: "区水务局" });
  names.office = (await createUser(db, { role: "office" })).username;
  names.leader = (await createUser(db, { role: "leader" })).username;
  names.unit = (await createUser(db, { role: "unit", unitId: unit.id })).username;
  await createTask(db, {
    title: "河道清淤",
    state: "in_progress",
    leadUnitId: unit.id,
    deadline: "2026-11-20",
  });
  // Overdue since September: the default period must reach back to it. A closed task older still must not.
  await createTask(db, {
    title: "老旧小区改造",
    state: "in_progress",
    leadUnitId: unit.id,
    deadline: "2026-09-15",
  });
  await createTask(db, {
    title: "早已办结的事项",
    state: "done",
    leadUnitId: unit.id,
    deadline: "2026-06-01",
  });
  app = await createTestApp(db, {
    clock: () => now,
    // The same routes with a Chromium that is not there.
    extraRoutes: (a) => {
      a.register(bulletinRoutes, { prefix: "/no-chromium", chromiumPath: "/nonexistent/chromium" });
    },
  });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("督查通报", () => {
  it("is printed by the office and leaders, on a page without the app's navigation", async () => {
    for (const role of ["office", "leader"] as const) {
      const res = await (await as(role)).get("/bulletin");
      expect(res.statusCode, role).toBe(200);
      expect(res.headers["content-type"]).toContain("text/html");
      const text = textOf(res.body);
      expect(text).toContain("督查通报");
      expect(text).toContain("关于2026年9月15日至2026年11月30日督办事项办理情况的通报");
      expect(text).toContain("河道清淤");
      expect(res.body).not.toContain('class="nav"');
    }
  });

  it("is refused to a unit, page and PDF alike", async () => {
    const unit = await as("unit");
    for (const url of ["/bulletin", "/bulletin.pdf"]) {
      const res = await unit.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(textOf(res.body)).toContain("此功能仅限督查室或领导使用");
    }
  });

  it("sends a visitor who is not signed in to the login page", async () => {
    const res = await app.inject({ method: "GET", url: "/bulletin" });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/login?next=%2Fbulletin");
  });

  it("refuses a period that ends before it starts, in Chinese", async () => {
    const res = await (await as("office")).get("/bulletin?from=2026-11-30&to=2026-11-01");
    expectRefusal(res, "开始日期不能晚于结束日期");
  });

  it("prints the issue number and a chosen period", async () => {
    const res = await (await as("office")).get("/bulletin?from=2026-10-01&to=2026-10-31&issue=12");
    const text = textOf(res.body);
    expect(text).toContain("第12期");
    expect(text).toContain("关于2026年10月1日至2026年10月31日督办事项办理情况的通报");
    expect(text).toContain("本期没有督办事项");
  });

  it("by default starts at the oldest still-overdue deadline, so every overdue task is listed", async () => {
    const text = textOf((await (await as("office")).get("/bulletin")).body);
    expect(text).toContain("老旧小区改造");
    expect(text).toContain("河道清淤");
    expect(text).not.toContain("本期没有逾期未办结事项");
    // A chosen start is kept as chosen, and only then may the period hold no overdue task.
    const chosen = textOf((await (await as("office")).get("/bulletin?from=2026-11-21")).body);
    expect(chosen).toContain("关于2026年11月21日至2026年11月30日督办事项办理情况的通报");
    expect(chosen).not.toContain("老旧小区改造");
    expect(chosen).toContain("本期没有逾期未办结事项");
  });

  it("shows a task written after the bulletin was opened (kept only until the data changes)", async () => {
    const office = await as("office");
    const url = "/bulletin?from=2026-11-01&to=2026-11-30";
    expect(textOf((await office.get(url)).body)).not.toContain("排水管网改造");
    const unit = await database.prisma.unit.findFirstOrThrow({ where: { name: "区水务局" } });
    await createTask(database.prisma, {
      title: "排水管网改造",
      state: "in_progress",
      leadUnitId: unit.id,
      deadline: "2026-11-10",
    });
    expect(textOf((await office.get(url)).body)).toContain("排水管网改造");
  });

  it("answers 503 with the browser's print as the way out when Chromium is missing", async () => {
    const res = await (await as("office")).get("/no-chromium/bulletin.pdf");
    expect(res.statusCode).toBe(503);
    expect(textOf(res.body)).toContain("另存为 PDF");
  });
});
