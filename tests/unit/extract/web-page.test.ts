// Records pasted whole from a government portal, furniture and all. The furniture here is invented in the styles
// of common publishing systems; the seed record's own text is read from the shared corpus (never copied in).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extract } from "./helpers.ts";

const seed = fileURLToPath(new URL("../../../../shared/corpus/dev/docs/000.txt", import.meta.url));

describe.skipIf(!existsSync(seed))("the seed record pasted whole from its portal", () => {
  const raw = existsSync(seed) ? readFileSync(seed, "utf8") : "";
  const record = raw.slice(raw.indexOf("\n\n") + 2);
  const page = [
    "首页 > 政务公开 > 会议公开",
    "索引号: 11370902MB1234567X/2021-00871    发布机构: 泰山区人民政府办公室",
    "更新时间: 2021-04-01 09:12    浏览次数: 316",
    "",
    record,
    "",
    "会议议定事项及解读:http://www.example.gov.cn/art/2021/4/1/art_47868_1.html",
    "相关链接:http://www.example.gov.cn/col/col47868/index.html",
    "【打印本页】 【关闭窗口】",
    "分享到:",
  ].join("\n");
  const { meta, directives } = extract(page, null);

  it("reads title, kind, date (year from 更新时间) and chair past the furniture", () => {
    expect(meta).toMatchObject({
      title: "区政府第52次常务会议",
      kind: "常务会议",
      date: "2021-03-31",
      chair: "张培峰区长",
    });
  });

  it("yields the same eight directives as the record alone, none from the link lines", () => {
    expect(directives).toHaveLength(8);
    expect(directives.some((d) => /http|解读|打印/.test(d.text))).toBe(false);
  });
});

describe("other portals' furniture", () => {
  it("skips a 索引号/发文机关/成文日期 table and takes the 标题 row as the title", () => {
    const page = [
      "索引号：000014349/2023-00112",
      "发文机关：某县人民政府办公室",
      "标题：某县人民政府第31次常务会议纪要",
      "发文字号：县政纪〔2023〕31号",
      "成文日期：2023年12月29日",
      "发布日期：2024-01-03",
      "12月28日，县长刘志远主持召开县政府第31次常务会议。",
      "会议要求，县财政局要在春节前拨付全部困难群众救助资金。",
      "【打印本页】【关闭窗口】",
    ].join("\n");
    const { meta, directives } = extract(page);
    expect(meta).toMatchObject({
      title: "某县人民政府第31次常务会议纪要",
      kind: "常务会议",
      chair: "县长刘志远",
    });
    // A December meeting published in January belongs to the year before.
    expect(meta.date).toBe("2023-12-28");
    expect(directives.map((d) => d.units.map((u) => u.text))).toEqual([["县财政局"]]);
  });

  it("never takes 来源/发布日期/字号/分享 lines for a title, a directive or a unit", () => {
    const page = [
      "来源：某区融媒体中心 发布日期：2022-06-10 字号：【大】【中】【小】",
      "某区召开防汛工作调度会",
      "6月9日，区长陈刚主持召开防汛工作调度会。",
      "陈刚要求，区水务局要在主汛期前完成河道清淤。",
      "责任编辑：王丽",
      "分享到：微信 微博",
      "[打印此页] [关闭本页]",
    ].join("\n");
    const { meta, directives } = extract(page);
    expect(meta.title).toBe("某区召开防汛工作调度会");
    expect(meta.kind).toBe("调度会议");
    expect(meta.date).toBe("2022-06-09");
    expect(directives.map((d) => d.text)).toEqual(["陈刚要求，区水务局要在主汛期前完成河道清淤。"]);
    expect(directives[0]?.units.map((u) => u.text)).toEqual(["区水务局"]);
  });

  it("reads the kind of meeting from the title or the lead, and 纪要 when only that is said", () => {
    expect(extract("县长办公会议纪要\n会议要求，县教育局要做好开学准备。").meta.kind).toBe("办公会议");
    expect(extract("专题会议纪要\n会议要求，县教育局要做好开学准备。").meta.kind).toBe("专题会议");
    expect(extract("会议纪要\n会议要求，县教育局要做好开学准备。").meta.kind).toBe("纪要");
    expect(extract("会议要求，县教育局要做好开学准备。").meta.kind).toBeNull();
  });
});
