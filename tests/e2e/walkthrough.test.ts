// The seed record (../shared/corpus 000) from paste to done, in a real browser: the office imports and
// reviews it and hands out eight tasks; 区水务局 signs for one on a phone, reports with a file and asks to
// close it; the office approves. Screenshots of each step land in tests/e2e/screenshots/.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { seedDemo } from "../../src/features/demo/seed.ts";
import { logIn, useLiveApp } from "../helpers/e2e.ts";

const shots = path.resolve("tests/e2e/screenshots");
const seedRecord = "../shared/corpus/dev/docs/000.txt";

const live = useLiveApp(
  async (db) => {
    await mkdir(shots, { recursive: true });
    await seedDemo(db);
  },
  // The day after the meeting, so the lights read as they did then.
  {
    clock: () => new Date("2021-04-01T02:00:00Z"),
    env: { DATA_DIR: path.resolve("tests/.tmp/e2e-data") },
  },
);

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

describe("the seed record, from paste to done", () => {
  it("takes a clerk from paste to eight assigned tasks, and a unit from sign to done on a phone", async () => {
    const raw = await readFile(seedRecord, "utf8");
    const text = raw.slice(raw.indexOf("\n\n") + 2);

    const desk = await live.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(desk, live.base, "ducha", "duban2021");
    await desk.click(`nav >> text=导入纪要`);
    await desk.fill('textarea[name="text"]', text);
    await shot(desk, "01-paste");
    await desk.click(`button:has-text("下一步：核对会议信息")`);
    await expect.poll(() => desk.textContent("body")).toContain("识别到 8 项督办事项");
    await desk.fill('input[name="title"]', "泰山区政府第52次常务会议");
    await desk.fill('input[name="heldOn"]', "2021-03-31");
    await shot(desk, "02-confirm");
    await desk.click(`button:has-text("生成事项草稿")`);
    await desk.waitForURL(/\/meetings\/\d+\/review/);
    await shot(desk, "03-review");

    // The reservoir directive: due the day before the main flood season, marked for confirmation.
    const reservoir = desk.locator("article.draft", { hasText: "刘家庄水库" });
    await expect.poll(() => reservoir.locator('input[name^="deadline."]').inputValue()).toBe("2021-05-31");
    expect(await reservoir.textContent()).toContain("时限待确认");

    // Give every draft a lead unit (the record names none), confirming the reservoir deadline on the way.
    const leads = [
      "区政府办公室",
      "区发展和改革局",
      "区政府办公室",
      "区发展和改革局",
      "区财政局",
      "区生态环境分局",
      "区住房和城乡建设局",
      "区水务局",
    ];
    for (let i = 0; i < leads.length; i++) {
      const draft = desk.locator("article.draft").nth(i);
      await draft.locator('select[name^="leadUnitId."]').selectOption({ label: leads[i]! });
      // A draft whose text gives no deadline cannot be handed out without one: the clerk sets the year's end.
      const deadline = draft.locator('input[name^="deadline."]');
      if ((await deadline.inputValue()) === "") await deadline.fill("2021-12-31");
      const confirm = draft.locator('input[name^="confirmDeadline."]');
      if (await confirm.count()) await confirm.check();
      await draft.locator('button:has-text("保存")').click();
      await desk.waitForLoadState();
    }
    await shot(desk, "04-reviewed");
    await desk.click(`button:has-text("交办勾选的事项")`);
    await expect.poll(() => desk.textContent("body")).toContain("已交办 8 项");
    const meetingId = /\/meetings\/(\d+)\/review/.exec(desk.url())![1];
    await desk.goto(`${live.base}/tasks?meetingId=${meetingId}`);
    expect(await desk.locator("table.ledger tbody tr").count()).toBe(8);
    await shot(desk, "05-ledger");

    // 区水务局 on a phone.
    const phone = await live.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await logIn(phone, live.base, "shuiwu", "duban2021");
    await shot(phone, "06-unit-inbox");
    await phone.click('section.card:has(h2:has-text("待签收")) .task-card a');
    await phone.click('button:has-text("签收")');
    await expect.poll(() => phone.textContent("body")).toContain("已签收");
    await phone.fill('textarea[name="body"]', "大坝防渗墙已完成 60%，溢洪道改造已进场。");
    await phone.setInputFiles('form[action$="/report"] input[type="file"]', {
      name: "现场照片.png",
      mimeType: "image/png",
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
    });
    await phone.click('button:has-text("报送进展")');
    await expect.poll(() => phone.textContent("body")).toContain("进展已报送");
    await phone.fill('textarea[name="summary"]', "除险加固全部完成，已通过竣工验收。");
    await phone.click('button:has-text("申请办结")');
    await expect.poll(() => phone.textContent("body")).toContain("已申请办结");
    await shot(phone, "07-unit-requested");
    const taskUrl = phone.url();

    await desk.goto(taskUrl);
    await shot(desk, "08-office-review");
    await desk.click('button:has-text("审核通过")');
    await expect.poll(() => desk.textContent("body")).toContain("已审核通过");
    await shot(desk, "09-done");
    const history = await desk.locator("ol.history").textContent();
    for (const step of ["导入", "交办", "签收", "进展反馈", "申请办结", "审核通过"])
      expect(history).toContain(step);
  });
});
