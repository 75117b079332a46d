// Ongoing work and reporting cycles: shown to the office, never a deadline. Sentences written for the test.
import { describe, expect, it } from "vitest";
import { createWorkCalendar } from "../../../src/extract/calendar.ts";
import { findDeadline } from "../../../src/extract/deadline.ts";
import { findSchedule } from "../../../src/extract/deadline-schedule.ts";
import { defaultNamedPeriods } from "../../../src/extract/named-periods.ts";

const find = (text: string) =>
  findDeadline(text, {
    meetingDate: "2024-06-10",
    calendar: createWorkCalendar([]),
    namedPeriods: defaultNamedPeriods,
  });

describe("findSchedule", () => {
  it.each([
    ["各街道每月向区政府报告一次进展", "每月向区政府报告一次", "month"],
    ["项目专班每周调度推进情况", "每周调度", "week"],
    ["实行一季度一观摩、一月一通报", "一季度一观摩", "quarter"],
    ["各单位于每月25日前报送统计表", "每月25日前报送", "month"],
  ])("%s is a %s cycle", (text, phrase, period) => {
    expect(findSchedule(text)).toMatchObject({ kind: "cycle", text: phrase, period });
    expect(find(text)).toBeNull();
  });

  it("长期坚持 is an ongoing task without a date", () => {
    expect(findSchedule("河湖清障工作要长期坚持，常抓不懈")).toMatchObject({
      kind: "ongoing",
      text: "长期坚持",
    });
    expect(find("河湖清障工作要长期坚持，常抓不懈")).toBeNull();
  });

  it("a one-off deadline is not a schedule", () => {
    expect(findSchedule("6月底前完成河道清淤")).toBeNull();
  });
});
