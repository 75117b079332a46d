import { describe, expect, it } from "vitest";
import { createWorkCalendar } from "../../../src/extract/calendar.ts";
import { findDeadline } from "../../../src/extract/deadline.ts";
import { defaultNamedPeriods, type NamedPeriod } from "../../../src/extract/named-periods.ts";

const calendar = createWorkCalendar([]);
const find = (text: string, meetingDate: string | null, namedPeriods: NamedPeriod[] = defaultNamedPeriods) =>
  findDeadline(text, { meetingDate, calendar, namedPeriods });

describe("findDeadline: every completion-by phrase", () => {
  const cases: [text: string, meetingDate: string, phrase: string, date: string][] = [
    ["6月底前完成全部整改", "2024-03-06", "6月底前", "2024-06-30"],
    ["确保8月底完工率大幅提升", "2021-08-13", "8月底", "2021-08-31"],
    ["年底前全部建成", "2024-03-06", "年底前", "2024-12-31"],
    ["力争年内开工建设", "2024-03-06", "年内", "2024-12-31"],
    ["2025年底前完成验收", "2024-03-06", "2025年底前", "2025-12-31"],
    ["力争上半年完成招标", "2024-03-06", "上半年", "2024-06-30"],
    ["2019年上半年完成", "2018-11-02", "2019年上半年", "2019-06-30"],
    ["确保一季度开工", "2024-01-10", "一季度", "2024-03-31"],
    ["二季度末前完成主体工程", "2024-01-10", "二季度末前", "2024-06-30"],
    ["本月底前报送方案", "2024-02-03", "本月底前", "2024-02-29"],
    ["在一个月内形成放权名单", "2018-05-17", "在一个月内", "2018-06-17"],
    ["两天内完成整改", "2024-03-06", "两天内", "2024-03-08"],
    ["一周内拿出方案", "2024-03-06", "一周内", "2024-03-13"],
    ["春节前发放到位", "2025-12-18", "春节前", "2026-02-16"],
    ["元旦前全部清零", "2025-12-18", "元旦前", "2025-12-31"],
    ["查实的欠薪问题2026年元旦前全部清零", "2025-12-18", "2026年元旦前", "2025-12-31"],
    ["国庆节前通车", "2025-09-01", "国庆节前", "2025-09-30"],
    ["实现2019年秋季开学目标", "2018-12-13", "2019年秋季开学", "2019-09-01"],
  ];
  it.each(cases)("%s (meeting %s) → %s = %s", (text, meetingDate, phrase, date) => {
    const found = find(text, meetingDate);
    expect(found?.text).toBe(phrase);
    expect(found?.date).toBe(date);
    expect(found?.derivation).toBe("rule");
  });

  it("a stated date is due that day and needs no confirmation", () => {
    expect(find("于6月30日前拨付首批资金", "2024-03-06")).toMatchObject({
      text: "于6月30日前",
      date: "2024-06-30",
      derivation: "stated",
      needsConfirmation: false,
    });
    expect(find("完成时限：2024年5月31日", "2024-03-06")).toMatchObject({
      date: "2024-05-31",
      derivation: "stated",
    });
  });

  it("a month already past at the meeting means next year's", () => {
    expect(find("3月底前完成", "2024-12-10")?.date).toBe("2025-03-31");
    expect(find("3月31日前完成", "2024-12-10")?.date).toBe("2025-03-31");
  });

  it("event-anchored periods are due the day before the event and need confirmation", () => {
    expect(find("在主汛期前完成全部除险加固任务", "2021-03-31")).toMatchObject({
      text: "在主汛期前",
      date: "2021-05-31",
      needsConfirmation: true,
    });
    expect(find("汛期前完成度汛工程", "2024-03-06")).toMatchObject({
      date: "2024-05-31",
      needsConfirmation: true,
    });
    expect(find("汛前完成清淤", "2024-03-06")).toMatchObject({ text: "汛前", date: "2024-05-31" });
    expect(find("确保秋季开学前投入使用", "2025-05-01")).toMatchObject({
      date: "2025-08-31",
      needsConfirmation: true,
    });
    // After this year's flood season has begun, the next one is meant.
    expect(find("主汛期前完成", "2024-07-10")?.date).toBe("2025-05-31");
  });

  it("uses the office's own start date for a named period", () => {
    const custom: NamedPeriod[] = [{ name: "主汛期", aliases: [], kind: "annual", month: 5, day: 15 }];
    expect(find("在主汛期前完成", "2024-03-06", custom)?.date).toBe("2024-05-14");
  });

  it("resolves 下次常务会前 relative to the meeting and asks for confirmation", () => {
    expect(find("下次常务会前汇报进展", "2025-05-01")).toMatchObject({
      text: "下次常务会前",
      date: "2025-05-14",
      needsConfirmation: true,
    });
  });

  it("限期 with no date has no date and needs confirmation; 限期10天内 is counted", () => {
    expect(find("限期整改完毕", "2024-03-06")).toMatchObject({
      text: "限期",
      date: null,
      needsConfirmation: true,
    });
    expect(find("限期10天内整改", "2024-03-06")).toMatchObject({ text: "限期10天内", date: "2024-03-16" });
  });

  it("counts N个工作日内 on the official calendar, 调休 included", () => {
    expect(find("10个工作日内报送", "2025-09-26")).toMatchObject({
      date: "2025-10-16",
      needsConfirmation: false,
    });
  });

  it("warns and asks for confirmation when working days run into a year the calendar lacks", () => {
    const found = find("3个工作日内报送", "2026-12-30");
    expect(found?.date).toBe("2027-01-04");
    expect(found?.needsConfirmation).toBe(true);
    expect(found?.warnings[0]).toContain("2027年");
  });

  it("without a meeting date, relative phrases have no date; a written year still resolves", () => {
    expect(find("两天内完成", null)).toMatchObject({ text: "两天内", date: null, needsConfirmation: true });
    expect(find("6月底前完成", null)).toMatchObject({ date: null, needsConfirmation: true });
    expect(find("2026年元旦前全部清零", null)?.date).toBe("2025-12-31");
  });

  it("takes the first phrase in the text", () => {
    expect(find("尽快制定方案，6月底前完成，年底前验收", "2024-03-06")?.text).toBe("6月底前");
  });
});

describe("findDeadline: never invents a deadline", () => {
  it.each([
    "尽快完成",
    "抓紧落实",
    "按时完成各项任务",
    "立即整改",
    "如期完成",
    "每月底前报送进展情况",
    "春节前后加强值守",
    "国庆期间做好安全保障",
    "确保顺利实现“双过半”",
    "确保完成全年目标任务",
    "全市二季度重点项目观摩活动",
    "做好防汛前期工作",
    "落实5月11日专题会议精神",
    "执行《三年行动方案（2023-2027年）》",
  ])("%s", (text) => {
    expect(find(text, "2024-03-06")).toBeNull();
  });
});
