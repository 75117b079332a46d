import { describe, expect, it } from "vitest";
import { lightChart } from "../../../src/features/dashboard/charts.ts";

const lights = (red: number) => ({
  red: { n: red, href: "/tasks?light=red" },
  yellow: { n: 4, href: "/tasks?light=yellow" },
  green: { n: 9, href: "/tasks?light=green" },
});

describe("charts drawn once per input", () => {
  it("gives back the same drawing for the same figures and links", () => {
    const first = lightChart(lights(3));
    expect(first.wide).toContain('href="/tasks?light=red"');
    expect(lightChart(lights(3))).toBe(first);
  });

  it("draws again when a figure or a link changes", () => {
    const before = lightChart(lights(3));
    const moved = lightChart(lights(5));
    expect(moved).not.toBe(before);
    expect(moved.wide).toContain("红灯 5 项");
    const relinked = lightChart({ ...lights(3), red: { n: 3, href: "/tasks?light=red&unitId=7" } });
    expect(relinked.wide).toContain('href="/tasks?light=red&amp;unitId=7"');
  });
});
