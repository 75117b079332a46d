// The State Council notice reader, held against chinese-days' own tables for the years the library knows.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { libraryCovers, libraryDay } from "../../../src/extract/calendar.ts";
import { addDays } from "../../../src/shared/calendar-date.ts";
import { readHolidayNotice } from "../../../src/work-calendar/notice.ts";

const fixtures = path.resolve(import.meta.dirname, "../../fixtures/notices");
const notice = (file: string) => readFileSync(path.join(fixtures, file), "utf8");

/** Every day of `year` the library marks, as "date 休/班". */
function libraryYear(year: number): string[] {
  const days: string[] = [];
  for (let day = `${year}-01-01`; day.startsWith(String(year)); day = addDays(day, 1)) {
    const entry = libraryDay(day);
    if (entry) days.push(`${day} ${entry.workday ? "班" : "休"}`);
  }
  return days;
}

describe("readHolidayNotice against the library", () => {
  for (const year of [2024, 2025, 2026]) {
    it(`reads the ${year} notice into exactly the library's holidays and 调休 working days`, () => {
      const reading = readHolidayNotice(notice(`${year}.txt`));
      expect(reading.problems).toEqual([]);
      expect(reading.year).toBe(year);
      expect(reading.days.map((d) => `${d.date} ${d.workday ? "班" : "休"}`)).toEqual(libraryYear(year));
      // The festival names agree too (the library says 清明 where the notice says 清明节).
      for (const day of reading.days) expect(day.name).toContain(libraryDay(day.date)!.name);
    });
  }

  it("keeps the 2024 advice about 除夕 as a note, not as a holiday", () => {
    const reading = readHolidayNotice(notice("2024.txt"));
    expect(reading.notes).toEqual([expect.stringContaining("除夕（2月9日）休息")]);
    expect(reading.days.find((d) => d.date === "2024-02-09")).toBeUndefined();
  });

  it("names a joint item after both festivals", () => {
    const reading = readHolidayNotice(notice("2025.txt"));
    expect(reading.days.find((d) => d.date === "2025-10-06")).toEqual({
      date: "2025-10-06",
      workday: false,
      name: "国庆节、中秋节",
    });
    expect(reading.days.find((d) => d.date === "2025-09-28")?.workday).toBe(true);
  });
});

describe("readHolidayNotice for a year the library lacks", () => {
  // tests/fixtures/notices/2027-fixture.txt is our own plausible arrangement, a test fixture and not the
  // official 2027 notice.
  const reading = readHolidayNotice(notice("2027-fixture.txt"));

  it("reads every item of the 2027 test fixture", () => {
    expect(libraryCovers(2027)).toBe(false);
    expect(reading.problems).toEqual([]);
    expect(reading.year).toBe(2027);
    const holidays = reading.days.filter((d) => !d.workday);
    const workdays = reading.days.filter((d) => d.workday).map((d) => d.date);
    expect(holidays).toHaveLength(3 + 8 + 3 + 5 + 1 + 1 + 7);
    expect(holidays.filter((d) => d.name === "春节").map((d) => d.date)).toEqual([
      "2027-02-05",
      "2027-02-06",
      "2027-02-07",
      "2027-02-08",
      "2027-02-09",
      "2027-02-10",
      "2027-02-11",
      "2027-02-12",
    ]);
    expect(workdays).toEqual([
      "2027-01-31",
      "2027-02-20",
      "2027-04-25",
      "2027-05-08",
      "2027-09-26",
      "2027-10-09",
    ]);
    expect(reading.days.find((d) => d.date === "2027-06-09")).toEqual({
      date: "2027-06-09",
      workday: false,
      name: "端午节",
    });
  });

  it("takes the year it is given when the pasted part has no title", () => {
    const body = "一、元旦：1月1日（周五）至3日（周日）放假，共3天。";
    expect(readHolidayNotice(body, 2027).days.map((d) => d.date)).toEqual([
      "2027-01-01",
      "2027-01-02",
      "2027-01-03",
    ]);
    expect(readHolidayNotice(body).problems).toEqual([expect.stringContaining("未找到年份")]);
  });

  it("reads half-width punctuation, full-width digits and a year written into a cross-year range", () => {
    const reading = readHolidayNotice(
      "一、元旦:２０２２年12月31日至2023年1月2日放假调休,共3天。二、春节:1月21日(星期六)至27日(星期五)放假调休,共7天。1月28日(星期六)和1月29日(星期日)上班。",
      2023,
    );
    expect(reading.problems).toEqual([]);
    expect(reading.days.filter((d) => !d.workday).map((d) => d.date)).toContain("2022-12-31");
    expect(reading.days.filter((d) => d.workday).map((d) => d.date)).toEqual(["2023-01-28", "2023-01-29"]);
  });
});

