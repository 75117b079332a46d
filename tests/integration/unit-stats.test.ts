// Feedback quality flags (written with the report, shown to the office) and the per-unit statistics on the
// dashboard, the bulletin and a unit's home, against a fixture whose every figure is counted by hand here.
import { beforeEach, describe, expect, it } from "vitest";
import { type Browser, signedIn, textOf, useTestApp } from "../helpers/app.ts";
import { createTask, createUnitIds, createUser } from "../helpers/factories.ts";

// Tuesday 2026-11-24, 10:00 in Shanghai.
const now = new Date("2026-11-24T02:00:00Z");
const ctx = useTestApp({ truncate: true, clock: () => now });
const at = (day: string) => new Date(`${day}T02:00:00Z`);

/** The unit-stats table's cells for `unit` on a page, or null when the unit has no row. */
function statsRow(html: string, unit: string): string[] | null {
  const section = html.match(/<section class="card unit-stats">[\s\S]*?<\/section>/)?.[0] ?? html;
  const row = section.match(new RegExp(`<tr><th scope="row">${unit}</th>(.*?)</tr>`))?.[1];
  return row ? [...row.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]!) : null;
}

describe("report quality flags", () => {
  let lead: Browser;
  let office: Browser;
  let taskId: number;

  beforeEach(async () => {
    const [shuiwu] = (await createUnitIds(ctx.db, "区水务局")) as [number];
    lead = (await signedIn(ctx.app, ctx.db, { role: "unit", unitId: shuiwu })).browser;
    office = (await signedIn(ctx.app, ctx.db, { role: "office" })).browser;
    taskId = (await createTask(ctx.db, { state: "in_progress", leadUnitId: shuiwu, deadline: "2026-12-31" }))
      .id;
  });

  const report = (body: string) =>
    lead.postMultipart(`/tasks/${taskId}/report`, { body }, [], `/tasks/${taskId}`);

  it("stores the flags of a report written through the page and shows them to the office only", async () => {
    expect((await report("已完成3号泵站主体浇筑，累计完成投资420万元。")).statusCode).toBe(303);
    expect((await report("目前正在推进中，各项工作按计划推进。")).statusCode).toBe(303);
    expect((await report("目前正在推进中；各项工作按计划推进")).statusCode).toBe(303);
    const rows = await ctx.db.progressReport.findMany({ where: { taskId }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.qualityFlags)).toEqual([[], ["boilerplate"], ["boilerplate", "near_copy"]]);

    const officePage = textOf((await office.get(`/tasks/${taskId}`)).body);
    expect(officePage).toContain("反馈质量提示：套话较多，实质内容不足15字；与上次反馈内容基本相同");
    const unitPage = (await lead.get(`/tasks/${taskId}`)).body;
    expect(unitPage).toContain("各项工作按计划推进");
    expect(unitPage).not.toContain("反馈质量提示");
    expect(unitPage).not.toContain("套话较多");
  });

  it("flags a completion request without evidence, and not one naming its result", async () => {
    const summary = "该事项我单位高度重视，安排专人负责落实，现申请办结。";
    const asked = await lead.postMultipart(
      `/tasks/${taskId}/request-completion`,
      { summary },
      [],
      `/tasks/${taskId}`,
    );
    expect(asked.statusCode).toBe(303);
    const row = await ctx.db.progressReport.findFirstOrThrow({ where: { taskId, completion: true } });
    expect(row.qualityFlags).toEqual(["no_evidence"]);
    expect(textOf((await office.get(`/tasks/${taskId}`)).body)).toContain("申请办结但未附佐证材料");

    // Sent back, asked again with the result written out: no flag.
    await ctx.db.task.update({ where: { id: taskId }, data: { state: "in_progress", requestedAt: null } });
    const again = await lead.postMultipart(
      `/tasks/${taskId}/request-completion`,
      { summary: "泵站改造工程已竣工，经区水务局组织验收合格，投资共计480万元。" },
      [],
      `/tasks/${taskId}`,
    );
    expect(again.statusCode).toBe(303);
    const second = await ctx.db.progressReport.findFirstOrThrow({
      where: { taskId, completion: true },
      orderBy: { id: "desc" },
    });
    expect(second.qualityFlags).toEqual([]);
  });
});

