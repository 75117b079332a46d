import { describe, expect, it } from "vitest";
import { HTML_RECORD, LEADER_VOICES, MINUTES, STANDING_MEETING, TRAPS } from "./fixtures.ts";
import { asciiPunctuation, extract } from "./helpers.ts";

describe("segmenting a standing-meeting report", () => {
  const { directives } = extract(STANDING_MEETING, "2024-04-12");

  it("finds the 会议X directives and skips the assessment, the bare approval and the agenda lines", () => {
    expect(directives.map((d) => d.verb)).toEqual(["要求", "强调"]);
  });

  it("returns text that is the exact input at the returned offsets", () => {
    for (const d of directives) expect(STANDING_MEETING.slice(d.start, d.end)).toBe(d.text);
    expect(directives[0]?.text).toMatch(/^会议要求，区水务局要牵头.*5月15日前完成隐患点排查。$/);
  });

  it("runs a directive on over its following sentences up to the next marker", () => {
    expect(directives[1]?.text).toBe(
      "会议强调，区住建局要会同区财政局加快项目审批，确保6月底前全面开工。要加强施工安全管理。",
    );
  });

  it("takes the topic from the agenda line, or from a governing 关于 clause before the marker", () => {
    expect(directives[0]?.topic).toBe("会议听取了区水务局关于城区防汛准备工作情况的汇报");
    expect(directives[1]?.topic).toBe("关于老旧小区改造工作");
  });

  it("gives the same directives for the ASCII-punctuation copy, with offsets into that copy", () => {
    const ascii = asciiPunctuation(STANDING_MEETING);
    const again = extract(ascii, "2024-04-12").directives;
    expect(again.map((d) => d.verb)).toEqual(["要求", "强调"]);
    expect(again.map((d) => d.start)).toEqual(directives.map((d) => d.start));
    for (const d of again) expect(ascii.slice(d.start, d.end)).toBe(d.text);
  });
});

describe("segmenting a 纪要 with numbered 议定事项", () => {
  const { directives } = extract(MINUTES, "2024-03-06");

  it("finds one directive per decision, numbered sub-items included", () => {
    expect(directives.map((d) => d.verb)).toEqual(["同意", "要求", "强调", "强调", "强调", "议定", "要求"]);
  });

  it("keeps the 责任单位/完成时限 lines with the item they belong to", () => {
    expect(directives[0]?.text).toContain(
      "责任单位：区水务局（牵头），区财政局、区城管局\n完成时限：2024年6月30日",
    );
    expect(directives[0]?.text.startsWith("会议同意区水务局提出的管网改造实施方案")).toBe(true);
  });

  it("drops an approval that asks nothing (会议原则同意…清单。) but keeps the requirement after it", () => {
    expect(directives.some((d) => d.text.startsWith("会议原则同意"))).toBe(false);
    expect(directives[1]?.text.startsWith("会议要求，各项目牵头单位要倒排工期")).toBe(true);
  });

  it("splits numbered sub-items into their own directives, without their labels, under the marker before them", () => {
    expect(directives[3]?.text).toBe("实验小学扩建工程由区教育局负责，8月底前完成竣工验收。");
    expect(directives[4]?.text).toBe("第二中学新建工程由区城投公司负责，年底前主体封顶。");
  });

  it("reads an unmarked 由X负责 item as a decision under the 议定事项 lead-in", () => {
    expect(directives[5]).toMatchObject({
      verb: "议定",
      topic: "关于防范化解信访积案问题",
      text: "由区信访局负责，会同各街道逐案制定化解方案，一个月内将化解情况报区政府。",
    });
  });

  it("takes each section's heading as the topic, over agenda lines inside the section", () => {
    expect(directives.map((d) => d.topic)).toEqual([
      "关于城区供水管网改造工程",
      "关于2024年为民办实事项目",
      "关于秋季学期学位保障工作",
      "关于秋季学期学位保障工作",
      "关于秋季学期学位保障工作",
      "关于防范化解信访积案问题",
      "其他事项",
    ]);
  });
});

describe("segmenting leaders' own words", () => {
  const { directives } = extract(LEADER_VOICES, "2024-05-20");

  it("recognises a named leader, a pronoun and a proposal of points as markers", () => {
    expect(directives.slice(0, 3).map((d) => [d.verb, d.text.slice(0, 6)])).toEqual([
      ["要求", "陈志强要求，"],
      ["强调", "他强调，县应"],
      ["提出", "副县长孙丽就"],
    ]);
    expect(directives[2]?.topic).toBe("就抓好安全生产工作");
  });

  it("keeps an inline enumeration (一要…二要…三要…) as one directive", () => {
    expect(directives[2]?.text).toBe(
      "副县长孙丽就抓好安全生产工作提出三点意见：一要压实责任；二要排查隐患；三要强化督导，确保年内实现事故“双下降”。",
    );
  });

  it("splits 在X方面，…；在Y方面，… into one directive per topic, topic clause left out of the text", () => {
    expect(directives.slice(3).map((d) => [d.verb, d.topic, d.text])).toEqual([
      ["指出", "在北关路改造工程方面", "要加快征迁进度，确保10月底前通车；"],
      ["指出", "在城东污水处理厂方面", "县住建局要尽快完成设备调试。"],
    ]);
  });

  it("stops before the attendance line", () => {
    expect(directives.every((d) => !d.text.includes("参加会议"))).toBe(true);
  });
});

