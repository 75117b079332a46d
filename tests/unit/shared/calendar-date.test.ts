import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  daysBetween,
  formatDate,
  fromDbDate,
  isCalendarDate,
  shanghaiToday,
  toDbDate,
} from "../../../src/shared/calendar-date.ts";

describe("calendar dates", () => {
  it("accept only days that exist, in plausible years", () => {
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2026-02-31")).toBe(false);
    expect(isCalendarDate("2026-13-01")).toBe(false);
    expect(isCalendarDate("2026-6-1")).toBe(false);
    expect(isCalendarDate("0026-06-01")).toBe(false);
    expect(isCalendarDate("2101-01-01")).toBe(false);
  });

  it("take Shanghai's day for an instant, not UTC's", () => {
    expect(shanghaiToday(new Date("2026-06-30T15:59:59Z"))).toBe("2026-06-30");
    expect(shanghaiToday(new Date("2026-06-30T16:00:00Z"))).toBe("2026-07-01");
  });

  it("count across month and year ends", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(daysBetween("2026-12-25", "2027-01-04")).toBe(10);
    expect(daysBetween("2027-01-04", "2026-12-25")).toBe(-10);
  });

  it("round-trip through the @db.Date form and read in Chinese", () => {
    const stored = toDbDate("2021-06-01");
    expect(stored.toISOString()).toBe("2021-06-01T00:00:00.000Z");
    expect(fromDbDate(stored)).toBe("2021-06-01");
    expect(formatDate("2021-06-01")).toBe("2021年6月1日");
    expect(formatDate(stored)).toBe("2021年6月1日");
    expect(formatDate(null)).toBe("");
  });
});
