// Importing a record (paste, .txt, .docx, .html; bad files), reviewing its drafts and handing them out.
import { existsSync, readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { type Browser, expectRefusal, signedIn, textOf, useTestApp } from "../helpers/app.ts";
import { docx, paragraph, t } from "../helpers/docx.ts";
import { createUnit } from "../helpers/factories.ts";

const ctx = useTestApp({ truncate: true, clock: () => new Date("2026-04-09T02:00:00Z") });
let office: Browser;

// Our own record in the 常务会议 style.
const record = `区政府第9次常务会议纪要
4月8日，区长王建国主持召开区政府第9次常务会议。
一、关于防汛准备工作
会议要求，区水务局要在主汛期前完成北山水库除险加固；区财政局要在一个月内拨付配套资金。
二、关于校园安全
会议强调，区教体局要会同区公安分局在6月底前完成全区中小学校园安防设施排查整改。
三、关于营商环境
会议指出，优化营商环境有利于激发市场活力。会议要求，区行政审批服务局要于年底前实现企业开办一日办结。
会议还研究了其他事项。`;

beforeEach(async () => {
  const db = ctx.db;
  for (const [name, aliases] of [
    ["区水务局", ["水务局"]],
    ["区财政局", []],
    ["区教育和体育局", ["区教体局"]],
    ["区行政审批服务局", []],
  ] as const) {
    await createUnit(db, { name, aliases: [...aliases] });
  }
  office = (await signedIn(ctx.app, db, { role: "office" })).browser;
});

async function importText(text: string, meta: Record<string, string> = {}) {
  const preview = await office.postMultipart("/meetings/import", { text }, [], "/meetings/import");
  expect(preview.statusCode).toBe(200);
  const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(preview.body)?.[1] ?? "";
  const created = await office.post(
    "/meetings",
    {
      title: value("title") || "测试会议",
      kind: "常务会议",
      heldOn: value("heldOn"),
      chair: value("chair"),
      text,
      ...meta,
    },
    "/meetings/import",
  );
  expect(created.statusCode).toBe(303);
  return { preview, created, reviewUrl: created.headers.location as string };
}

describe("import", () => {
  it("reads the record's own title and chair, then makes one draft per directive with units and deadlines", async () => {
    const { preview, reviewUrl } = await importText(record, { heldOn: "2026-04-08" });
    expect(preview.body).toContain('value="区政府第9次常务会议纪要"');
    expect(preview.body).toContain('value="区长王建国"');
    // The evaluative 指出 is not a directive; one 要求 with a semicolon chain is one directive.
    expect(textOf(preview.body)).toContain("识别到 3 项督办事项");

    const review = await office.get(reviewUrl);
    expect(review.statusCode).toBe(200);
    const drafts = await ctx.db.task.findMany({
      include: { leadUnit: true, coUnits: { include: { unit: true } } },
      orderBy: { sourceStart: "asc" },
    });
    expect(drafts.map((d) => d.state)).toEqual(["draft", "draft", "draft"]);
    expect(drafts[0]!.leadUnit?.name).toBe("区水务局");
    expect(drafts[0]!.coUnits.map((c) => c.unit.name)).toEqual(["区财政局"]);
    expect(drafts[0]!.deadline?.toISOString().slice(0, 10)).toBe("2026-05-31");
    expect(drafts[0]!.deadlineNeedsConfirmation).toBe(true);
    expect(drafts[1]!.leadUnit?.name).toBe("区教育和体育局");
    expect(drafts[1]!.unmatchedUnits).toEqual(["区公安分局"]);
    expect(drafts[1]!.deadline?.toISOString().slice(0, 10)).toBe("2026-06-30");
    expect(drafts[2]!.leadUnit?.name).toBe("区行政审批服务局");
    expect(drafts[2]!.title).toBe("营商环境");
    // Every draft quotes its exact source sentences.
    const meeting = await ctx.db.meeting.findFirstOrThrow();
    for (const d of drafts) expect(meeting.sourceText.slice(d.sourceStart!, d.sourceEnd!)).toBe(d.sourceText);
    // The record is shown with each directive marked in place.
    expect(review.body).toContain(`id="src-${drafts[0]!.id}"`);
    expect(textOf(review.body)).toContain("时限待确认");
  });

  it("recognises a re-import of the same record, even with different spacing", async () => {
    const first = await importText(record);
    const again = await importText(record.replace(/\n/g, "\n\n  "));
    expect(again.reviewUrl).toBe(first.reviewUrl);
    expect(textOf((await office.get(again.reviewUrl)).body)).toContain("这份纪要已经导入过");
    expect(await ctx.db.meeting.count()).toBe(1);
  });

  it("reads .txt, .docx and saved .html uploads", async () => {
    const upload = async (name: string, type: string, bytes: Uint8Array) => {
      const res = await office.postMultipart(
        "/meetings/import",
        { text: "" },
        [{ field: "file", name, type, bytes }],
        "/meetings/import",
      );
      expect(res.statusCode, name).toBe(200);
      return textOf(res.body);
    };
    expect(await upload("纪要.txt", "text/plain", new TextEncoder().encode(record))).toContain(
      "识别到 3 项督办事项",
    );
    const word = docx(
      record
        .split("\n")
        .map((line) => paragraph(t(line)))
        .join(""),
    );
    expect(await upload("纪要.docx", "application/octet-stream", word)).toContain("识别到 3 项督办事项");
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>区政府第9次常务会议纪要</title><script>var x=1;</script></head><body>${record
      .split("\n")
      .map((l) => `<p>${l}</p>`)
      .join("")}</body></html>`;
    expect(await upload("纪要.html", "text/html", new TextEncoder().encode(html))).toContain(
      "识别到 3 项督办事项",
    );
  });

  it("refuses empty, binary, oversized and unsupported files in Chinese and saves nothing", async () => {
    const cases: [string, Uint8Array, string][] = [
      ["空.txt", new Uint8Array(0), "空"],
      ["扫描件.pdf", new TextEncoder().encode("%PDF-1.7 ..."), ".docx"],
      ["图片.png", Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), ".docx"],
      ["大.txt", new Uint8Array(6 * 1024 * 1024).fill(0x41), "5 MB"],
    ];
    for (const [name, bytes, message] of cases) {
      const res = await office.postMultipart(
        "/meetings/import",
        { text: "" },
        [{ field: "file", name, type: "application/octet-stream", bytes }],
        "/meetings/import",
      );
      expect(res.statusCode, name).toBe(422);
      expect(textOf(res.body), name).toContain(message);
    }
    const nothing = await office.postMultipart("/meetings/import", { text: "  " }, [], "/meetings/import");
    expect(textOf(nothing.body)).toContain("请粘贴会议纪要正文，或选择要上传的文件");
    const short = await office.post(
      "/meetings",
      { title: "短", kind: "常务会议", text: "太短了" },
      "/meetings/import",
    );
    expectRefusal(short, "会议纪要正文太短");
    expect(await ctx.db.meeting.count()).toBe(0);
    expect(await ctx.db.task.count()).toBe(0);
  });

  it("is for the office only", async () => {
    const { browser } = await signedIn(ctx.app, ctx.db, { role: "unit" });
    expect((await browser.get("/meetings/import")).statusCode).toBe(403);
    const res = await browser.post(
      "/meetings",
      { title: "越权", kind: "常务会议", text: record },
      "/account",
    );
    expect(res.statusCode).toBe(403);
    expect(await ctx.db.meeting.count()).toBe(0);
  });
});

describe("review", () => {
  it("edits, adds a found unit in one step, splits, merges, drops, adds a missed directive and hands out", async () => {
    const { reviewUrl } = await importText(record, { heldOn: "2026-04-08" });
    const meetingId = Number(/\/meetings\/(\d+)/.exec(reviewUrl)![1]);
    const db = ctx.db;
    const drafts = async () =>
      db.task.findMany({
        where: { state: "draft" },
        orderBy: { sourceStart: "asc" },
        include: { coUnits: true },
      });
    let [water, school] = await drafts();

    // Split the water draft where the finance instruction begins; each half finds its own unit and deadline.
    const split = await office.post(
      `/tasks/${water!.id}/split`,
      { fragment: "区财政局要在一个月内" },
      reviewUrl,
    );
    expect(split.statusCode).toBe(303);
    const money = (await drafts()).find((d) => d.sourceText?.startsWith("区财政局"))!;
    water = await db.task.findUniqueOrThrow({ where: { id: water!.id }, include: { coUnits: true } });
    expect(water.sourceText).toBe("会议要求，区水务局要在主汛期前完成北山水库除险加固；");
    expect(water.coUnits).toEqual([]);
    const caizheng = (await db.unit.findUniqueOrThrow({ where: { name: "区财政局" } })).id;
    expect(money.leadUnitId).toBe(caizheng);
    expect(money.deadline?.toISOString().slice(0, 10)).toBe("2026-05-08");
    const badSplit = await office.post(`/tasks/${money.id}/split`, { fragment: "不在原文里的字" }, reviewUrl);
    expectRefusal(badSplit, "在纪要原文中找不到粘贴的文字");

    // Edit: a new title and a deadline set by hand clears the confirmation mark; the history keeps both.
    const edit = await office.post(
      `/tasks/${water.id}/edit`,
      {
        title: "北山水库除险加固",
        leadUnitId: String(water.leadUnitId),
        coUnitIds: [String(caizheng)],
        deadline: "2026-05-20",
        reportCycle: "weekly",
      },
      reviewUrl,
    );
    expect(edit.statusCode).toBe(303);
    water = await db.task.findUniqueOrThrow({ where: { id: water.id }, include: { coUnits: true } });
    expect(water.title).toBe("北山水库除险加固");
    expect(water.deadlineDerivation).toBe("manual");
    expect(water.deadlineNeedsConfirmation).toBe(false);
    expect(water.coUnits.map((c) => c.unitId)).toEqual([caizheng]);
    const history = await db.taskEvent.findFirstOrThrow({
      where: { taskId: water.id, action: "edit", before: { not: {} } },
    });
    expect(history.before).toMatchObject({ deadline: "2026-05-31" });
    expect(history.after).toMatchObject({ deadline: "2026-05-20", title: "北山水库除险加固" });
    const badEdit = await office.post(
      `/tasks/${water.id}/edit`,
      { title: "", reportCycle: "yearly" },
      reviewUrl,
    );
    expectRefusal(badEdit, "请填写事项名称");

    // A unit the directory does not know, added with one click.
    await office.post(`/tasks/${school!.id}/units`, { name: "区公安分局" }, reviewUrl);
    const police = await db.unit.findUniqueOrThrow({ where: { name: "区公安分局" } });
    school = await db.task.findUniqueOrThrow({ where: { id: school!.id }, include: { coUnits: true } });
    expect(school.coUnits.map((c) => c.unitId)).toEqual([police.id]);
    expect(school.unmatchedUnits).toEqual([]);

    // Merge the two halves back into one.
    await office.post(
      `/meetings/${meetingId}/merge`,
      { taskIds: [String(water.id), String(money.id)] },
      reviewUrl,
    );
    expect(await db.task.count({ where: { id: money.id } })).toBe(0);
    const merged = await db.task.findUniqueOrThrow({ where: { id: water.id } });
    expect(merged.sourceText).toContain("北山水库除险加固");
    expect(merged.sourceText).toContain("一个月内拨付配套资金");
    expect(merged.deadline?.toISOString().slice(0, 10)).toBe("2026-05-08");

    // A sentence the extractor rightly skipped, added by pasting, then dropped again.
    await office.post(
      `/meetings/${meetingId}/add`,
      { fragment: "会议指出，优化营商环境有利于激发市场活力。" },
      reviewUrl,
    );
    const praise = await db.task.findFirstOrThrow({
      where: { sourceText: "会议指出，优化营商环境有利于激发市场活力。" },
    });
    await office.post(`/tasks/${praise.id}/drop`, {}, reviewUrl);
    expect(await db.task.count({ where: { id: praise.id } })).toBe(0);

    // A directive the extractor missed, pasted from the record.
    await office.post(`/meetings/${meetingId}/add`, { fragment: "会议还研究了其他事项。" }, reviewUrl);
    const added = await db.task.findFirstOrThrow({ where: { sourceText: "会议还研究了其他事项。" } });
    expect(added.state).toBe("draft");

    // 交办 refuses the selection while one has no lead unit, then goes through without it, all at once.
    const ids = (await drafts()).map((d) => String(d.id));
    const refused = await office.post(`/meetings/${meetingId}/assign`, { taskIds: ids }, reviewUrl);
    expectRefusal(refused, "第 4 项“了其他事项”没有牵头单位", "本次未交办任何事项");
    expect(await db.task.count({ where: { state: "assigned" } })).toBe(0);
    const assigned = await office.post(
      `/meetings/${meetingId}/assign`,
      { taskIds: ids.filter((id) => id !== String(added.id)) },
      reviewUrl,
    );
    expect(assigned.statusCode).toBe(303);
    expect(await db.task.count({ where: { state: "assigned" } })).toBe(3);
    expect(textOf((await office.get(reviewUrl)).body)).toContain("已交办 3 项");
  });
});

const seedRecord = "../shared/corpus/dev/docs/000.txt";
describe("a draft whose text names no unit", () => {
  const unitless = `区政府第10次常务会议纪要
5月6日，区长王建国主持召开区政府第10次常务会议。
一、关于安全生产
会议要求，要在6月底前开展一次全区安全生产隐患大排查，做好应急救援准备。`;

  it("is offered lead units with their reasons, never assigned one, and takes the one the office picks once", async () => {
    const db = ctx.db;
    const emergency = await createUnit(db, {
      name: "区应急管理局",
      duties: ["安全生产", "应急救援", "隐患排查"],
    });
    await createUnit(db, { name: "区市场监督管理局", duties: ["食品安全", "特种设备"] });
    const { reviewUrl } = await importText(unitless, { heldOn: "2026-05-06" });
    const [draft] = await db.task.findMany({ where: { state: "draft" } });
    expect(draft!.leadUnitId).toBeNull();
    expect(draft!.extractRule).toBe("marker");
    expect(draft!.reviewChecks.join()).toContain("原文未写明责任单位");

    const page = textOf((await office.get(reviewUrl)).body);
    expect(page).toContain("推荐牵头单位");
    expect(page).toContain("设为牵头：区应急管理局");
    expect(page).toMatch(/职责：[^。]*安全生产/);
    expect(page).toContain("请核对");

    const lead = `/tasks/${draft!.id}/lead`;
    // Only a suggested unit, and a real id: anything else leaves the draft as it was.
    const other = await office.post(lead, { unitId: "999999" }, reviewUrl);
    expectRefusal(other, "所选单位不在推荐之列");
    expect((await office.post(lead, { unitId: "abc" }, reviewUrl)).statusCode).toBe(422);
    expect(
      (await office.post("/tasks/abc/lead", { unitId: String(emergency.id) }, reviewUrl)).statusCode,
    ).toBe(404);
    expect((await db.task.findUniqueOrThrow({ where: { id: draft!.id } })).leadUnitId).toBeNull();

    const taken = await office.post(lead, { unitId: String(emergency.id) }, reviewUrl);
    expect(taken.statusCode).toBe(303);
    expect((await db.task.findUniqueOrThrow({ where: { id: draft!.id } })).leadUnitId).toBe(emergency.id);
    // The same button pressed again (a stale tab) changes nothing and says why.
    const again = await office.post(lead, { unitId: String(emergency.id) }, reviewUrl);
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain("该事项已有牵头单位");
    const history = await db.taskEvent.findMany({ where: { taskId: draft!.id, action: "edit" } });
    expect(history).toHaveLength(1);
    expect(history[0]!.note).toContain("采纳推荐，牵头单位设为区应急管理局");
  });
});

describe.runIf(existsSync(seedRecord))("the seed record (../shared/corpus 000)", () => {
  it("becomes eight drafts, the 刘家庄水库 one due 2021-05-31 and marked for confirmation", async () => {
    const raw = readFileSync(seedRecord, "utf8");
    const text = raw.slice(raw.indexOf("\n\n") + 2);
    await importText(text, { heldOn: "2021-03-31", title: "区政府第52次常务会议" });
    const drafts = await ctx.db.task.findMany({ orderBy: { sourceStart: "asc" } });
    expect(drafts).toHaveLength(8);
    const reservoir = drafts.find((d) => d.sourceText?.includes("主汛期前"))!;
    expect(reservoir.deadline?.toISOString().slice(0, 10)).toBe("2021-05-31");
    expect(reservoir.deadlineText).toContain("主汛期前");
    expect(reservoir.deadlineNeedsConfirmation).toBe(true);
  });
});
