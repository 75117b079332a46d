// How sure each draft is: the rule that found it and the reasons to check it. Every sentence is invented.
import { describe, expect, it } from "vitest";
import { extract } from "./helpers.ts";

describe("rule and checks on each directive", () => {
  it("names the rule: a marker, a leader, a 纪要 clause, an assignment", () => {
    const record = [
      "会议要求，区水务局要加快河道清淤。",
      "区长王强要求，各街道要做好防汛准备。",
      "原则同意区住建局提交的方案，要求修改后印发。",
      "由区信访局负责，一个月内化解积案。",
    ].join("\n");
    expect(extract(record).directives.map((d) => d.rule)).toEqual([
      "marker",
      "leader",
      "minutes-clause",
      "assignment",
    ]);
  });

  it("asks to check a 纪要 sentence with no 会议 subject", () => {
    const [d] = extract("由区信访局负责，一个月内化解积案。").directives;
    expect(d?.checks).toContain("无“会议”主语，请核对是否为议定事项");
  });

  it("asks to check a deadline found in a later sentence than the directive's first", () => {
    const [later] = extract(
      "会议要求，区教育局要加快新校建设。要加强施工管理，确保8月底前完工。",
      "2024-03-06",
    ).directives;
    expect(later?.checks).toEqual(["完成时限见于后文，请核对是否适用于整项工作"]);
    const [first] = extract("会议要求，区教育局要在8月底前完成新校建设。", "2024-03-06").directives;
    expect(first?.checks).toEqual([]);
  });

  it("asks to check a unit the directory does not know, only when a directory is given", () => {
    const text = "会议要求，区水务局和区河长办要加强巡查。";
    const known = [{ name: "区水务局", shortName: null, aliases: [] }];
    expect(extract(text, null, known).directives[0]?.checks).toEqual([
      "单位名录中无“区河长办”，请核对单位名称",
    ]);
    expect(extract(text).directives[0]?.checks).toEqual([]);
  });

  it("asks to check a directive in the opening lead", () => {
    const [d] = extract("5月8日，区长王强主持召开常务会议，要求各街道做好防汛准备。").directives;
    expect(d?.checks).toContain("出自开头导语，请核对是否与后文重复");
  });
});
