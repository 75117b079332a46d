// Shapes of completion-by phrases beyond the plain "X月底前": times of day, labels, glosses, relative months and
// weeks, years stated elsewhere in the sentence. Every sentence here is written for the test.
import { describe, expect, it } from "vitest";
import { createWorkCalendar } from "../../../src/extract/calendar.ts";
import { findDeadline } from "../../../src/extract/deadline.ts";
import { defaultNamedPeriods } from "../../../src/extract/named-periods.ts";

const calendar = createWorkCalendar([]);
const find = (text: string, meetingDate: string | null) =>
  findDeadline(text, { meetingDate, calendar, namedPeriods: defaultNamedPeriods });

describe("findDeadline: a time of day keeps the day", () => {
  it.each([
    ["请于3月5日下午下班前将报表交至办公室", "2024-03-01", "于3月5日下午下班前", "2024-03-05", "下午下班"],
    ["申请材料须于2023年9月8日17:00前送达", "2023-09-01", "于2023年9月8日17:00前", "2023-09-08", "17:00"],
    [
      "报名于2022年6月9日（星期四）下午5点前截止",
      "2022-06-01",
      "于2022年6月9日（星期四）下午5点前",
      "2022-06-09",
      "下午5点",
    ],
    ["确保各小区6月30日24时前完成封闭管理", "2022-06-01", "6月30日24时前", "2022-06-30", "24时"],
  ])("%s", (text, meetingDate, phrase, date, timeOfDay) => {
    const found = find(text, meetingDate);
    expect(found).toMatchObject({ text: phrase, date, derivation: "stated", timeOfDay });
  });

  it("a date with a time and a completion verb later in an ordered clause is a target", () => {
    expect(find("确保全部学校9月1日8时开门迎新达标", "2024-08-20")?.date).toBe("2024-09-01");
  });
});

describe("findDeadline: labels that state a date without 前", () => {
  it.each([
    ["项目申报截止时间为4月18日，请各地抓紧组织", "2024-04-01", "2024-04-18"],
    ["材料报送截止日期：2025年3月3日", "2025-02-20", "2025-03-03"],
    ["各环节时间节点为6月15日", "2024-05-06", "2024-06-15"],
    ["意见反馈截止时间为 2021年11月30日", "2021-11-01", "2021-11-30"],
    ["意见征集截止时间为20230915日", "2023-08-20", "2023-09-15"],
  ])("%s", (text, meetingDate, date) => {
    expect(find(text, meetingDate)?.date).toBe(date);
  });

  it("a label whose date was moved keeps the new date", () => {
    expect(find("申报截止时间延长至9月15日", "2024-09-01")?.date).toBe("2024-09-15");
  });

  it("X日截止 is a cut-off", () => {
    expect(find("网上填报于10月8日截止", "2024-09-20")?.date).toBe("2024-10-08");
  });

  it("a bare 时间： introduces an event time, not a deadline", () => {
    expect(find("座谈会时间：2024年5月10日上午9:00", "2024-05-01")).toBeNull();
  });
});