describe("the traps", () => {
  const { directives } = extract(TRAPS, "2024-06-03");

  it("skips the praise, the bare approval, the agenda line, 会议认为 and the lead summary restated later", () => {
    expect(directives).toHaveLength(1);
    expect(directives[0]?.text).toBe(
      "赵敏强调，要扎实推进城乡环境综合整治，确保7月底前完成第一阶段任务，区城管局要牵头组织专项检查。",
    );
  });

  it("leaves the reporter's credit out of the text", () => {
    expect(directives[0]?.text).not.toContain("供稿");
  });
});

describe("markers in other shapes", () => {
  it("reads a bare 要求 after an agenda clause, starting the text at 要求", () => {
    const { directives } = extract("会议传达学习了全省安全生产工作会议精神，要求各乡镇要开展隐患排查。");
    expect(directives).toHaveLength(1);
    expect(directives[0]).toMatchObject({
      verb: "要求",
      text: "要求各乡镇要开展隐患排查。",
      topic: "会议传达学习了全省安全生产工作会议精神",
    });
  });

  it("reads 纪要 clauses with no subject: 原则同意…，要求…", () => {
    const { directives } = extract(
      "会议审议了《区停车场建设方案》。原则同意区住建局提交的方案，要求按会议意见修改后印发实施。",
    );
    expect(directives).toHaveLength(1);
    expect(directives[0]).toMatchObject({ verb: "原则同意", topic: "会议审议了《区停车场建设方案》" });
    expect(directives[0]?.units.map((u) => u.text)).toEqual(["区住建局"]);
  });

  it("splits numbered items under 会议决定： and gives each the header's verb", () => {
    const text =
      "会议审议了《区督察整改方案》。\n会议决定：\n（一）原则通过《方案》，由区生态环境局负责修改完善。\n（二）各街道要统筹推进整改任务。";
    const { directives } = extract(text);
    expect(directives.map((d) => [d.verb, d.text])).toEqual([
      ["决定", "原则通过《方案》，由区生态环境局负责修改完善。"],
      ["决定", "各街道要统筹推进整改任务。"],
    ]);
    expect(directives[0]?.topic).toBe("会议审议了《区督察整改方案》");
  });

  it("reads sub-items under a 研究 heading as directives with their own subjects as topics", () => {
    const text = [
      "一、会议听取了区民政局关于“两节”期间困难群众慰问工作的汇报。",
      "二、会议研究了影响节日稳定的有关问题。",
      "1、关于拖欠农民工工资问题。由区人社局牵头，督促欠薪企业春节前全部清偿。",
      "2、城南安置小区群众上访问题，由城南街道负责做好解释工作。",
    ].join("\n");
    const { directives } = extract(text, "2025-12-20");
    expect(directives.map((d) => [d.verb, d.topic, d.text])).toEqual([
      ["研究", "关于拖欠农民工工资问题", "由区人社局牵头，督促欠薪企业春节前全部清偿。"],
      ["研究", "城南安置小区群众上访问题", "由城南街道负责做好解释工作。"],
    ]);
  });

  it("reads a transcript's 【…讲话】 as the leader's directive", () => {
    const text =
      "会议过程：\n10:00\n【区委副书记、区长杨明讲话】\n我们要正视短板，由区发改局牵头，认真研究对策。\n11:10\n会议还研究了其他问题。";
    const { directives } = extract(text);
    expect(directives.map((d) => [d.verb, d.text])).toEqual([
      ["讲话", "我们要正视短板，由区发改局牵头，认真研究对策。"],
    ]);
  });

  it("returns offsets into a pasted web page", () => {
    const { directives } = extract(HTML_RECORD, "2024-05-08");
    expect(directives).toHaveLength(2);
    for (const d of directives) {
      expect(HTML_RECORD.slice(d.start, d.end)).toBe(d.text);
      expect(d.text).not.toMatch(/<|&nbsp;/);
    }
  });
});

describe("topics and paragraphs", () => {
  it("gives a one-subject meeting's subject to directives with no other topic, and none when it has several", () => {
    const one = extract(
      "6月28日，区委书记林涛主持召开区委常委会会议，专题研究乡村振兴工作。\n林涛强调，各镇要谋划一批特色产业项目。",
    );
    expect(one.directives[0]?.topic).toBe("专题研究乡村振兴工作");
    const several = extract(
      "6月28日，区长林涛主持召开区政府常务会议，听取防汛工作汇报，研究城市更新工作。\n林涛强调，各镇要做好防汛准备。",
    );
    expect(several.directives[0]?.topic).toBeNull();
  });

  it("carries a directive on into a paragraph that tells someone what to do, but not into a report", () => {
    const { directives } = extract(
      [
        "会议强调，要坚持产业为先，各镇要谋划一批特色产业项目。",
        "区财政局要统筹涉农资金，区农业农村局牵头做好项目监管。",
        "据悉，今年以来全区农业产值稳步增长。",
      ].join("\n"),
    );
    expect(directives).toHaveLength(1);
    expect(directives[0]?.text).toBe(
      "会议强调，要坚持产业为先，各镇要谋划一批特色产业项目。\n区财政局要统筹涉农资金，区农业农村局牵头做好项目监管。",
    );
    expect(directives[0]?.units.map((u) => `${u.text}:${u.role}`)).toEqual([
      "各镇:co",
      "区财政局:co",
      "区农业农村局:lead",
    ]);
  });
});
