// A long 议定事项 record in the 责任单位/完成时限 style (written for the test): each numbered item gets its own
// deadline, ongoing and recurring items get none but a schedule.
import { describe, expect, it } from "vitest";
import { createWorkCalendar } from "../../../src/extract/calendar.ts";
import { findDeadline } from "../../../src/extract/deadline.ts";
import { findSchedule } from "../../../src/extract/deadline-schedule.ts";
import { defaultNamedPeriods } from "../../../src/extract/named-periods.ts";

const RECORD = `一、关于城区防汛工作。会议要求，区水务局牵头做好排涝泵站检修。责任单位：区水务局；完成时限：5月20日前。
二、关于老旧小区改造。会议原则同意区住建局提出的实施方案。责任单位：区住建局；完成时限：2025年。
三、关于农民工工资清欠。各街道要建立台账，逐案销号。责任单位：各街道；完成时限：春节前。
四、关于河湖长制。各河长要履职尽责，巡河工作长期坚持。责任单位：区河长办；完成时限：长期坚持。
五、关于重点项目调度。区发改局每月向区政府报告一次项目进展。责任单位：区发改局；完成时限：每月25日前。
六、关于安全生产大检查。截至目前，已排查企业320家，预计4月底全面完成。责任单位：区应急局。
七、关于信访积案化解。对交办的积案，各责任单位要在一个月内拿出化解方案。责任单位：区信访局。`;

const items = RECORD.split("\n");
const meetingDate = "2025-04-08";
const find = (text: string) =>
  findDeadline(text, { meetingDate, calendar: createWorkCalendar([]), namedPeriods: defaultNamedPeriods });

describe("a record of numbered items with 完成时限 lines", () => {
  it("dates each item from its own phrase", () => {
    expect(items.map((item) => find(item)?.date ?? null)).toEqual([
      "2025-05-20",
      "2025-12-31",
      "2026-02-16",
      null,
      null,
      null,
      "2025-05-08",
    ]);
  });

  it("gives ongoing and recurring items a schedule instead", () => {
    expect(findSchedule(items[3] as string)).toMatchObject({ kind: "ongoing" });
    expect(findSchedule(items[4] as string)).toMatchObject({ kind: "cycle", period: "month" });
  });
});