describe("findDeadline: counted periods", () => {
  it("the issuer's gloss wins over the count", () => {
    expect(find("请有关户主于本通知发布后20日内（即2023年5月30日前）自行清理", "2023-05-09")).toMatchObject({
      text: "于本通知发布后20日内（即2023年5月30日前）",
      date: "2023-05-30",
      derivation: "stated",
    });
  });

  it("counts from the notice itself, natural days included", () => {
    expect(find("自本通告张贴之日起十日内自行拆除", "2024-06-03")).toMatchObject({
      text: "自本通告张贴之日起十日内",
      date: "2024-06-13",
    });
    expect(find("腾退期限：通告之日起15个自然日之内", "2024-06-03")?.date).toBe("2024-06-18");
  });

  it("a count from an event of its own has no date yet", () => {
    expect(find("棚户拆除后15日内到街道办理补偿登记", "2024-06-03")).toMatchObject({
      text: "棚户拆除后15日内",
      date: null,
      needsConfirmation: true,
    });
  });

  it("a stated period for a compulsory act counts without 内", () => {
    expect(find("整改期限为20日，逾期依法处理", "2024-06-03")).toMatchObject({
      text: "整改期限为20日",
      date: "2024-06-23",
    });
    expect(find("限期7日拆除", "2024-06-03")?.date).toBe("2024-06-10");
  });

  it("an anchor closing the clause before still counts", () => {
    expect(find("自本通知下发之日起，15日内完成自查", "2024-06-03")?.date).toBe("2024-06-18");
    expect(find("移交后，20日内办结", "2024-06-03")).toMatchObject({ text: "20日内", date: null });
  });

  it("a verb with its object after a period is a deadline; a verb naming projects is not", () => {
    expect(find("一季度完成项目备案", "2024-01-08")?.date).toBe("2024-03-31");
    expect(find("梳理三季度竣工项目清单", "2024-01-08")).toBeNull();
  });

  it("a count from a stated start day runs from that day", () => {
    expect(find("自7月1日起20日内完成申报", "2024-06-20")).toMatchObject({
      text: "自7月1日起20日内",
      date: "2024-07-21",
    });
  });

  it("今天/明天 with a time before 前 are days from the meeting", () => {
    expect(find("请于明天中午12时前报送名单", "2024-06-20")).toMatchObject({
      date: "2024-06-21",
      timeOfDay: "中午12时",
    });
  });

  it("a multi-year span asks the office how to count", () => {
    expect(find("力争三年内全面完成老旧管网改造", "2024-06-03")).toMatchObject({
      text: "三年内",
      date: null,
      needsConfirmation: true,
    });
  });
});

describe("findDeadline: months, weeks and terms relative to the meeting", () => {
  it.each([
    ["本月22号前上报统计表", "2024-04-10", "本月22号前", "2024-04-22"],
    ["下月5日前完成验收", "2024-12-10", "下月5日前", "2025-01-05"],
    ["各村下周三前报送名单", "2024-05-09", "下周三前", "2024-05-15"],
    ["周五前提交整改方案", "2024-05-08", "周五前", "2024-05-10"],
    ["拟于9月开园迎客", "2024-06-03", "于9月", "2024-09-30"],
    ["确保2026年5月份完工", "2025-12-01", "2026年5月份", "2026-05-31"],
    ["明年的4月底前全面完成", "2024-10-15", "明年的4月底前", "2025-04-30"],
  ])("%s (meeting %s) → %s", (text, meetingDate, phrase, date) => {
    expect(find(text, meetingDate)).toMatchObject({ text: phrase, date });
  });

  it("本周内 runs to Sunday and asks for confirmation", () => {
    expect(find("本周内完成排查", "2024-05-08")).toMatchObject({
      date: "2024-05-12",
      needsConfirmation: true,
    });
  });

  it("本学期末前 is the day before the next school holiday and needs confirmation", () => {
    expect(find("本学期末前完成全部课桌椅更换", "2024-03-04")).toMatchObject({
      text: "本学期末前",
      date: "2024-07-09",
      needsConfirmation: true,
    });
    expect(find("本学期末前完成全部课桌椅更换", "2024-10-08")?.date).toBe("2025-01-19");
  });

  it("开学前 is the day before the next term starts and needs confirmation", () => {
    expect(find("9月开学前完成食堂改造", "2024-06-20")).toMatchObject({
      text: "9月开学前",
      date: "2024-08-31",
      needsConfirmation: true,
    });
    expect(find("开学前完成食堂改造", "2024-11-20")?.date).toBe("2025-02-28");
  });

  it("上旬/中旬/初 are vague: a phrase, no date, a suggested day in the note", () => {
    const found = find("力争5月中旬前完成招标", "2024-03-01");
    expect(found).toMatchObject({ text: "5月中旬前", date: null, needsConfirmation: true });
    expect(found?.note).toContain("5月20日");
  });
});

