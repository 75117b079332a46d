// In a real browser: the office edits two drafts on the review page and saves one, and the other keeps what
// was typed; a mistake opens focused beside its field; 删除此项 asks first. Then 区财政局, a co-unit, on a
// 390 px phone: its inbox says the task waits for the lead unit, and neither the task page nor the ledger
// scrolls sideways.
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Db } from "../../src/db/open-database.ts";
import { seedDemo } from "../../src/features/demo/seed.ts";
import { logIn, useLiveApp } from "../helpers/e2e.ts";

const shots = path.resolve("tests/e2e/screenshots");
const sourceText =
  "会议要求，区水务局在明年汛期前完成城北排涝泵站改造。会议强调，区财政局要统筹安排老旧小区改造配套资金。";
// One unbroken run of letters and digits, as a pasted file number or web address would be.
const longWord = "DBWJ-2026-0001-ABCDEFGHIJKLMNOPQRSTUVWXYZ-abcdefghijklmnopqrstuvwxyz-0123456789-0123456789";
let meetingId = 0;
let sharedTaskId = 0;

async function seed(db: Db) {
  await seedDemo(db);
  const unit = async (name: string) => (await db.unit.findUniqueOrThrow({ where: { name } })).id;
  const [shuiwu, caizheng] = [await unit("区水务局"), await unit("区财政局")];
  const meeting = await db.meeting.create({
    data: { title: "区政府第21次常务会议", kind: "常务会议", sourceText, contentHash: "e2e-review" },
  });
  meetingId = meeting.id;
  const [first, second] = sourceText.split("。").map((s) => `${s}。`);
  await db.task.create({
    data: {
      title: "城北排涝泵站改造",
      state: "draft",
      origin: "meeting",
      meetingId,
      leadUnitId: shuiwu,
      deadline: new Date("2027-05-31T00:00:00Z"),
      sourceText: first,
      sourceStart: 0,
      sourceEnd: first!.length,
    },
  });
  await db.task.create({
    data: {
      title: "老旧小区改造配套资金",
      state: "draft",
      origin: "meeting",
      meetingId,
      sourceText: second,
      sourceStart: first!.length,
      sourceEnd: sourceText.length,
    },
  });
  const shared = await db.task.create({
    data: {
      title: `雨污分流改造（文号${longWord}）`,
      detail: `请参照附件${longWord}.pdf 执行。`,
      state: "assigned",
      origin: "leader",
      leadUnitId: shuiwu,
      deadline: new Date("2027-06-30T00:00:00Z"),
      assignedAt: new Date("2021-03-31T02:00:00Z"),
      coUnits: { create: [{ unitId: caizheng }] },
    },
  });
  sharedTaskId = shared.id;
}

const live = useLiveApp(seed, {
  clock: () => new Date("2021-04-01T02:00:00Z"),
  env: { DATA_DIR: path.resolve("tests/.tmp/e2e-review-data") },
});

// Drafts in the record's order: 泵站 first, 资金 second (their titles live in inputs, not in the text).
const draft = (page: Page, n: number) => page.locator("article.draft").nth(n);
const sideways = (page: Page) => page.evaluate("document.scrollingElement.scrollWidth") as Promise<number>;

