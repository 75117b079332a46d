// 督办台账 as a workbook: what the ledger lists for the same filter, in the ledger's order, read back as Excel
// reads it.
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "../../src/features/auth/service.ts";
import { prepareLedgerExport } from "../../src/features/tasks/ledger-export.ts";
import { type Browser, loggedInEach, textOf, useTestApp } from "../helpers/app.ts";
import { createTask, createUnit, createUser } from "../helpers/factories.ts";

const now = new Date("2026-11-24T02:00:00Z");

const ctx = useTestApp({ clock: () => now });
let officeId: number;
let shuiwu: number;
let browsers: Record<"office" | "leader" | "unit", Browser>;

beforeAll(async () => {
  const db = ctx.db;
  shuiwu = (await createUnit(db, { name: "区水务局" })).id;
  const caizheng = (await createUnit(db, { name: "区财政局" })).id;
  const meeting = await db.meeting.create({
    data: {
      title: "区政府第12次常务会议",
      kind: "常务会议",
      heldOn: new Date("2026-10-10T00:00:00Z"),
      sourceText: "纪要",
      contentHash: "export-m1",
    },
  });
  const office = await createUser(db, { role: "office" });
  officeId = office.id;
  const leader = await createUser(db, { role: "leader" });
  const unit = await createUser(db, { role: "unit", unitId: shuiwu });
  // Deadlines repeat and some are missing, so the ledger's order (by deadline) differs from the entry order.
  const deadlines = [
    "2026-11-20",
    "2026-11-20",
    "2026-11-20",
    "2026-11-10",
    "2026-12-31",
    null,
    "2026-12-31",
    null,
    "2027-01-15",
    "2026-11-10",
    null,
  ];
  for (const [i, deadline] of deadlines.entries()) {
    await createTask(db, {
      title: `事项${String(i + 1).padStart(2, "0")}`,
      state: i === 10 ? "draft" : "in_progress",
      leadUnitId: i % 2 === 0 ? shuiwu : caizheng,
      coUnitIds: i === 0 ? [caizheng] : [],
      meetingId: meeting.id,
      deadline,
    });
  }
  const first = await db.task.findFirstOrThrow({ where: { title: "事项01" } });
  await db.progressReport.create({
    data: {
      taskId: first.id,
      authorId: unit.id,
      unitId: shuiwu,
      body: "已完成堤防加固 80%。",
      createdAt: new Date("2026-11-24T01:00:00Z"),
    },
  });
  browsers = await loggedInEach(ctx.app, { office, leader, unit });
});
async function workbookOf(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.getWorksheet("督办台账")!;
}

/** The task titles the ledger lists, in its order, and its total. */
async function ledgerOf(browser: Browser, query: string) {
  const res = await browser.get(`/tasks${query}`);
  const titles = [...res.body.matchAll(/<td><a href="\/tasks\/\d+">([^<]+)<\/a><\/td>/g)].map((m) => m[1]);
  const total = Number(/共 (\d+) 项/.exec(textOf(res.body))?.[1]);
  return { titles, total };
}

/** The titles of the data rows, below the title, the filter and the header. */
function titlesOf(sheet: ExcelJS.Worksheet): string[] {
  const titles: string[] = [];
  sheet.eachRow((row, n) => {
    if (n > 3) titles.push(String(row.getCell(2).value));
  });
  return titles;
}

