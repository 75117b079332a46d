import { describe, expect, it } from "vitest";
import { MINUTES, STANDING_MEETING } from "./fixtures.ts";
import { extract } from "./helpers.ts";

describe("the record's own metadata", () => {
  it("reads title, number, date and chair from a 纪要", () => {
    expect(extract(MINUTES).meta).toEqual({
      title: "区政府第8次常务会议纪要",
      kind: "常务会议",
      number: "第8次",
      date: "2024-03-06",
      chair: "区长刘振华",
    });
  });

  it("completes a date written without a year from the meeting date given", () => {
    expect(extract(STANDING_MEETING, "2024-04-12").meta).toMatchObject({
      date: "2024-04-12",
      chair: "区长王建国",
    });
    expect(extract(STANDING_MEETING, null).meta.date).toBeNull();
  });

  it("reads document numbers and a title run into the first sentence", () => {
    const meta = extract(
      "刘明主持召开区政府常务会议11月30日，区长刘明主持召开区政府〔2020〕第12号常务会议。",
    ).meta;
    expect(meta.title).toBe("刘明主持召开区政府常务会议");
    expect(meta.number).toBe("〔2020〕第12号");
    expect(meta.chair).toBe("区长刘明");
  });

  it("reads a bulletin number (第N期)", () => {
    expect(
      extract("市长办公会议纪要\n（第5期）\n2022年8月10日，市长孙建国主持召开市长办公会议。").meta.number,
    ).toBe("第5期");
  });

  it("uses a full date in the record when no meeting date is given, for deadlines too", () => {
    const { meta, directives } = extract(
      "2023年9月20日，县长张华主持召开县长办公会议。会议要求，县水利局要一个月内完成管网改造。",
    );
    expect(meta.date).toBe("2023-09-20");
    expect(directives[0]?.deadline?.date).toBe("2023-10-20");
  });

  it("warns in Chinese when relative deadlines cannot be resolved", () => {
    const { warnings } = extract("会议要求，县水利局要两天内完成整改。");
    expect(warnings).toContain("会议日期不详，部分完成时限无法推算，请补充会议日期");
  });
});