describe("findDeadline: years", () => {
  it("a year stated earlier in the sentence dates a bare month", () => {
    expect(find("2026年，全区要在8月底前完成全部改造", null)?.date).toBe("2026-08-31");
    expect(find("本年度各项任务8月底前完成", "2024-01-05")?.date).toBe("2024-08-31");
  });

  it("a year earlier than the meeting's introduces a report and does not date the task", () => {
    expect(find("2023年已完成改造300户，3月底前完成剩余任务", "2024-01-10")?.date).toBe("2024-03-31");
  });

  it("a bare year or 今年 with a completion verb is due at the year's end", () => {
    expect(find("2025年建成区域医疗中心", "2024-11-01")).toMatchObject({
      text: "2025年",
      date: "2025-12-31",
    });
    expect(find("确保今年全县完成造林五万亩", "2024-03-01")).toMatchObject({
      text: "今年",
      date: "2024-12-31",
    });
    expect(find("力争明年全部投产", "2024-03-01")?.date).toBe("2025-12-31");
  });

  it("a bare month-day well past at the meeting means next year's; a recent one stays and is flagged", () => {
    expect(find("要求2月20日前完成", "2024-11-05")?.date).toBe("2025-02-20");
    const recent = find("要求10月31日前完成", "2024-11-05");
    expect(recent?.date).toBe("2024-10-31");
    expect(recent?.needsConfirmation).toBe(true);
  });

  it("a plan with a written year just past stays, flagged as earlier than the meeting", () => {
    const found = find("2024年7月完成初步设计，年底前开工", "2024-08-10");
    expect(found).toMatchObject({ text: "2024年7月", date: "2024-07-31", needsConfirmation: true });
  });
});

describe("findDeadline: windows whose end binds the addressee", () => {
  it("自X起至Y前 is a by-date", () => {
    expect(find("自即日起至2024年8月31日前主动申报的，予以减免", "2024-06-01")?.date).toBe("2024-08-31");
  });

  it("the window of a compulsory act ends on its deadline", () => {
    expect(find("拆除时间：自2024年6月1日起至6月20日止", "2024-05-20")?.date).toBe("2024-06-20");
  });

  it("请在公示期内反馈 resolves to the stated window's end, else asks", () => {
    expect(
      find("公示时间为2024年6月3日至6月9日。如有异议，请在公示期内向区住建局反映。", "2024-06-03"),
    ).toMatchObject({ text: "在公示期内", date: "2024-06-09" });
    expect(find("如有异议，请在公示期内向区住建局反映", "2024-06-03")).toMatchObject({
      text: "在公示期内",
      date: null,
      needsConfirmation: true,
    });
  });

  it("a dated window for a compulsory act ends on its deadline", () => {
    expect(find("清退期限：2024年7月1日至2024年7月31日", "2024-06-20")?.date).toBe("2024-07-31");
  });

  it("限时 without a period is an open limit", () => {
    expect(find("对发现的问题要求限时整改", "2024-06-03")).toMatchObject({ text: "限时", date: null });
  });
});

describe("findDeadline: festivals as people write them", () => {
  it("a quoted festival name", () => {
    expect(find("要在“端午”前完成龙舟码头改造", "2024-04-01")?.date).toBe("2024-06-09");
  });

  it("年前 means before the lunar new year and needs confirmation", () => {
    expect(find("确保年前全部完工", "2024-11-10")).toMatchObject({
      text: "年前",
      date: "2025-01-28",
      needsConfirmation: true,
    });
    expect(find("该路段三年前已经建成", "2024-11-10")).toBeNull();
    expect(find("今年前三季度完成投资8亿元", "2024-11-10")).toBeNull();
  });
});

describe("findDeadline: plans are marked", () => {
  it("力争/计划 phrased deadlines are planned; orders are not", () => {
    expect(find("计划11月底前竣工", "2024-10-01")?.planned).toBe(true);
    expect(find("务必11月底前竣工", "2024-10-01")?.planned).toBeUndefined();
  });
});
