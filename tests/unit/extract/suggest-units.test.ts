import { describe, expect, it } from "vitest";
import {
  createUnitSuggester,
  type PastHandout,
  type SuggestionUnit,
  suggestUnits,
} from "../../../src/extract/suggest-units.ts";

const directory: SuggestionUnit[] = [
  {
    name: "区水务局",
    aliases: ["水务局"],
    duties: ["水利工程", "水库", "河道", "防汛", "除险加固", "供水", "农村饮水"],
  },
  { name: "区农业农村局", aliases: [], duties: ["农业", "农村", "秸秆综合利用", "高标准农田"] },
  { name: "区文化和旅游局", shortName: "区文旅局", aliases: [], duties: ["文化", "旅游", "文物", "景区"] },
  {
    name: "区城市管理局",
    shortName: "区城管局",
    aliases: [],
    duties: ["市容", "环境卫生", "生活垃圾", "公园"],
  },
  { name: "区教育和体育局", shortName: "区教体局", aliases: [], duties: ["教育", "学校", "校园安全"] },
  { name: "东城街道办事处", aliases: [], duties: ["社区治理", "网格化管理"] },
  { name: "西城街道办事处", aliases: [], duties: ["社区治理", "网格化管理"] },
];

const names = (text: string, topic: string | null = null, history: PastHandout[] = []) =>
  suggestUnits({ text, topic }, directory, history).map((s) => s.unitName);

describe("suggesting a lead unit for a directive that names none", () => {
  it("names the unit whose duties the text speaks of, with the duty words as the reason", () => {
    const [first] = suggestUnits(
      { text: "会议要求，要倒排工期，确保主汛期前完成水库除险加固，同步做好河道清淤。", topic: null },
      directory,
    );
    expect(first?.unitName).toBe("区水务局");
    expect(first?.reason).toBe("职责：除险加固、水库、河道");
  });

  it("lets the office's own past hand-outs outrank a weak duty hit", () => {
    const history: PastHandout[] = [
      { text: "加快滨河绿道二期建设", unitName: "区城市管理局" },
      { text: "滨河绿道沿线夜景亮化", unitName: "区城市管理局" },
      { text: "滨河绿道管护移交", unitName: "区城市管理局" },
      { text: "全区文物普查", unitName: "区文化和旅游局" },
    ];
    const suggestions = suggestUnits(
      { text: "会议要求，滨河绿道要融入文化元素，年底前全线贯通。", topic: null },
      directory,
      history,
    );
    expect(suggestions.map((s) => s.unitName)).toEqual(["区城市管理局", "区文化和旅游局"]);
    expect(suggestions[0]?.reason).toBe("此前 3 项“滨河绿道”交办给区城市管理局");
    expect(suggestions[1]?.reason).toBe("职责：文化");
  });

  it("gives both reasons when the duties and the history agree", () => {
    const history: PastHandout[] = [
      { text: "北山水库大坝防渗", unitName: "区水务局" },
      { text: "北山水库溢洪道改造", unitName: "区水务局" },
    ];
    const [first] = suggestUnits(
      { text: "会议要求，北山水库除险加固要在主汛期前完工。", topic: null },
      directory,
      history,
    );
    expect(first).toMatchObject({
      unitName: "区水务局",
      reason: "职责：除险加固、水库；此前 2 项“北山水库”交办给区水务局",
    });
  });

  it("suggests nothing when nothing in the text points to a unit, never a unit picked at random", () => {
    expect(names("会议强调，要提高政治站位，统一思想认识，以优异成绩迎接检查。")).toEqual([]);
    expect(
      names("会议强调，要提高政治站位。", null, [{ text: "会议强调要提高站位", unitName: "区水务局" }]),
    ).toEqual([]);
  });

  it("gives at most three units, each once, however many match", () => {
    const suggestions = suggestUnits(
      {
        text: "要做好农村饮水和河道整治，抓好秸秆综合利用，提升景区和公园的环境卫生，加强校园安全和社区治理。",
        topic: "关于水库除险加固和高标准农田建设",
      },
      directory,
      [
        { text: "北山水库防汛", unitName: "区水务局" },
        { text: "北山水库巡查", unitName: "区水务局" },
      ],
    );
    expect(suggestions).toHaveLength(3);
    const unitNames = suggestions.map((s) => s.unitName);
    expect(new Set(unitNames).size).toBe(3);
    expect(unitNames[0]).toBe("区水务局");
  });

  it("credits a longer keyword, not the shorter one inside it", () => {
    // 农村饮水 is a water duty: the 农村 in it is no reason to suggest the agriculture bureau.
    expect(names("会议要求，年底前完成农村饮水提质增效工程。")).toEqual(["区水务局"]);
  });

  it("breaks ties by the order of the directory, so the same text always gives the same list", () => {
    expect(names("会议要求，要加强社区治理。")).toEqual(["东城街道办事处", "西城街道办事处"]);
  });

  it("takes the unit named in the topic as the one that submitted the item", () => {
    const [first] = suggestUnits(
      { text: "会议要求，要加快进度，确保质量。", topic: "会议听取了区文旅局关于文物保护工作的汇报" },
      directory,
    );
    expect(first).toMatchObject({ unitName: "区文化和旅游局", reason: "议题提到区文旅局；职责：文物" });
  });

  it("indexes once and answers many directives with the same result as the one-off call", () => {
    const suggest = createUnitSuggester(directory);
    const text = "会议要求，抓好学校建设。";
    expect(suggest({ text, topic: null })).toEqual(suggestUnits({ text, topic: null }, directory));
  });
});
