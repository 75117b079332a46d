import { describe, expect, it } from "vitest";
import { normaliseText, originalSpan, originalText } from "../../../src/extract/normalise.ts";

describe("normaliseText", () => {
  /** [what, [text as pasted, the text the rules match on]…]. */
  it.each<[string, [string, string][]]>([
    [
      "matches on full-width Chinese punctuation whatever the input used",
      [
        ["会议要求,区水务局要加强巡查;确保安全!(完)", "会议要求，区水务局要加强巡查；确保安全！（完）"],
        ["会议要求，区水务局要加强巡查；确保安全！（完）", "会议要求，区水务局要加强巡查；确保安全！（完）"],
      ],
    ],
    [
      "keeps ASCII between digits and in Latin words",
      [["上午9:30开会,投资1,000万元,PM2.5 浓度", "上午9:30开会，投资1,000万元，PM2.5浓度"]],
    ],
    [
      "reads Word text: CRLF, vertical tabs, ideographic spaces and full-width digits",
      [
        [
          "\u3000\u3000会议决定：\r\n（一）由区财政局负责，１０个工作日内拨付。\u000b（二）各街道要配合。",
          "会议决定：\n（一）由区财政局负责，10个工作日内拨付。\n（二）各街道要配合。",
        ],
      ],
    ],
    [
      "restores paragraph breaks lost before numbered items, but not inside an inline enumeration",
      [
        [
          "会议议定如下：一、关于甲。由区财政局负责。二、关于乙。",
          "会议议定如下：\n一、关于甲。由区财政局负责。\n二、关于乙。",
        ],
        ["会议强调：一、压实责任；二、排查隐患。", "会议强调：\n一、压实责任；二、排查隐患。"],
        ["会议要求：1、加强巡查；2、及时上报。", "会议要求：\n1、加强巡查；2、及时上报。"],
      ],
    ],
    [
      "turns spaces after a finished sentence into a paragraph break (run-together paragraphs)",
      [
        [
          "会议还研究了其他事项。 关于防汛工作，会议要求，要加强值守。",
          "会议还研究了其他事项。\n关于防汛工作，会议要求，要加强值守。",
        ],
      ],
    ],
  ])("%s", (_what, cases) => {
    for (const [input, expected] of cases) expect(normaliseText(input).text).toBe(expected);
  });

  it("drops stray spaces but maps every span back to the exact original", () => {
    const original = "会 议 要 求 ，  区水务局要在6月底前 完成。";
    const doc = normaliseText(original);
    expect(doc.text).toBe("会议要求，区水务局要在6月底前完成。");
    const at = doc.text.indexOf("区水务局");
    expect(originalText(doc, at, doc.text.length)).toBe("区水务局要在6月底前 完成。");
    const whole = originalSpan(doc, 0, doc.text.length);
    expect(original.slice(whole.start, whole.end)).toBe(original.trim());
  });

  it("reads pasted HTML: tags and entities resolved, paragraphs kept, offsets into the HTML", () => {
    const original = "<p>会议要求&nbsp;，区财政局要&ldquo;抓紧&rdquo;拨付。</p><p>会议强调，要确保安全。</p>";
    const doc = normaliseText(original);
    expect(doc.text).toBe("会议要求，区财政局要“抓紧”拨付。\n会议强调，要确保安全。");
    const at = doc.text.indexOf("区财政局");
    expect(originalText(doc, at, doc.text.indexOf("。") + 1)).toBe("区财政局要&ldquo;抓紧&rdquo;拨付。");
  });
});
