// 督办台账 as an .xlsx workbook: the rows of the ledger's current filter, in the ledger's order. It is streamed: the
// matching ids are listed in that order, rows are read a page of ids at a time and each row is committed to the
// zip as it is written, so an export of the whole district costs the memory of its ids and one page, not of the
// workbook.

import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { Db } from "../../db/open-database.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { formatDate, shanghaiToday } from "../../shared/calendar-date.ts";
import { loadWorkCalendar } from "../../work-calendar/service.ts";
import { describeLedgerQuery } from "./ledger-words.ts";
import { type LightClock, lightClock, lightNames, lightOf } from "./light.ts";
import { resolveQueueFilter } from "./queues.ts";
import {
  listAllUnitNames,
  listCoUnitsOf,
  listLatestReportsOf,
  listLedgerIds,
  listLedgerRows,
  listMeetingsForFilter,
} from "./repository.ts";
import { type LedgerQuery, ledgerFilterOf } from "./schemas.ts";
import { type LedgerWhere, visibleLedgerWhere } from "./service.ts";
import { type TaskState, taskStateNames } from "./states.ts";

export const exportPageSize = 1000;

const columns = [
  { header: "序号", width: 7 },
  { header: "督办事项", width: 44 },
  { header: "来源会议", width: 26 },
  { header: "牵头单位", width: 18 },
  { header: "配合单位", width: 24 },
  { header: "完成时限", width: 17 },
  { header: "状态", width: 9 },
  { header: "亮灯", width: 8 },
  { header: "最近进展", width: 56 },
] as const;
const lastColumn = "I";
const headerRow = 3;

const red = "FFC62828";
const dateFormat = 'yyyy"年"m"月"d"日"';
const originNames: Record<string, string> = { leader: "领导交办", superior: "上级督办" };

type Where = LedgerWhere;
type Names = { meetings: Map<number, string>; units: Map<number, string> };

/**
 * Checks who asks and settles the filter before a byte is sent, so a refusal is an ordinary error page; the
 * returned `write` then streams the workbook.
 */
export async function prepareLedgerExport(db: Db, actor: Actor, query: Partial<LedgerQuery>, now: Date) {
  requireRole(actor, "office", "leader");
  const clock = lightClock(now, await loadWorkCalendar(db));
  const filter = await resolveQueueFilter(db, actor, ledgerFilterOf(query), now);
  const where = visibleLedgerWhere(actor, filter, clock);
  const [meetings, units] = await Promise.all([listMeetingsForFilter(db), listAllUnitNames(db)]);
  const asOf = formatDate(clock.today);
  const heading = {
    title: `督办台账（导出于${asOf}）`,
    words: describeLedgerQuery(query, { meetings, units }),
  };
  const names: Names = {
    meetings: new Map(meetings.map((m) => [m.id, m.title])),
    units: new Map(units.map((u) => [u.id, u.name])),
  };
  return {
    fileName: `督办台账（${asOf}）.xlsx`,
    asciiFileName: `duban-ledger-${shanghaiToday(now)}.xlsx`,
    write: (out: Writable, pageSize = exportPageSize) =>
      writeWorkbook(db, where, clock, { heading, names }, out, pageSize),
  };
}

/** Resolves once the stream can take more, or has been closed (the person gave up on the download). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off("drain", done);
      out.off("close", done);
      resolve();
    };
    out.on("drain", done);
    out.on("close", done);
  });
}

async function writeWorkbook(
  db: Db,
  where: Where,
  clock: LightClock,
  { heading, names }: { heading: { title: string; words: string }; names: Names },
  out: Writable,
  pageSize: number,
) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = "督办";
  // Views go out with the sheet's first row, so the frozen header is set up front.
  const sheet = workbook.addWorksheet("督办台账", {
    views: [{ state: "frozen", xSplit: 0, ySplit: headerRow }],
    pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = columns.map((c) => ({ width: c.width }));

  const title = sheet.addRow([heading.title]);
  title.height = 28;
  title.getCell(1).font = { bold: true, size: 16 };
  title.getCell(1).alignment = { vertical: "middle" };
  sheet.mergeCells(`A1:${lastColumn}1`);
  title.commit();
  const filter = sheet.addRow([`筛选条件：${heading.words}`]);
  filter.getCell(1).font = { color: { argb: "FF66727F" } };
  sheet.mergeCells(`A2:${lastColumn}2`);
  filter.commit();
  const header = sheet.addRow(columns.map((c) => c.header));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEEF1F4" } };
    cell.border = { bottom: { style: "thin", color: { argb: "FFB8C0C8" } } };
    cell.alignment = { vertical: "middle" };
  });
  header.commit();

  let written = 0;
  const allIds = await listLedgerIds(db, where);
  for (let start = 0; start < allIds.length; start += pageSize) {
    if (out.destroyed) return;
    const ids = allIds.slice(start, start + pageSize);
    const [rows, coUnits, reports] = await Promise.all([
      listLedgerRows(db, where, ids),
      listCoUnitsOf(db, ids),
      listLatestReportsOf(db, ids),
    ]);
    const byId = new Map(rows.map((t) => [t.id, t]));
    const tasks = ids.flatMap((id) => byId.get(id) ?? []);
    const coNames = new Map<number, string[]>();
    for (const c of coUnits)
      coNames.set(c.taskId, [...(coNames.get(c.taskId) ?? []), names.units.get(c.unitId) ?? ""]);
    const latest = new Map(reports.map((r) => [r.taskId, r]));
    for (const t of tasks) {
      written += 1;
      const light = lightOf(t, clock);
      const report = latest.get(t.id);
      const row = sheet.addRow([
        written,
        t.title,
        (t.meetingId === null ? undefined : names.meetings.get(t.meetingId)) ?? originNames[t.origin] ?? "",
        (t.leadUnitId === null ? undefined : names.units.get(t.leadUnitId)) ?? "待定",
        (coNames.get(t.id) ?? []).join("、"),
        t.deadline ?? (t.ongoing ? "长期坚持" : "待定"),
        taskStateNames[t.state as TaskState],
        light ? lightNames[light] : "",
        report ? `${formatDate(shanghaiToday(report.createdAt))}：${report.body}` : "",
      ]);
      row.alignment = { vertical: "top", wrapText: true };
      if (t.deadline) row.getCell(6).numFmt = dateFormat;
      if (light === "red") {
        row.font = { color: { argb: red } };
        const cell = row.getCell(8);
        cell.font = { bold: true, color: { argb: "FFFFFFFF" } };
        cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: red } };
      }
      row.commit();
    }
    if (out.writableNeedDrain) await drained(out);
  }
  sheet.autoFilter = `A${headerRow}:${lastColumn}${headerRow + written}`;
  sheet.commit();
  await workbook.commit();
}
