// The units' ranking rule: overdue count first, then the on-time rate among units with enough closed tasks.
import { describe, expect, it } from "vitest";
import {
  compareUnitRank,
  hasFewClosed,
  rankingRule,
  sameRank,
} from "../../../src/features/dashboard/ranking.ts";

function row(name: string, overdue: number, done: number, rate: number | null, total = done + overdue) {
  return {
    unit: { name },
    total: { n: total },
    done: { n: done },
    overdue: { n: overdue },
    rate: { value: rate },
  };
}
const order = (rows: ReturnType<typeof row>[]) => [...rows].sort(compareUnitRank).map((r) => r.unit.name);

describe("单位排名", () => {
  it("never puts a unit with overdue tasks above one without, whatever the rates", () => {
    expect(order([row("甲", 1, 10, 1), row("乙", 0, 5, 0.2)])).toEqual(["乙", "甲"]);
    expect(order([row("甲", 3, 10, 1), row("乙", 1, 3, 0), row("丙", 2, 4, 0.5)])).toEqual([
      "乙",
      "丙",
      "甲",
    ]);
  });

  it("ranks by on-time rate among units level on overdue, those with fewer than 3 closed after", () => {
    expect(
      order([row("少", 0, 2, 1), row("低", 0, 3, 1 / 3), row("高", 0, 4, 0.75), row("无", 0, 0, null)]),
    ).toEqual(["高", "低", "少", "无"]);
    expect(hasFewClosed(row("少", 0, 2, 1))).toBe(true);
    expect(hasFewClosed(row("够", 0, 3, 1))).toBe(false);
  });

  it("shares a place only when level on every ranked figure", () => {
    expect(sameRank(row("甲", 0, 3, 1), row("乙", 0, 5, 1))).toBe(true);
    expect(sameRank(row("甲", 0, 3, 1), row("乙", 0, 2, 1))).toBe(false);
    expect(sameRank(row("甲", 0, 3, 1), row("乙", 1, 3, 1))).toBe(false);
  });

  it("states the rule in Chinese", () => {
    expect(rankingRule).toContain("已逾期事项数从少到多");
    expect(rankingRule).toContain("办结不足3件");
  });
});
