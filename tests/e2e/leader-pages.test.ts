// The leaders' pages in a real Chromium, over a fixed set of tasks counted by hand. 统计分析: the charts drawn on
// the server as SVG with Chinese labels and no script on the page, at desk and phone widths, and a figure clicked
// through to the ledger rows behind it (screenshots: tests/e2e/screenshots/dashboard*.png). 督查通报: the figures,
// the units' order, the overdue tasks under each unit, and the PDF: several pages, the table header and the page
// numbers on every page (screenshot of the page at A4 width: bulletin.png).
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { Browser as Client } from "../helpers/app.ts";
import { logIn, useLiveApp } from "../helpers/e2e.ts";
import { createTask, createUnit, createUser, password } from "../helpers/factories.ts";
import { pdfPageTexts } from "../helpers/pdf-text.ts";

// Tuesday 2026-11-24, 10:00 in Shanghai: the default period is November 2026; today + 7 = 12-01.
const now = new Date("2026-11-24T02:00:00Z");
const shots = path.resolve("tests/e2e/screenshots");

let officeName = "";

const live = useLiveApp(
  async (db) => {
    await mkdir(shots, { recursive: true });
    const W = (await createUnit(db, { name: "区水务局" })).id;
    const C = (await createUnit(db, { name: "区财政局" })).id;
    const Z = (await createUnit(db, { name: "区住建局" })).id;
    const E = (await createUnit(db, { name: "区应急管理局" })).id;
    officeName = (await createUser(db, { role: "office" })).username;

    const done = async (lead: number, deadline: string, onTime: boolean) => {
      const task = await createTask(db, { state: "done", leadUnitId: lead, deadline });
      await db.task.update({
        where: { id: task.id },
        data: { doneOnTime: onTime, doneAt: new Date("2026-11-18T02:00:00Z") },
      });
    };
    // November (the default period), by hand: counted 7 (T1–T7); done 3 (on time 2, late 1) → 66.7%; open 4;
    // overdue 3 (T3, T4, T7); due within 7 days 1 (T6).
    // Units: 区财政局 3 (T5, T6, co on T4), done 1, 100.0%, overdue 1 → first; 区水务局 4, done 2, 50.0%,
    // overdue 2 → second; 区住建局 1, nothing done (—), overdue 1 → third.
    await done(W, "2026-11-10", true); // T1
    await done(W, "2026-11-05", false); // T2
    await createTask(db, { title: "河道清淤", state: "in_progress", leadUnitId: W, deadline: "2026-11-20" }); // T3
    await createTask(db, {
      title: "防汛物资储备",
      state: "pending_review",
      leadUnitId: W,
      coUnitIds: [C],
      deadline: "2026-11-02",
    }); // T4
    await done(C, "2026-11-15", true); // T5
    await createTask(db, { title: "预算调整", state: "in_progress", leadUnitId: C, deadline: "2026-11-28" }); // T6
    await createTask(db, { title: "老旧小区改造", state: "assigned", leadUnitId: Z, deadline: "2026-11-23" }); // T7
    // Never counted: a draft, a cancelled task, and tasks due outside November.
    await createTask(db, { state: "draft", leadUnitId: Z, deadline: "2026-11-10" });
    await createTask(db, { state: "cancelled", leadUnitId: Z, deadline: "2026-11-10" });
    await createTask(db, { state: "in_progress", leadUnitId: C, deadline: "2026-12-25" });
    // October: 120 overdue tasks of one unit, for a bulletin that runs over several pages.
    await db.task.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        title: `十月逾期事项第${i + 1}项：推进重点项目建设并按月报送进展情况`,
        state: "in_progress" as const,
        leadUnitId: E,
        deadline: new Date(`2026-10-${String(1 + (i % 30)).padStart(2, "0")}T00:00:00Z`),
      })),
    });
  },
  { clock: () => now },
);

/** The cells of each body row of a table, as text. */
async function rowsOf(page: Page, selector: string): Promise<string[][]> {
  return page
    .locator(`${selector} tbody tr`)
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll("td")].map((td) => (td.textContent ?? "").trim())),
    );
}

