// Units recognised by the shapes Chinese government writing gives them: drafting units of approved documents,
// collectives whose 各 covers a list, roles, short forms, one body's own units and the subject of 是…主体/作为.
// Every sentence is invented.
import { describe, expect, it } from "vitest";
import { extract } from "./helpers.ts";

function unitTexts(text: string): string[] {
  const { directives } = extract(text, "2024-03-06");
  expect(directives).toHaveLength(1);
  return (directives[0]?.units ?? []).map((u) => u.text);
}

describe("units by shape", () => {
  /** [what, [sentence, the units read from it]…]. */
  it.each<[string, [string, string[]][]]>([
    [
      "counts the unit that drafted an approved document, whatever it did before drafting",
      [
        ["会议同意县林业局拟定并经合法性审查的《古树名木保护办法》，报县委审定后印发。", ["县林业局"]],
        ["会议同意县考核办对各乡镇年度工作考核后拟定的《考核结果》，报县委审定。", ["县考核办"]],
      ],
    ],
    [
      "lets the 各 of a list's first item cover the items after 、, but not a part joined by 及",
      [
        [
          "会议强调，各检查站、村组、社区及县客运站要严格落实登记制度。",
          ["各检查站", "村组", "社区", "县客运站"],
        ],
        ["会议要求，各街道及社区要做好宣传。", ["各街道"]],
        ["会议要求，经费由各镇、办事处负责。", ["各镇", "办事处"]],
      ],
    ],
    [
      "reads collectives with a bracketed variant or their people, and working bodies",
      [
        [
          "会议要求，各乡镇党政主要负责人要靠前指挥，各区（街道）要加强巡查。",
          ["各乡镇党政主要负责人", "各区（街道）"],
        ],
        [
          "会议要求，县禁烧工作督导组要每天到村督导，各专项工作组要倒排工期。",
          ["县禁烧工作督导组", "各专项工作组"],
        ],
      ],
    ],
    [
      "reads roles given tasks as a class, at the head of their clause",
      [["会议要求，组长要履行职责，网格员加强巡查，班子成员带队夜查。", ["组长", "网格员", "班子成员"]]],
    ],
    [
      "reads short forms and keeps full names whole",
      [
        ["会议要求，县财政要保障资金，县医保中心要做好结算。", ["县财政", "县医保中心"]],
        ["会议要求，区政协办公室要做好服务保障。", ["区政协办公室"]],
        ["会议要求，县自然资源和规划局要尽快完成报批。", ["县自然资源和规划局"]],
      ],
    ],
    [
      "reads a counted place in quotation marks without them, and never a role like 属地",
      [["会议要求，“两区”要统筹推进，拆除费用由属地区承担。", ["两区"]]],
    ],
    [
      "does not read the speaker into the subject after 要求",
      [["副局长王强要求各工作小组必须每天报送信息。", ["各工作小组"]]],
    ],
  ])("%s", (_what, cases) => {
    for (const [sentence, units] of cases) expect(unitTexts(sentence)).toEqual(units);
  });

  it("counts one body's own units but not every unit everywhere", () => {
    const { directives } = extract("会议要求，区局各单位负责人要组织学习，县直各单位要积极配合。");
    expect(directives[0]?.units.map((u) => u.text)).toEqual(["区局各单位负责人"]);
    expect(directives[0]?.unassigned).toEqual(["县直各单位"]);
  });

  it("reads the subject of 是…主体 and of 作为…牵头单位", () => {
    expect(
      unitTexts(
        "会议强调，镇人民政府是安全生产的责任主体，要落实属地责任；县应急局和县住建局作为牵头单位，要加强督导。",
      ),
    ).toEqual(["镇人民政府", "县应急局", "县住建局"]);
  });

  it("takes the unit that brought the item when the directive leaves its addressee unsaid", () => {
    const reported = extract(
      "会议听取了区水务局关于防汛准备工作的汇报。会议要求，要在主汛期前完成河道清淤。",
    ).directives;
    expect(reported[0]?.units.map((u) => u.text)).toEqual(["区水务局"]);
    const addressed = extract(
      "会议听取了区水务局关于防汛准备工作的汇报。会议要求，各街道要落实防汛责任人。",
    ).directives;
    expect(addressed[0]?.units.map((u) => u.text)).toEqual(["各街道"]);
  });

  it("reads the collectives and bodies offices write most", () => {
    expect(
      unitTexts("会议要求，各乡镇（街道）、各片区要加强巡查，区督查组要跟踪问效，区交通要做好保障。"),
    ).toEqual(["各乡镇（街道）", "各片区", "区督查组", "区交通"]);
    expect(unitTexts("会议要求，各区县要在年底前完成整改。")).toEqual(["各区县"]);
  });
});
