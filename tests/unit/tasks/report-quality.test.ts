import { describe, expect, it } from "vitest";
import {
  bigramSimilarity,
  checkReportQuality,
  describeQualityFlags,
  minSubstanceChars,
  nearCopySimilarity,
  substanceOf,
} from "../../../src/features/tasks/report-quality.ts";

const check = (body: string, more: Partial<Parameters<typeof checkReportQuality>[0]> = {}) =>
  checkReportQuality({ body, completion: false, attachmentCount: 0, ...more });

describe("boilerplate", () => {
  it("flags a report made of empty phrases", () => {
    expect(check("目前该项工作正在推进中，各项工作按计划推进。")).toEqual(["boilerplate"]);
    expect(check("稳步推进，有序推进，进展顺利！")).toEqual(["boilerplate"]);
  });

  it("passes a report that says what was done", () => {
    expect(check("已完成3号泵站主体浇筑，完成投资420万元。")).toEqual([]);
  });

  it("counts substance without phrases, punctuation and spaces, on the edge of the threshold", () => {
    expect(minSubstanceChars).toBe(15);
    // 14 characters of substance: flagged; 15: not.
    expect([...substanceOf("本周完成管网改造2公里，共4户，稳步推进。")].length).toBe(14);
    expect(check("本周完成管网改造2公里，共4户，稳步推进。")).toEqual(["boilerplate"]);
    expect([...substanceOf("本周完成管网改造2公里 涉及4户，稳步推进。")].length).toBe(15);
    expect(check("本周完成管网改造2公里 涉及4户，稳步推进。")).toEqual([]);
  });

  it("removes the longest phrase first", () => {
    expect(substanceOf("正在推进中")).toBe("");
  });
});

describe("near copy of the previous report", () => {
  const previous = "已完成3号泵站主体浇筑，累计完成投资420万元，下周开展设备安装。";

  it("flags the same text with other punctuation and spacing", () => {
    expect(
      check("已完成3号泵站主体浇筑 累计完成投资420万元；下周开展设备安装", { previousBody: previous }),
    ).toEqual(["near_copy"]);
  });

  it("flags a copy with one figure changed (similarity above the threshold)", () => {
    const body = "已完成3号泵站主体浇筑，累计完成投资450万元，下周开展设备安装。";
    expect(bigramSimilarity(body, previous)).toBeGreaterThanOrEqual(nearCopySimilarity);
    expect(bigramSimilarity(body, previous)).toBeLessThan(0.95);
    expect(check(body, { previousBody: previous })).toEqual(["near_copy"]);
  });

  it("passes a report that shares the task's words but tells new work (similarity under the threshold)", () => {
    const body = "已完成3号泵站主体浇筑，累计完成投资500万元，下月开展设备调试。";
    const similarity = bigramSimilarity(body, previous);
    expect(similarity).toBeGreaterThan(0.7);
    expect(similarity).toBeLessThan(nearCopySimilarity);
    expect(check(body, { previousBody: previous })).toEqual([]);
    expect(
      check("3号泵站设备安装已完成，开始单机调试，累计完成投资610万元。", { previousBody: previous }),
    ).toEqual([]);
  });

  it("has nothing to compare with on a unit's first report", () => {
    expect(check(previous, { previousBody: null })).toEqual([]);
  });
});

describe("completion request without evidence", () => {
  it("flags a summary with no file, no result word and no figure", () => {
    expect(check("该事项我单位高度重视，安排专人负责落实，现申请办结。", { completion: true })).toEqual([
      "no_evidence",
    ]);
  });

  it("passes the same summary with a file attached", () => {
    expect(
      check("该事项我单位高度重视，安排专人负责落实，现申请办结。", { completion: true, attachmentCount: 1 }),
    ).toEqual([]);
  });

  it("passes a summary naming a result word or a figure without a file", () => {
    expect(check("除险加固工程主体已竣工，并经区水务局组织专家验收合格。", { completion: true })).toEqual([]);
    expect(check("共清理河道垃圾三十吨，拆除违建棚屋，恢复河岸绿化面积。", { completion: true })).toEqual([]);
  });

  it("does not ask a progress report for evidence", () => {
    expect(check("该事项我单位高度重视，安排专人负责落实，现申请办结。")).toEqual([]);
  });

  it("can flag one report three ways, in words for the office", () => {
    const flags = check("正在推进中。", { completion: true, previousBody: "正在推进中" });
    expect(flags).toEqual(["boilerplate", "near_copy", "no_evidence"]);
    expect(describeQualityFlags(flags)).toEqual([
      "套话较多，实质内容不足15字",
      "与上次反馈内容基本相同",
      "申请办结但未附佐证材料，也未写明具体成果",
    ]);
  });
});