describe("readHolidayNotice refuses to guess", () => {
  it("reports a weekday that does not match the year", () => {
    // The 2026 items read as if they were 2027's.
    const body = notice("2026.txt").replace("关于2026年", "关于2027年");
    const reading = readHolidayNotice(body);
    expect(reading.problems).toContain("2027年1月1日是星期五，通知写的是星期四，请核对年份和日期");
    expect(reading.days.find((d) => d.date === "2027-01-01")).toBeUndefined();
  });

  it("reports a line it cannot read and a count that does not add up, and keeps the days it could read", () => {
    const reading = readHolidayNotice(
      [
        "国务院办公厅关于2027年部分节假日安排的通知",
        "一、元旦：1月1日（周五）至3日（周日）放假，共3天。",
        "二、春节：2月5日前后放假调休，共8天。",
        "三、清明节：4月3日（周六）至5日（周一）放假，共4天。",
        "四、劳动节：5月1日至5日放假调休，共5天。4月25日（周日）、五月八日上班。",
        "五、端午节：按惯例另行通知。",
        "六、中秋节：9月15日（周三）放假1天，不调休。另请各单位于9月16日前报送值班表。",
      ].join("\n"),
    );
    expect(reading.problems).toEqual([
      "春节：未能读出放假日期“2月5日前后放假调休，共8天”",
      "清明节：2027年4月3日至2027年4月5日是3天，通知写的是共4天",
      "劳动节：未能读出上班日期“4月25日（周日）、五月八日上班”",
      "端午节：没有读到放假日期",
      "中秋节：未能识别“另请各单位于9月16日前报送值班表”",
    ]);
    expect(reading.days.map((d) => d.date)).toContain("2027-01-03");
    expect(reading.days.map((d) => d.date)).toContain("2027-05-05");
  });

  it("reports a cross-year range without years, an impossible date and a text with no items", () => {
    expect(readHolidayNotice("一、元旦：12月31日至1月2日放假调休，共3天。", 2028).problems).toEqual([
      "元旦：“12月31日至1月2日”跨年却没有写年份，请写明如“2026年12月31日至2027年1月2日”",
    ]);
    expect(readHolidayNotice("一、春节：2月30日放假。", 2027).problems).toEqual(["“2月30日”不是有效的日期"]);
    expect(readHolidayNotice("国务院办公厅关于2027年部分节假日安排的通知").problems).toEqual([
      "没有找到“一、元旦：……”这样的条目，请粘贴通知的正文",
    ]);
  });

  it("lists at most twenty problems of a wrong paste, and says how many more", () => {
    const problems = readHolidayNotice(`一、元旦：${"1月1日，".repeat(300)}`, 2027).problems;
    expect(problems).toHaveLength(21);
    // 300 unread clauses and the item's missing holiday.
    expect(problems[20]).toBe("另有 281 处未能识别");
  });

  it("reports a title that disagrees with the year chosen", () => {
    expect(readHolidayNotice(notice("2026.txt"), 2027).problems[0]).toBe(
      "通知写的是2026年，而选择的是2027年",
    );
  });
});
