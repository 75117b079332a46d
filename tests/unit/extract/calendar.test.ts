import { describe, expect, it } from "vitest";
import { createWorkCalendar } from "../../../src/extract/calendar.ts";

describe("createWorkCalendar", () => {
  const calendar = createWorkCalendar([]);

  it("follows the official arrangement: public holidays off, 调休 make-up days on", () => {
    expect(calendar.isWorkday("2025-10-01")).toBe(false); // 国庆节
    expect(calendar.isWorkday("2025-10-08")).toBe(false); // 国庆/中秋 extended
    expect(calendar.isWorkday("2025-09-28")).toBe(true); // Sunday, 调休
    expect(calendar.isWorkday("2025-10-11")).toBe(true); // Saturday, 调休
    expect(calendar.isWorkday("2025-10-12")).toBe(false); // an ordinary Sunday
    expect(calendar.isWorkday("2025-10-13")).toBe(true); // an ordinary Monday
  });

  it("counts working days across the National Day holiday and its make-up days", () => {
    // 9/28 (Sun, 调休), 9/29, 9/30, then 10/1–10/8 off, 10/9, 10/10, 10/11 (Sat, 调休), 10/13 … 10/16.
    expect(calendar.addWorkdays("2025-09-26", 10)).toEqual({ date: "2025-10-16" });
  });

  it("counts across a year boundary when both years are known", () => {
    // 12/31, then 元旦 1/1–1/3 off, 1/4 (Sun, 调休), 1/5.
    expect(calendar.addWorkdays("2025-12-30", 3)).toEqual({ date: "2026-01-05" });
  });

  it("warns instead of silently guessing for a year the library does not cover", () => {
    expect(calendar.covers(2026)).toBe(true);
    expect(calendar.covers(2035)).toBe(false);
    const result = calendar.addWorkdays("2026-12-30", 3);
    expect(result.date).toBe("2027-01-04");
    expect(result.warning).toContain("2027年");
  });

  it("lets the office's override table fill a missing year, and win over the library", () => {
    const withOverrides = createWorkCalendar([
      { date: "2027-01-01", workday: false },
      { date: "2025-10-13", workday: false },
    ]);
    expect(withOverrides.covers(2027)).toBe(true);
    expect(withOverrides.addWorkdays("2026-12-30", 3)).toEqual({ date: "2027-01-05" });
    expect(withOverrides.isWorkday("2025-10-13")).toBe(false);
  });
});
