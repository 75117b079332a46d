// The repeat matcher on sentences written for this test (not the eval pairs): what counts as asking again for the
// same work, what is new work on the same subject, and how units and markers move the bar.
import { describe, expect, it } from "vitest";
import {
  findRepeats,
  linkThresholds,
  markerAllowance,
  type OpenTaskText,
  repeatMarkerOf,
  subjectRuns,
} from "../../../src/extract/repeat-match.ts";

const task = (id: number, text: string, unitNames: string[]): OpenTaskText => ({
  id,
  title: text.split("，")[0]!,
  topic: null,
  sourceText: text,
  unitNames,
  meetingTitle: "区政府第8次常务会议纪要",
  heldOn: "2026-03-02",
});

const bridge = task(1, "区交通运输局要在汛期前完成西河大桥危桥加固改造", ["区交通运输局"]);
const market = task(2, "区商务局要加快东门农贸市场提升改造，春节前开业", ["区商务局"]);
const open = [bridge, market];

describe("repeat links", () => {
  it("links the same work asked again, with the marker, the shared words, the unit and the first meeting", () => {
    const [c, ...rest] = findRepeats(
      {
        text: "会议再次强调，区交通运输局要抓紧西河大桥危桥加固改造，汛期前必须完工",
        topic: null,
        unitNames: ["区交通运输局"],
      },
      open,
    );
    expect(rest).toEqual([]);
    expect(c!.taskId).toBe(1);
    expect(c!.why).toBe(
      "原文有“再次强调”；共同主题词：西河大桥危桥加固改造、汛期；同为区交通运输局承办；首次见于区政府第8次常务会议纪要（2026年3月2日）",
    );
  });

  it("links a restatement without any marker when subject and unit agree", () => {
    const found = findRepeats(
      {
        text: "东门农贸市场提升改造要确保春节前开业，区商务局要每周调度",
        topic: null,
        unitNames: ["区商务局"],
      },
      open,
    );
    expect(found.map((c) => c.taskId)).toEqual([2]);
    expect(found[0]!.marker).toBeNull();
  });

  it("does not link new work on the same subject, nor another matter of the same unit", () => {
    const newWork = {
      text: "区商务局要研究东门农贸市场开业后的摊位招租办法",
      topic: null,
      unitNames: ["区商务局"],
    };
    const other = {
      text: "区交通运输局要开展农村公路路域环境整治",
      topic: null,
      unitNames: ["区交通运输局"],
    };
    expect(findRepeats(newWork, open)).toEqual([]);
    expect(findRepeats(other, open)).toEqual([]);
  });

  it("asks more of another named unit, and less with a marker", () => {
    const restated = "西河大桥危桥加固改造要在汛期前完成";
    const ofOther = findRepeats(
      { text: `区财政局要保障${restated}所需资金`, topic: null, unitNames: ["区财政局"] },
      open,
    );
    expect(ofOther).toEqual([]);
    const unnamed = findRepeats({ text: restated, topic: null, unitNames: [] }, open);
    expect(unnamed.map((c) => [c.taskId, c.unit])).toEqual([[1, "unknown"]]);
    expect(linkThresholds.different).toBeGreaterThan(linkThresholds.unknown);
    expect(linkThresholds.unknown).toBeGreaterThan(linkThresholds.same);
    expect(markerAllowance).toBeGreaterThan(0);
  });

  it("reads markers and cuts empty words, unit names and figures before comparing", () => {
    expect(repeatMarkerOf("会议重申，要继续抓好秋冬季大气污染防治")).toBe("继续抓好");
    expect(repeatMarkerOf("会议要求，要做好秋冬季大气污染防治")).toBeNull();
    expect(subjectRuns("会议要求，区水务局要在6月30日前全面完成北山水库除险加固工作", ["区水务局"])).toEqual([
      "北山水库除险加固",
    ]);
  });

  it("offers at most three, best first, and nothing for a text with no subject left", () => {
    const many = [1, 2, 3, 4, 5].map((id) => task(id, "区水务局要完成北山水库除险加固", ["区水务局"]));
    many[2] = task(3, "区水务局要完成北山水库除险加固和库区清淤", ["区水务局"]);
    const found = findRepeats(
      { text: "区水务局要完成北山水库除险加固", topic: null, unitNames: ["区水务局"] },
      many,
    );
    expect(found.map((c) => c.taskId)).toEqual([1, 2, 4]);
    expect(findRepeats({ text: "会议要求，要抓紧落实", topic: null, unitNames: [] }, many)).toEqual([]);
  });
});
