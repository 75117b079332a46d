import { describe, expect, it } from "vitest";
import { asciiPunctuation, extract } from "./helpers.ts";
import { ENUMERATED_SPEECH, LONG_MINUTES } from "./long-minutes.ts";

const roles = (d: { units: { text: string; role: string }[] }) => d.units.map((u) => `${u.text}:${u.role}`);

describe("a long 纪要 with 责任单位/配合单位/完成时限 lines", () => {
  const { meta, directives } = extract(LONG_MINUTES, "2024-05-06");

  it("reads its details", () => {
    expect(meta).toMatchObject({
      title: "某区人民政府第27次常务会议纪要",
      kind: "常务会议",
      chair: "区长周建国",
    });
  });

  it("finds one directive per numbered item, each with its item heading as topic", () => {
    expect(directives.map((d) => d.topic)).toEqual([
      "关于2024年城市更新重点项目推进情况",
      "关于中小学校舍安全隐患整治工作",
      "关于区人民医院改扩建工程资金保障问题",
      "关于城区道路交通秩序综合整治工作",
      "关于安全生产大排查大整治行动",
    ]);
  });

  it("keeps each item's lines with it and stops at the next item", () => {
    for (const d of directives) expect(d.text.match(/责任单位|牵头单位/g)).toHaveLength(1);
    expect(directives[0]?.text.endsWith("完成时限：2024年6月30日")).toBe(true);
    expect(directives.at(-1)?.text.endsWith("完成时限：长期坚持")).toBe(true);
  });

  it("reads lead and cooperating units from the lines", () => {
    expect(directives.map(roles)).toEqual([
      ["区住建局:lead", "区财政局:co", "区城管局:co", "各街道:co"],
      ["区教育局:lead", "区应急局:co"],
      ["区财政局:lead", "区发改局:co", "区卫健局:co"],
      ["区交通局:lead", "区公安分局交警大队:co"],
      ["各街道:co", "区应急局:lead", "区住建局:co", "区消防救援大队:co"],
    ]);
  });

  it("reads a unit-subject 纪要 sentence as a decision, and asks to check it", () => {
    expect(directives[3]).toMatchObject({ verb: "议定", rule: "minutes-subject" });
    expect(directives[3]?.text.startsWith("区交通局要于5月20日前完成")).toBe(true);
    expect(directives[3]?.checks).toEqual(["无“会议”主语，请核对是否为议定事项"]);
  });

  it("takes deadlines from the 完成时限 lines without asking to check them", () => {
    expect(directives.map((d) => d.deadline?.date ?? null)).toEqual([
      "2024-06-30",
      "2024-08-25",
      "2024-09-30",
      "2024-05-20",
      null,
    ]);
    expect(directives[0]?.checks).toEqual([]);
  });

  it("keeps an inline (1)(2)(3) enumeration under one marker as one directive", () => {
    expect(directives[4]?.text).toContain("（1）聚焦重点行业领域");
    expect(directives[4]?.text).toContain("（3）强化值班值守");
  });

  it("gives the same directives for the ASCII-punctuation copy", () => {
    const ascii = extract(asciiPunctuation(LONG_MINUTES), "2024-05-06").directives;
    expect(ascii.map(roles)).toEqual(directives.map(roles));
  });

  it("reads 抄送 and attendance lines as no directive", () => {
    expect(directives.some((d) => /抄送|出席：|列席：/.test(d.text))).toBe(false);
  });
});

describe("a leader's enumeration one item a paragraph", () => {
  const { directives } = extract(ENUMERATED_SPEECH, "2024-10-28");

  it("reads a leader named by given name and 同志, and 他 carrying on the voice", () => {
    expect(directives[0]?.text.startsWith("建国同志指出，")).toBe(true);
    expect(directives.at(-1)).toMatchObject({ verb: "要求", rule: "leader" });
    expect(directives.at(-1)?.text).toBe("他要求，县融媒体中心要加强森林防火宣传。");
  });

  it("splits 一要/二要/三要 paragraphs into directives with the marker's verb", () => {
    expect(directives.map((d) => [d.verb, d.text.slice(0, 2)])).toEqual([
      ["指出", "建国"],
      ["指出", "一要"],
      ["指出", "二要"],
      ["指出", "三要"],
      ["要求", "他要"],
    ]);
    expect(directives.map((d) => d.units.map((u) => u.text))).toEqual([
      ["各乡镇"],
      ["县林业局", "各乡镇"],
      ["各护林员"],
      ["县应急管理局"],
      ["县融媒体中心"],
    ]);
  });

  it("stops before the attendance line", () => {
    expect(directives.some((d) => d.text.includes("参加会议"))).toBe(false);
  });
});
