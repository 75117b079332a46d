// The dashboard's view model: the bulletin link keeps the period, the scope tab follows the filter, weeks read
// as ranges.
import { describe, expect, it } from "vitest";
import { dashboardView } from "../../../src/features/dashboard/dashboard-view.ts";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const trend = [{ monday: day("2026-12-28"), sunday: day("2027-01-03"), opened: 2 }];

describe("dashboardView", () => {
  it("links the bulletin to the same period, or to the default one", () => {
    const base = { scope: { current: "all" }, trend };
    expect(dashboardView({ ...base, query: {} }).bulletinHref).toBe("/bulletin");
    expect(dashboardView({ ...base, query: { from: "2026-11-01" } }).bulletinHref).toBe(
      "/bulletin?from=2026-11-01",
    );
    expect(dashboardView({ ...base, query: { from: "2026-11-01", to: "2026-11-30" } }).bulletinHref).toBe(
      "/bulletin?from=2026-11-01&to=2026-11-30",
    );
  });

  it("marks the current scope tab, and neither while one unit is picked", () => {
    expect(dashboardView({ query: {}, scope: { current: "mine" }, trend }).scopeTabs).toEqual({
      mine: true,
      all: false,
    });
    expect(dashboardView({ query: { unitId: 4 }, scope: { current: "mine" }, trend }).scopeTabs).toEqual({
      mine: false,
      all: false,
    });
  });

  it("reads a week across the new year with both years' days, keeping the figures", () => {
    const [week] = dashboardView({ query: {}, scope: { current: "all" }, trend }).trend;
    expect(week).toMatchObject({ label: "2026年12月28日至1月3日", opened: 2 });
  });
});
