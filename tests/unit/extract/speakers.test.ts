// Who gives a directive, and where a leader's words start and stop. Every sentence is invented.
import { describe, expect, it } from "vitest";
import { extract } from "./helpers.ts";

const texts = (record: string) => extract(record).directives.map((d) => d.text);

describe("speakers", () => {
  it("reads a leader set in the meeting between name and verb", () => {
    expect(texts("王建华局长作总结发言指出，近期要做好防汛准备。")).toEqual([
      "王建华局长作总结发言指出，近期要做好防汛准备。",
    ]);
    expect(texts("副县长李明出席会议并指出，各乡镇要压实防火责任。")).toEqual([
      "副县长李明出席会议并指出，各乡镇要压实防火责任。",
    ]);
    expect(texts("区长张伟讲话时强调，要抓好安全生产。")).toEqual(["区长张伟讲话时强调，要抓好安全生产。"]);
  });

  it("reads 她提出， as a leader's words, but not 提出 followed by what was raised", () => {
    expect(texts("副县长何丽主持会议。她提出，一要加强领导；二要落实责任。")).toEqual([
      "她提出，一要加强领导；二要落实责任。",
    ]);
  });

  it("reads a body speaking as one: 区局就X提出具体要求：", () => {
    const { directives } = extract(
      "最后，区局就落实会议精神提出具体要求：一要认真传达学习。区局各科室要组织讨论。",
    );
    expect(directives).toHaveLength(1);
    expect(directives[0]).toMatchObject({ verb: "要求", topic: "就落实会议精神" });
    expect(directives[0]?.text.startsWith("区局就落实会议精神")).toBe(true);
  });

  it("starts a new directive at a sentence opening with 要求 in a leader's voice", () => {
    expect(texts("局长刘强要求各科室要抓好落实。要求各位科长要做到带头表率。")).toEqual([
      "局长刘强要求各科室要抓好落实。",
      "要求各位科长要做到带头表率。",
    ]);
    // In the meeting's voice a 要求 sentence still belongs to the directive before it.
    expect(texts("会议指出，要抓好落实。要求各科室要做到带头表率。")).toHaveLength(1);
  });

  it("drops a news lead that the same leader's words spell out later", () => {
    const record = [
      "6月2日，全县防汛调度会召开，副县长赵峰要求压实防汛责任，确保安全度汛。",
      "赵峰要求，各乡镇要压实防汛责任，县水利局要加强巡查，确保安全度汛。",
    ].join("\n");
    expect(texts(record)).toEqual(["赵峰要求，各乡镇要压实防汛责任，县水利局要加强巡查，确保安全度汛。"]);
  });

  it("drops a request about how the meeting itself was run", () => {
    const record =
      "3月5日，县林业局组织召开局务会议，要求各股室负责人临场汇报前期工作。\n局长孙涛要求，各股室要抓好春季造林。";
    expect(texts(record)).toEqual(["局长孙涛要求，各股室要抓好春季造林。"]);
  });
});

describe("lead summaries and praise", () => {
  it("does not take a summary that instructions were given for a directive", () => {
    expect(texts("会议对做好下阶段工作提出了要求。")).toEqual([]);
    expect(texts("副县长李明出席会议并提出具体要求。")).toEqual([]);
    expect(texts("镇党委书记王刚到会指导，对各社区提出了具体要求。")).toEqual([]);
    expect(texts("副县长李明对全镇防火工作进行了安排部署。")).toEqual([]);
  });

  it("keeps 会议认为 only when it asks for something", () => {
    expect(texts("会议认为，各镇协调配合有力，落实任务细致，作出了积极贡献。")).toEqual([]);
    expect(texts("会议认为，当前防汛形势严峻，各镇要立即开展隐患排查。")).toHaveLength(1);
  });

  it("reads 会议确定 as a marker", () => {
    const { directives } = extract("会议确定，由县教育局牵头制定学校布局调整方案。");
    expect(directives.map((d) => d.verb)).toEqual(["确定"]);
  });
});

describe("minute sheets", () => {
  it("reads a 会议记录： line of 一是…二是… with no marker as one directive", () => {
    const record = [
      "镇秸秆禁烧工作部署会议",
      "时间：2023年6月1日",
      "地点：镇政府二楼会议室",
      "主持人：王镇长",
      "参会人员：班子成员、各村书记",
      "会议记录：一是加强巡查，网格员要每天巡查田间地头；二是班子成员分片包村，加强夜查。",
    ].join("\n");
    const { directives } = extract(record);
    expect(directives).toHaveLength(1);
    expect(directives[0]?.text.startsWith("一是加强巡查")).toBe(true);
    expect(directives[0]?.units.map((u) => u.text)).toEqual(["网格员", "班子成员"]);
  });
});