describe("the review page and a co-unit's phone", () => {
  it("keeps the other draft's edits when one is saved, and focuses a mistake", async () => {
    const desk = await live.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(desk, live.base, "ducha", "duban2021");
    await desk.goto(`${live.base}/meetings/${meetingId}/review`);

    const pump = draft(desk, 0);
    const money = draft(desk, 1);
    await money.locator('input[name^="title."]').fill("老旧小区改造资金（尚未保存）");
    await money.locator('select[name^="leadUnitId."]').selectOption({ label: "区财政局" });
    await money.locator('input[name^="ongoing."]').check();
    await pump.locator('input[name^="title."]').fill("城北泵站改造");
    await pump.locator('button:has-text("保存")').click();
    await expect.poll(() => desk.textContent("body")).toContain("已保存“城北泵站改造”");

    expect(await draft(desk, 0).locator('input[name^="title."]').inputValue()).toBe("城北泵站改造");
    const kept = draft(desk, 1);
    expect(await kept.locator('input[name^="title."]').inputValue()).toBe("老旧小区改造资金（尚未保存）");
    expect(await kept.locator('select[name^="leadUnitId."] option:checked').textContent()).toBe("区财政局");
    expect(await kept.locator('input[name^="ongoing."]').isChecked()).toBe(true);
    expect(await kept.textContent()).toContain("有未保存的修改");
    await desk.screenshot({ path: path.join(shots, "review-kept-edits.png"), fullPage: true });

    // An empty title on the second: the page comes back focused on it, the message beside it.
    await kept.locator('input[name^="title."]').fill("");
    await kept.locator('button:has-text("保存")').click();
    await expect.poll(() => desk.textContent("body")).toContain("请填写事项名称");
    const focused = (await desk.evaluate(`(() => {
      const el = document.activeElement;
      const box = el.getBoundingClientRect();
      return {
        name: el.name,
        invalid: el.getAttribute("aria-invalid"),
        message: document.getElementById(el.getAttribute("aria-describedby") || "")?.textContent,
        inView: box.top >= 0 && box.bottom <= window.innerHeight,
      };
    })()`)) as { name: string; invalid: string; message: string; inView: boolean };
    expect(focused).toMatchObject({ invalid: "true", message: "请填写事项名称", inView: true });
    expect(focused.name).toMatch(/^title\.\d+$/);

    // 删除此项 asks first: the button that deletes is behind the question.
    const confirm = draft(desk, 0).locator('button:has-text("确定删除")');
    expect(await confirm.isVisible()).toBe(false);
    await draft(desk, 0).locator("summary", { hasText: "删除此项" }).click();
    expect(await confirm.isVisible()).toBe(true);
    await desk.close();
  });

  it("shows a co-unit on a phone why the task waits, with no sideways scrolling", async () => {
    const phone = await live.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await logIn(phone, live.base, "caizheng", "duban2021");
    const card = phone.locator("li.task-card", { hasText: "雨污分流改造" });
    expect(await card.count()).toBe(1);
    expect(await card.textContent()).toContain("牵头单位尚未签收");
    expect(await phone.locator("#awaitingLead h2").textContent()).toContain("待牵头单位签收");
    expect(await sideways(phone)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: path.join(shots, "co-unit-inbox.png"), fullPage: true });
    // The queues at the top of the inbox wrap on a phone, and each one's own list fits too.
    expect(await phone.locator("nav.unit-queues a").count()).toBe(4);
    await phone.locator("nav.unit-queues a", { hasText: "近14天延期申请已审批" }).click();
    expect(await phone.locator("h1").textContent()).toContain("近14天延期申请已审批");
    expect(await sideways(phone)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: path.join(shots, "co-unit-queue.png"), fullPage: true });

    await phone.goto(`${live.base}/tasks/${sharedTaskId}`);
    expect(await phone.textContent(".status-line")).toContain("牵头单位尚未签收");
    expect(await sideways(phone)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: path.join(shots, "co-unit-task.png"), fullPage: true });
    await phone.close();
  });

  it("shows the ledger on a phone as cards, the filters folded", async () => {
    const phone = await live.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await logIn(phone, live.base, "ducha", "duban2021");
    await phone.goto(`${live.base}/tasks`);
    expect(await phone.locator("form.filters").isVisible()).toBe(false);
    await phone.click("summary:has-text('筛选条件')");
    expect(await phone.locator("form.filters").isVisible()).toBe(true);
    expect(await phone.locator("table.ledger thead").boundingBox()).toMatchObject({ width: 1 });
    const row = await phone.locator("table.ledger tbody tr").first().boundingBox();
    expect(row!.width).toBeLessThanOrEqual(390);
    expect(await sideways(phone)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: path.join(shots, "ledger-phone.png"), fullPage: true });
    await phone.close();

    // On a desk the filters are out as before, with no fold to open.
    const desk = await live.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(desk, live.base, "ducha", "duban2021");
    await desk.goto(`${live.base}/tasks`);
    expect(await desk.locator("form.filters").isVisible()).toBe(true);
    expect(await desk.locator("summary:has-text('筛选条件')").isVisible()).toBe(false);
    await desk.close();
  });
});