describe("per-unit statistics", () => {
  let units: { a: number; b: number; c: number };
  let userA: number;

  beforeEach(async () => {
    const [a, b, c] = (await createUnitIds(ctx.db, "区水务局", "区财政局", "区教体局")) as [
      number,
      number,
      number,
    ];
    units = { a, b, c };
    userA = (await createUser(ctx.db, { role: "unit", unitId: a, username: "shuiwu" })).id;
    const userB = (await createUser(ctx.db, { role: "unit", unitId: b, username: "caizheng" })).id;
    const db = ctx.db;
    const task = (fields: Parameters<typeof createTask>[1], more: Record<string, unknown> = {}) =>
      createTask(db, { leadUnitId: a, ...fields }).then((t) =>
        Object.keys(more).length ? db.task.update({ where: { id: t.id }, data: more }) : t,
      );
    // 按时办结: t1 on time, t2 late, t3 without a deadline (cannot be late) → 2/3.
    // 签收 (window: 2 working days after 交办): t1 signed the next day, t3 on the 2nd working day, t2 on the 4th
    // (late); t5 not signed and its window closed (late); t4's window closes today (not yet due); t6 and t7
    // below are signed on their day of 交办 → 4/6.
    const t1 = await task(
      { state: "done", deadline: "2026-11-30" },
      { doneOnTime: true, assignedAt: at("2026-11-02"), signedAt: at("2026-11-03") },
    );
    const t2 = await task(
      { state: "done", deadline: "2026-11-10" },
      { doneOnTime: false, assignedAt: at("2026-11-02"), signedAt: at("2026-11-06") },
    );
    await task(
      { state: "done" },
      { doneOnTime: null, assignedAt: at("2026-11-02"), signedAt: at("2026-11-04") },
    );
    await task({ state: "assigned", assignedAt: at("2026-11-20") });
    await task({ state: "assigned", assignedAt: at("2026-11-16") });
    // 反馈: t6 weekly from 11-02, co-unit B. A reports 11-08 (due 11-09, on time); B 11-12 (due 11-15, on time);
    // A 11-20 (due 11-19, late). t7 monthly, its report due 11-01 passed with none (due, not met). A → 1/3.
    const t6 = await task(
      { state: "in_progress", reportCycle: "weekly", coUnitIds: [b], nextReportDue: "2026-11-27" },
      { assignedAt: at("2026-11-02"), signedAt: at("2026-11-02") },
    );
    const t7 = await task(
      { state: "in_progress", reportCycle: "monthly", nextReportDue: "2026-11-01" },
      { assignedAt: at("2026-10-01"), signedAt: at("2026-10-01") },
    );
    const rep = (
      taskId: number,
      unitId: number,
      authorId: number,
      day: string,
      qualityFlags: string[] = [],
    ) =>
      db.progressReport.create({
        data: { taskId, unitId, authorId, body: "进展", createdAt: at(day), qualityFlags },
      });
    await rep(t6.id, a, userA, "2026-11-08");
    await rep(t6.id, b, userB, "2026-11-12", ["boilerplate"]);
    await rep(t6.id, a, userA, "2026-11-20", ["near_copy"]);
    // On a task without a cycle: not a due report, but its flag counts → A flagged 2, B flagged 1.
    await rep(t1.id, a, userA, "2026-11-05", ["boilerplate"]);
    // Extensions asked by A: approved, refused, pending → 3 asked, 1 granted.
    const ext = (taskId: number, status: "approved" | "refused" | "pending") =>
      db.extensionRequest.create({
        data: { taskId, requestedById: userA, requestedDeadline: at("2027-01-31"), reason: "工期", status },
      });
    await ext(t6.id, "approved");
    await ext(t6.id, "refused");
    await ext(t7.id, "pending");
    // 退回: twice on t2, once on t1 → 3; an approval is not a return.
    for (const taskId of [t2.id, t2.id, t1.id])
      await db.taskEvent.create({
        data: { taskId, action: "return", fromState: "pending_review", toState: "in_progress" },
      });
    await db.taskEvent.create({ data: { taskId: t1.id, action: "approve", toState: "done" } });
  });

  // Columns: 按时办结率, 反馈及时率, 签收及时率, 延期申请/批准, 退回, 质量提示反馈.
  const rowA = ["2/3，66.7%", "1/3，33.3%", "4/6，66.7%", "3/1", "3", "2"];
  const rowB = ["—", "1/1，100%", "—", "0/0", "0", "1"];
  const rowC = ["—", "—", "—", "0/0", "0", "0"];

  it("counts every rate and figure of the fixture on the office's dashboard", async () => {
    const office = (await signedIn(ctx.app, ctx.db, { role: "office" })).browser;
    const page = await office.get("/dashboard");
    expect(page.statusCode).toBe(200);
    expect(statsRow(page.body, "区水务局")).toEqual(rowA);
    expect(statsRow(page.body, "区财政局")).toEqual(rowB);
    expect(statsRow(page.body, "区教体局")).toEqual(rowC);

    // A write moves the data version, so the cached figures follow: a fourth extension, granted.
    await ctx.db.extensionRequest.create({
      data: {
        taskId: (await ctx.db.task.findFirstOrThrow()).id,
        requestedById: userA,
        requestedDeadline: at("2027-02-01"),
        reason: "工期",
        status: "approved",
      },
    });
    expect(statsRow((await office.get("/dashboard")).body, "区水务局")?.[3]).toBe("4/2");
  });

  it("shows a unit its own figures only, on its home page", async () => {
    const a = await (await signedIn(ctx.app, ctx.db, { role: "unit", unitId: units.a })).browser.get("/");
    expect(a.statusCode).toBe(200);
    expect(textOf(a.body)).toContain("本单位履职情况");
    expect(statsRow(a.body, "区水务局")).toEqual(rowA);
    expect(statsRow(a.body, "区财政局")).toBeNull();
    const c = await (await signedIn(ctx.app, ctx.db, { role: "unit", unitId: units.c })).browser.get("/");
    expect(statsRow(c.body, "区教体局")).toEqual(rowC);
    expect(statsRow(c.body, "区水务局")).toBeNull();
  });

  it("prints the per-unit table in the bulletin", async () => {
    const office = (await signedIn(ctx.app, ctx.db, { role: "office" })).browser;
    const page = await office.get("/bulletin");
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain("各单位履职情况");
    const row = page.body.match(/<tr><td>区水务局<\/td>(.*?)<\/tr>/)?.[1] ?? "";
    expect([...row.matchAll(/<td class="num">(.*?)<\/td>/g)].map((m) => m[1])).toEqual(rowA);
  });
});