describe("统计分析", () => {
  it.each([
    ["dashboard", { width: 1280, height: 900 }],
    ["dashboard-phone", { width: 390, height: 844 }],
  ] as const)(
    "draws its charts on the server with Chinese labels and no script (%s)",
    async (name, viewport) => {
      const page = await live.browser.newPage({ viewport });
      await logIn(page, live.base, officeName, password);
      await page.goto(`${live.base}/dashboard?from=2026-11-01&to=2026-11-30`);
      expect(await page.locator("script").count()).toBe(0);
      // Each chart comes in a wide and a narrow drawing; the width decides which one shows.
      const shown = await page
        .locator("figure.chart svg")
        .evaluateAll((svgs) => svgs.filter((svg) => svg.getBoundingClientRect().width > 0).length);
      expect(shown).toBe(3);
      for (const label of ["交办", "办结", "红灯", "按期办结"])
        expect(
          await page.locator("figure.chart svg text", { hasText: label }).count(),
          label,
        ).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
      await page.close();
    },
  );

  it("opens the tasks behind a figure when it is clicked", async () => {
    const page = await live.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, live.base, officeName, password);
    await page.goto(`${live.base}/dashboard?from=2026-11-01&to=2026-11-30`);
    const overdue = page.locator("li.stat.red a.fig");
    expect(await overdue.textContent()).toBe("3");
    await overdue.click();
    await page.waitForURL(/\/tasks\?/);
    expect(await page.locator("p.muted", { hasText: "共" }).first().textContent()).toContain("共 3 项");
    const titles = await page.locator("table.ledger tbody tr td:nth-child(2)").allTextContents();
    expect(titles.map((t) => t.trim())).toEqual(["防汛物资储备", "河道清淤", "老旧小区改造"]);
    await page.close();
  });
});

describe("督查通报", () => {
  it("prints the dashboard's figures, the units in order and the overdue tasks by unit", async () => {
    const page = await live.browser.newPage({ viewport: { width: 794, height: 1123 } });
    await logIn(page, live.base, officeName, password);
    await page.goto(`${live.base}/dashboard`);
    await page.click("text=打印通报");
    await page.waitForURL(`${live.base}/bulletin`);
    // By default the period reaches back to the oldest task still overdue (October's), so none is left out.
    expect(await page.locator(".doc-title").textContent()).toContain("2026年10月1日至2026年11月30日");
    expect(await page.locator("section.unit-overdue").first().textContent()).toContain("十月逾期事项第1项");

    await page.goto(`${live.base}/bulletin?from=2026-11-01&to=2026-11-30`);
    expect(await page.locator(".red-head h1").textContent()).toBe("督查通报");
    expect(await page.locator(".doc-title").textContent()).toContain("2026年11月1日至2026年11月30日");
    const figures = Object.fromEntries(
      await page
        .locator("[data-figure]")
        .evaluateAll((cells) => cells.map((c) => [c.getAttribute("data-figure"), c.textContent?.trim()])),
    );
    expect(figures).toEqual({
      total: "7",
      done: "3",
      ontime: "2",
      late: "1",
      rate: "66.7%",
      open: "4",
      overdue: "3",
      due: "1",
    });
    expect(await page.locator(".para").first().textContent()).toContain("2026年11月1日至2026年11月30日");

    expect(await rowsOf(page, "table.ranked")).toEqual([
      // Fewest overdue first; each has fewer than 3 closed tasks, so each rate is marked.
      ["1", "区财政局", "3", "1", "100.0%（办结不足3件）", "1"],
      ["2", "区住建局", "1", "0", "—（办结不足3件）", "1"],
      ["3", "区水务局", "4", "2", "50.0%（办结不足3件）", "2"],
    ]);

    const groups = await page.locator("section.unit-overdue").evaluateAll((sections) =>
      sections.map((s) => ({
        unit: s.querySelector("h4")?.textContent,
        rows: [...s.querySelectorAll("tbody tr")].map((r) =>
          [...r.querySelectorAll("td")].map((td) => (td.textContent ?? "").trim()),
        ),
      })),
    );
    expect(groups).toEqual([
      {
        unit: "区水务局（2项）",
        rows: [
          ["1", "防汛物资储备", "2026年11月2日", "22天", "待审核"],
          ["2", "河道清淤", "2026年11月20日", "4天", "办理中"],
        ],
      },
      { unit: "区财政局（1项）", rows: [["1", "防汛物资储备（协办）", "2026年11月2日", "22天", "待审核"]] },
      { unit: "区住建局（1项）", rows: [["1", "老旧小区改造", "2026年11月23日", "1天", "待签收"]] },
    ]);

    await page.screenshot({ path: path.join(shots, "bulletin.png"), fullPage: true });
    await page.close();
  });

  it("renders a long bulletin to a PDF with the table header and page numbers on every page", async () => {
    const client = new Client(live.app);
    await client.login(officeName, password);
    const res = await client.get("/bulletin.pdf?from=2026-10-01&to=2026-10-31&issue=7");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    const pages = pdfPageTexts(res.rawPayload);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages[0]).toContain("督查通报");
    expect(pages[0]).toContain("第7期");
    // The 120 rows run over every page after the first; each page shows the overdue table's header again.
    for (const [i, text] of pages.entries()) {
      expect(text, `page ${i + 1}`).toContain(`第 ${i + 1} 页，共 ${pages.length} 页`);
      if (i > 0) expect(text, `page ${i + 1}`).toContain("事项完成时限逾期天数状态");
    }
    const lastRow = pages.findIndex((t) => t.includes("十月逾期事项第120项"));
    expect(lastRow).toBeGreaterThan(0);
  });
});
