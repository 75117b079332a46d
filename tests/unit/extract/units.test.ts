import { describe, expect, it } from "vitest";
import type { DirectoryUnit } from "../../../src/extract/extract.ts";
import { MINUTES } from "./fixtures.ts";
import { extract } from "./helpers.ts";

const directory: DirectoryUnit[] = [
  { name: "区水务局", shortName: "水务局", aliases: ["区水利局"] },
  { name: "区财政局", shortName: null, aliases: [] },
  { name: "区住房和城乡建设局", shortName: "区住建局", aliases: ["住建局"] },
];

function unitsOf(text: string, units: DirectoryUnit[] = []) {
  const { directives } = extract(text, "2024-03-06", units);
  expect(directives).toHaveLength(1);
  return directives[0] as (typeof directives)[number];
}

describe("units named in a directive", () => {
  it("matches the directory by full name, short name and alias, keeping the text as written", () => {
    const d = unitsOf("会议要求，水务局、区财政局和住建局要加快进度。", directory);
    expect(d.units).toEqual([
      { text: "水务局", unitName: "区水务局", role: "lead" },
      { text: "区财政局", unitName: "区财政局", role: "co" },
      { text: "住建局", unitName: "区住房和城乡建设局", role: "co" },
    ]);
  });

  it("recognises units the directory does not know by their shape, marked as unknown", () => {
    const d = unitsOf("会议要求，区城管局、社区建设指导中心等部门及各镇街要加强巡查。");
    expect(d.units.map((u) => [u.text, u.unitName])).toEqual([
      ["区城管局", null],
      ["社区建设指导中心", null],
      ["各镇街", null],
    ]);
  });

  it("keeps a name containing 和 whole, and splits a list joined by 和/及/与", () => {
    expect(unitsOf("会议要求，区住房和城乡建设局要牵头推进。").units.map((u) => u.text)).toEqual([
      "区住房和城乡建设局",
    ]);
    expect(unitsOf("会议要求，南方医院与精元电脑公司要完成整改。").units.map((u) => u.text)).toEqual([
      "南方医院",
      "精元电脑公司",
    ]);
  });

  it("takes everything listed before a closing 等 as named on purpose", () => {
    expect(unitsOf("会议强调，县环保、市场、应急等部门要联合督查。").units.map((u) => u.text)).toEqual([
      "县环保",
      "市场",
      "应急",
    ]);
  });

  it("reports vague addressees as unassigned, never as units", () => {
    const d = unitsOf("会议要求，各级各部门、有关单位和各街道要高度重视，相关部门要积极配合。");
    expect(d.units.map((u) => u.text)).toEqual(["各街道"]);
    expect(d.unassigned).toEqual(["各级各部门", "有关单位", "相关部门"]);
  });

  it("recognises named people and posts given a task, and definite collectives", () => {
    expect(unitsOf("会议要求，此项工作由范国庆副市长负责。").units.map((u) => u.text)).toEqual([
      "范国庆副市长",
    ]);
    expect(unitsOf("会议同意成立工作专班，由吴以环同志担任组长。").units.map((u) => u.text)).toEqual([
      "吴以环同志",
    ]);
    expect(unitsOf("会议强调，各位副县长要对照任务找差距。").units.map((u) => u.text)).toEqual([
      "各位副县长",
    ]);
  });

  it("counts a unit that submitted the approved item, and units after 由/请/要求", () => {
    expect(
      unitsOf("原则同意区人防办提交的改造方案，要求根据会议意见修改完善后实施。").units.map((u) => u.text),
    ).toEqual(["区人防办"]);
    expect(
      unitsOf("会议原则通过《实施意见》，请区贸工局、科技局根据会议意见作进一步修改。").units.map(
        (u) => u.text,
      ),
    ).toEqual(["区贸工局", "科技局"]);
  });

  it("leaves out objects of the action and the leader who speaks", () => {
    const d = unitsOf(
      "区长李旭主持会议。李旭要求，各职能部门要在一个月内形成放权名单，上报区发改委整合，并偿还省路桥公司的欠款。",
    );
    expect(d.units).toEqual([]);
    expect(d.unassigned).toEqual(["各职能部门"]);
  });

  it("reads roles: 牵头 leads, 会同/配合 cooperate, otherwise the first named leads", () => {
    const roles = (text: string) => unitsOf(text).units.map((u) => `${u.text}:${u.role}`);
    expect(roles("会议要求，由区财政局牵头，区住建局、区城管局配合，抓紧拨付资金。")).toEqual([
      "区财政局:lead",
      "区住建局:co",
      "区城管局:co",
    ]);
    expect(roles("会议要求，区教育局要会同区发改局加快建设。")).toEqual(["区教育局:lead", "区发改局:co"]);
    expect(roles("会议要求，区城管局、区交通局要加强执法。")).toEqual(["区城管局:lead", "区交通局:co"]);
  });

  it("reads 责任单位 lines, with （牵头） marking the lead", () => {
    const { directives } = extract(MINUTES, "2024-03-06");
    expect(directives[0]?.units.map((u) => `${u.text}:${u.role}`)).toEqual([
      "区水务局:lead",
      "区财政局:co",
      "区城管局:co",
    ]);
    expect(directives[1]?.units.map((u) => u.text)).toEqual(["区发改局", "各街道"]);
    expect(directives[1]?.unassigned).toEqual(["各项目牵头单位"]);
  });
});