describe("the ledger workbook", () => {
  it("holds the filtered ledger with a title, a frozen header, a filter and real dates", async () => {
    const query = `?unitId=${shuiwu}&light=red`;
    const res = await browsers.office.get(`/tasks/export.xlsx${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    expect(res.headers["content-disposition"]).toContain(
      `filename*=UTF-8''${encodeURIComponent("督办台账（2026年11月24日）.xlsx")}`,
    );
    const sheet = await workbookOf(res.rawPayload);

    expect(sheet.getCell("A1").value).toBe("督办台账（导出于2026年11月24日）");
    expect(sheet.getCell("A2").value).toBe("筛选条件：单位：区水务局；亮灯：红灯");
    expect(sheet.getRow(3).values).toEqual([
      undefined,
      "序号",
      "督办事项",
      "来源会议",
      "牵头单位",
      "配合单位",
      "完成时限",
      "状态",
      "亮灯",
      "最近进展",
    ]);
    expect(sheet.views[0]?.state).toBe("frozen");
    expect((sheet.views[0] as { ySplit?: number }).ySplit).toBe(3);
    expect(sheet.autoFilter).toBeTruthy();

    // 区水务局 leads 事项01, 03, 05, 07, 09 and co-operates on 01; overdue (before 11-24): 01, 03 (11-20).
    const ledger = await ledgerOf(browsers.office, query);
    expect(ledger.total).toBe(2);
    expect(titlesOf(sheet)).toEqual(["事项01", "事项03"]);
    expect([...ledger.titles].sort()).toEqual(titlesOf(sheet));
    expect(sheet.rowCount - 3).toBe(ledger.total);

    const row = sheet.getRow(4);
    expect(row.getCell(1).value).toBe(1);
    expect(row.getCell(3).value).toBe("区政府第12次常务会议");
    expect(row.getCell(4).value).toBe("区水务局");
    expect(row.getCell(5).value).toBe("区财政局");
    const deadline = row.getCell(6);
    expect(deadline.value).toBeInstanceOf(Date);
    expect((deadline.value as Date).toISOString()).toBe("2026-11-20T00:00:00.000Z");
    expect(deadline.numFmt).toBe('yyyy"年"m"月"d"日"');
    expect(row.getCell(7).value).toBe("办理中");
    expect(row.getCell(8).value).toBe("红灯");
    expect(row.getCell(9).value).toBe("2026年11月24日：已完成堤防加固 80%。");
    // Overdue rows are marked: red text, and a red 亮灯 cell.
    expect(row.getCell(2).font?.color?.argb).toBe("FFC62828");
    expect((row.getCell(8).fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFC62828");
  });

  it("lists every row the unfiltered ledger lists, in the ledger's order", async () => {
    const res = await browsers.leader.get("/tasks/export.xlsx");
    expect(res.statusCode).toBe(200);
    const sheet = await workbookOf(res.rawPayload);
    const ledger = await ledgerOf(browsers.leader, "");
    expect(ledger.total).toBe(11);
    expect(ledger.titles[0]).toBe("事项04");
    expect(titlesOf(sheet)).toEqual(ledger.titles);
    expect(sheet.rowCount - 3).toBe(11);
    expect(sheet.getCell("A2").value).toBe("筛选条件：全部事项");
    // A task without a deadline says so instead of a date; a green one is not marked.
    const last = sheet.getRow(3 + ledger.total);
    expect(last.getCell(6).value).toBe("待定");
    expect(sheet.getRow(4).getCell(8).value).toBe("红灯");
    const notOverdue = titlesOf(sheet).indexOf("事项09") + 4;
    expect(sheet.getRow(notOverdue).getCell(8).value).toBe("绿灯");
    expect(sheet.getRow(notOverdue).getCell(2).font?.color?.argb).toBeUndefined();
  });

  it("reads rows a page at a time without losing, repeating or reordering one", async () => {
    const actor = (await loadActor(ctx.db, officeId))!;
    const read = async (pageSize: number) => {
      const exported = await prepareLedgerExport(ctx.db, actor, {}, now);
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on("data", (c: Buffer) => chunks.push(c));
      const ended = new Promise((resolve) => out.on("end", resolve));
      await exported.write(out, pageSize);
      await ended;
      return titlesOf(await workbookOf(Buffer.concat(chunks)));
    };
    const whole = await read(1000);
    expect(whole).toHaveLength(11);
    for (const size of [1, 2, 3]) expect(await read(size)).toEqual(whole);
  });

  it("is offered on the ledger with the current filters", async () => {
    const res = await browsers.office.get(`/tasks?unitId=${shuiwu}&light=red&page=1`);
    expect(res.body).toContain(`href="/tasks/export.xlsx?unitId=${shuiwu}&amp;light=red"`);
    expect(textOf(res.body)).toContain("导出台账");
    expect(textOf(res.body)).toContain("当前条件：单位：区水务局；亮灯：红灯");
  });

  it("is refused to units", async () => {
    const res = await browsers.unit.get("/tasks/export.xlsx");
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain("此功能仅限督查室或领导使用");
  });
});
