import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { maxRecordBytes, readRecordFile } from "../../../src/features/meetings/read-record-file.ts";

const record = [
  "区政府第十二次常务会议纪要",
  "",
  "　　2024年5月10日，区长主持召开区政府第十二次常务会议。",
  "　　一、关于防汛工作",
  "　　会议要求，区水务局在主汛期前完成水库除险加固；区应急局牵头开展“防汛演练”。",
].join("\n");

const utf8 = (text: string) => new TextEncoder().encode(text);

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((part) => [...part]));
}

/**
 * TextEncoder only writes UTF-8, so build a GB18030 table from Node's decoder: every two-byte code (lead
 * 0x81–0xFE, trail 0x40–0xFE except 0x7F) decodes to exactly one BMP character.
 */
function gb18030Table(): Map<string, number[]> {
  const pairs: number[][] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push([lead, trail]);
  }
  const decoded = new TextDecoder("gb18030").decode(Uint8Array.from(pairs.flat()));
  expect(decoded.length).toBe(pairs.length);
  return new Map(pairs.map((pair, i) => [decoded[i]!, pair]));
}

function encodeGb18030(text: string, table: Map<string, number[]>): Uint8Array {
  return Uint8Array.from(
    [...text].flatMap((char) => {
      if (char.charCodeAt(0) < 0x80) return [char.charCodeAt(0)];
      const pair = table.get(char);
      if (!pair) throw new Error(`no GB18030 code for ${char}`);
      return pair;
    }),
  );
}

import { cell, docx, paragraph, t } from "../../helpers/docx.ts";
import { recordRefusal } from "../../helpers/record-refusal.ts";

const recordDocx = () =>
  docx(
    paragraph(t("区政府第十二次常务会议纪要")) +
      paragraph(t("2024年5月10日，区长主持召开区政府第十二次常务会议。")) +
      paragraph(t("一、关于防汛工作"), "<w:br/>", t("会议要求，区水务局在主汛期前完成水库除险加固。")) +
      "<w:tbl>" +
      `<w:tr>${cell("责任单位")}${cell("完成时限")}</w:tr>` +
      `<w:tr>${cell("区水务局")}<w:tc><w:p><w:r>${t("6月30日前")}</w:r></w:p><w:p><w:r>${t("每周报送进展")}</w:r></w:p></w:tc></w:tr>` +
      "</w:tbl>" +
      paragraph(t("二、关于“12345”热线办理"), "<w:tab/>", t("区政务服务局  负责")),
  );

const xlsx = () =>
  zipSync({
    "[Content_Types].xml": strToU8("<Types/>"),
    "xl/workbook.xml": strToU8("<workbook/>"),
    "xl/worksheets/sheet1.xml": strToU8("<worksheet/>"),
  });

// Deterministic noise so the binary fixture is the same on every run.
function noise(length: number, seed = 42): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe("readRecordFile: plain text", () => {
  it("reads UTF-8 and takes the 纪要 line as the title", async () => {
    const result = await readRecordFile({ fileName: "纪要.txt", bytes: utf8(record) });
    expect(result).toEqual({ text: record, format: "txt", title: "区政府第十二次常务会议纪要" });
  });

  it("drops a UTF-8 byte order mark", async () => {
    const result = await readRecordFile({
      fileName: "纪要.TXT",
      bytes: concat([0xef, 0xbb, 0xbf], utf8(record)),
    });
    expect(result.text).toBe(record);
  });

  it("reads UTF-16 with a byte order mark, little- and big-endian", async () => {
    const units = [...record].map((char) => char.charCodeAt(0));
    const le = concat(
      [0xff, 0xfe],
      units.flatMap((unit) => [unit & 0xff, unit >> 8]),
    );
    const be = concat(
      [0xfe, 0xff],
      units.flatMap((unit) => [unit >> 8, unit & 0xff]),
    );
    expect((await readRecordFile({ fileName: "a.txt", bytes: le })).text).toBe(record);
    expect((await readRecordFile({ fileName: "b.txt", bytes: be })).text).toBe(record);
  });

  it("reads GB18030/GBK text saved on Chinese Windows", async () => {
    const table = gb18030Table();
    // Anchor the table to codes known from GB2312 so it cannot agree with a wrong decoder by construction.
    expect([...encodeGb18030("中文会议", table)]).toEqual([0xd6, 0xd0, 0xce, 0xc4, 0xbb, 0xe1, 0xd2, 0xe9]);
    const bytes = encodeGb18030(record, table);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();

    const result = await readRecordFile({ fileName: "纪要.txt", bytes });
    expect(result.text).toBe(record);
    expect(result.title).toBe("区政府第十二次常务会议纪要");
  });

  it("normalises line endings and blank lines but keeps every character", async () => {
    const messy =
      "\r\n\r\n区政府常务会议纪要  \r\n\r\n\r\n\r\n　　会议要求：“区水务局”牵头，（6月30日前）完成；  \r\n第二行\t \r\n\r\n";
    const result = await readRecordFile({ fileName: "a.txt", bytes: utf8(messy) });
    expect(result.text).toBe(
      "区政府常务会议纪要\n\n　　会议要求：“区水务局”牵头，（6月30日前）完成；\n第二行",
    );
  });

  it("gives no title when no opening line names the meeting", async () => {
    const text = "关于防汛工作，会议要求，区水务局在主汛期前完成水库除险加固。\n其他事项。";
    expect((await readRecordFile({ fileName: "a.txt", bytes: utf8(text) })).title).toBeNull();
  });

  it("accepts a file of exactly the size limit when its text is within the text limit", async () => {
    // Blank lines cost bytes but no text: the upload limit, not the text limit, is what this file meets.
    const bytes = new Uint8Array(maxRecordBytes).fill(0x0a);
    bytes.set(utf8(record));
    expect((await readRecordFile({ fileName: "a.txt", bytes })).text).toBe(record);
  });

  it("uses the MIME type only when the name has no extension", async () => {
    const result = await readRecordFile({
      fileName: "纪要",
      mimeType: "text/plain; charset=utf-8",
      bytes: utf8(record),
    });
    expect(result.format).toBe("txt");
  });
});

describe("readRecordFile: .docx", () => {
  it("keeps paragraphs, line breaks, tabs and table rows, one per line", async () => {
    const result = await readRecordFile({ fileName: "纪要.docx", bytes: recordDocx() });
    expect(result).toEqual({
      format: "docx",
      title: "区政府第十二次常务会议纪要",
      text: [
        "区政府第十二次常务会议纪要",
        "2024年5月10日，区长主持召开区政府第十二次常务会议。",
        "一、关于防汛工作",
        "会议要求，区水务局在主汛期前完成水库除险加固。",
        "责任单位\t完成时限",
        "区水务局\t6月30日前 每周报送进展",
        "二、关于“12345”热线办理\t区政务服务局  负责",
      ].join("\n"),
    });
  });

  it("reads a .doc that is really a .docx, as office systems often export", async () => {
    const result = await readRecordFile({ fileName: "纪要.doc", bytes: recordDocx() });
    expect(result.format).toBe("docx");
    expect(result.text).toContain("区水务局在主汛期前完成水库除险加固");
  });

  it("refuses a document with no text", async () => {
    const error = await recordRefusal({ fileName: "扫描件.docx", bytes: docx("<w:p/>") });
    expect(error.message).toContain("没有可读取的文字");
  });

  const read = async (bytes: Uint8Array) => (await readRecordFile({ fileName: "纪要.docx", bytes })).text;

  it("numbers footnotes and endnotes where they are referenced and lists them after the text", async () => {
    const body =
      paragraph(
        t("会议要求区水务局抓好落实"),
        '<w:footnoteReference w:id="2"/>',
        t("，区财政局配合"),
        '<w:endnoteReference w:id="1"/>',
        t("。"),
      ) + paragraph(t("二、其他事项"));
    const footnotes =
      '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>' +
      `<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r>${t(" 详见区政府办公室通知。")}</w:r></w:p><w:p><w:r>${t("另行印发。")}</w:r></w:p></w:footnote>`;
    const endnotes = `<w:endnote w:id="1"><w:p><w:r>${t("资金从年度预算列支。")}</w:r></w:p></w:endnote>`;
    const bytes = wordFile(body, {
      "word/footnotes.xml": `<w:footnotes ${namespaces}>${footnotes}</w:footnotes>`,
      "word/endnotes.xml": `<w:endnotes ${namespaces}>${endnotes}</w:endnotes>`,
    });
    expect(await read(bytes)).toBe(
      [
        "会议要求区水务局抓好落实[1]，区财政局配合[2]。",
        "二、其他事项",
        "详见区政府办公室通知。",
        "另行印发。",
        "资金从年度预算列支。",
      ].join("\n"),
    );
  });

  it("reads a record with changes tracked as Word shows it: deletions gone, insertions kept", async () => {
    const body =
      "<w:p><w:r><w:t>区水务局在</w:t></w:r>" +
      '<w:del w:id="1" w:author="办公室"><w:r><w:delText>5月底前</w:delText></w:r></w:del>' +
      '<w:ins w:id="2" w:author="办公室"><w:r><w:t>6月底前</w:t></w:r></w:ins>' +
      "<w:r><w:t>完成。</w:t></w:r></w:p>" +
      // A deleted paragraph mark: what it ended runs on into the next paragraph.
      '<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="办公室"/></w:rPr></w:pPr><w:r><w:t>区财政局</w:t></w:r></w:p>' +
      paragraph(t("做好资金保障。")) +
      '<w:p><w:moveFrom w:id="4" w:author="办公室"><w:r><w:t>移走的原文</w:t></w:r></w:moveFrom></w:p>';
    expect(await read(docx(body))).toBe("区水务局在6月底前完成。\n区财政局做好资金保障。");
  });

  it("shows a vertically merged cell once, skips a deleted row and joins a nested table into its cell", async () => {
    const merged = (value: string | null, text: string) =>
      `<w:tc><w:tcPr><w:vMerge${value ? ` w:val="${value}"` : ""}/></w:tcPr><w:p>${text ? `<w:r>${t(text)}</w:r>` : ""}</w:p></w:tc>`;
    const body =
      "<w:tbl>" +
      `<w:tr>${cell("责任单位")}${cell("任务")}</w:tr>` +
      `<w:tr>${merged("restart", "区水务局")}${cell("水库除险加固")}</w:tr>` +
      `<w:tr>${merged(null, "")}${cell("河道清淤")}</w:tr>` +
      `<w:tr><w:trPr><w:del w:id="1" w:author="办公室"/></w:trPr>${cell("区农业农村局")}${cell("已删除")}</w:tr>` +
      `<w:tr>${cell("区教体局")}<w:tc><w:tbl><w:tr>${cell("校舍排查")}${cell("6月底前")}</w:tr></w:tbl><w:p/></w:tc></w:tr>` +
      "</w:tbl>" +
      paragraph(t("表后正文"));
    expect(await read(docx(body))).toBe(
      ["责任单位\t任务", "区水务局\t水库除险加固", "河道清淤", "区教体局\t校舍排查 6月底前", "表后正文"].join(
        "\n",
      ),
    );
  });

  it("reads a text box once, after the paragraph it is anchored in, and no picture", async () => {
    const textBox =
      '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="文本框 1"/></wp:anchor></w:drawing></mc:Choice>' +
      `<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>${paragraph(t("签发人：王建国"))}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>`;
    const picture =
      '<w:r><w:drawing><wp:inline><wp:docPr id="2" name="图片 2" descr="会场照片"/></wp:inline></w:drawing></w:r>';
    const body = `<w:p><w:r>${t("会议要求区水务局")}</w:r>${textBox}${picture}<w:r>${t("抓好落实。")}</w:r></w:p>`;
    expect(await read(wordFile(body))).toBe("会议要求区水务局抓好落实。\n签发人：王建国");
  });

  it("ends a line at a line break, not at a page or column break, and keeps Word's special characters", async () => {
    const body = paragraph(
      t("第一行"),
      '<w:br w:type="page"/>',
      t("仍是第一行"),
      "<w:br/>",
      t("第二行"),
      "<w:tab/>",
      t("A"),
      "<w:noBreakHyphen/>",
      t("1"),
      '<w:sym w:font="Wingdings" w:char="F0FC"/>',
      '<w:sym w:font="宋体" w:char="2605"/>',
    );
    expect(await read(docx(body))).toBe("第一行仍是第一行\n第二行\tA\u20111★");
  });

  it("reads field results, hyperlinks and content controls, not field codes or their properties", async () => {
    const body =
      paragraph(
        t("详见"),
        '<w:fldChar w:fldCharType="begin"/>',
        '<w:instrText xml:space="preserve"> HYPERLINK "https://www.example.gov.cn/" </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        t("区政府网站"),
        '<w:fldChar w:fldCharType="end"/>',
        t("。"),
      ) +
      `<w:p><w:hyperlink w:anchor="a1"><w:r>${t("附件一")}</w:r></w:hyperlink>` +
      `<w:sdt><w:sdtPr><w:alias w:val="不应出现"/><w:placeholder><w:docPart w:val="x"/></w:placeholder></w:sdtPr><w:sdtContent><w:r>${t("、附件二")}</w:r></w:sdtContent></w:sdt>` +
      `<w:fldSimple w:instr=" PAGE "><w:r>${t("（第1页）")}</w:r></w:fldSimple></w:p>`;
    expect(await read(docx(body))).toBe("详见区政府网站。\n附件一、附件二（第1页）");
  });

  it("reads a document that binds the Word namespace to another prefix", async () => {
    const main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?><document xmlns="${main}" xmlns:ns1="${main}"><body>` +
      '<p><r><t>区政府常务会议纪要</t></r></p><ns1:p><ns1:r><ns1:t>会议要求抓好落实。</ns1:t><ns1:br ns1:type="page"/></ns1:r></ns1:p>' +
      "</body></document>";
    const bytes = zipSync({ "[Content_Types].xml": strToU8("<Types/>"), "word/document.xml": strToU8(xml) });
    expect(await read(bytes)).toBe("区政府常务会议纪要\n会议要求抓好落实。");
  });

  it("refuses a document part whose tags do not match", async () => {
    const xml = `<w:document ${namespaces}><w:body><w:p><w:r><w:t>区水务局</w:p></w:body></w:document>`;
    const bytes = zipSync({ "word/document.xml": strToU8(xml) });
    expect((await recordRefusal({ fileName: "纪要.docx", bytes })).message).toContain("无法打开");
  });
});

const namespaces = [
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"',
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"',
  'xmlns:v="urn:schemas-microsoft-com:vml"',
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"',
].join(" ");

/** A .docx with every namespace the body uses declared, and extra parts (footnotes) beside it. */
function wordFile(body: string, parts: Record<string, string> = {}): Uint8Array {
  const xml = (text: string) => strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${text}`);
  return zipSync({
    "[Content_Types].xml": xml("<Types/>"),
    "word/document.xml": xml(`<w:document ${namespaces}><w:body>${body}</w:body></w:document>`),
    ...Object.fromEntries(Object.entries(parts).map(([name, text]) => [name, xml(text)])),
  });
}

describe("readRecordFile: .html", () => {
  const page = [
    "<!DOCTYPE html>",
    "<html><head>",
    '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    "<title>区政府第十二次常务会议纪要_某某区人民政府</title>",
    "<style>p { color: red }</style>",
    "<script>var 统计 = '不应出现';</script>",
    "</head><body>",
    "<header>某某区人民政府门户网站</header>",
    "<nav><ul><li>首页</li><li>政务公开</li></ul></nav>",
    '<div class="content">',
    "<h1>区政府第十二次常务会议纪要</h1>",
    "<p>&nbsp;&nbsp;2024年5月10日，区长主持召开区政府第十二次常务会议。</p>",
    "<p>会议要求，区水务局在主汛期前完成水库",
    "除险加固&#xFF1B;区应急局牵头开展&ldquo;防汛演练&rdquo;。<br>",
    "二、其他事项</p>",
    "<table><tr><td>责任单位</td><td>完成时限</td></tr><tr><td>区水务局</td><td>6月30日前</td></tr></table>",
    "<ul><li>A &amp; B 项目</li><li>第二项</li></ul>",
    "</div>",
    "<footer>版权所有：某某区人民政府</footer>",
    "</body></html>",
  ].join("\n");

  it("decodes the declared charset, drops noise, breaks blocks into lines and decodes entities", async () => {
    const bytes = encodeGb18030(page, gb18030Table());
    const result = await readRecordFile({ fileName: "纪要.html", bytes });
    expect(result).toEqual({
      format: "html",
      title: "区政府第十二次常务会议纪要",
      text: [
        "区政府第十二次常务会议纪要",
        "\u00a0\u00a02024年5月10日，区长主持召开区政府第十二次常务会议。",
        // The source line break between 水库 and 除险 is not a space, as in a browser showing Chinese.
        "会议要求，区水务局在主汛期前完成水库除险加固；区应急局牵头开展“防汛演练”。",
        "二、其他事项",
        "责任单位\t完成时限",
        "区水务局\t6月30日前",
        "A & B 项目",
        "第二项",
      ].join("\n"),
    });
  });

  it("trusts valid UTF-8 over a stale gb2312 declaration, and reads .htm", async () => {
    const result = await readRecordFile({ fileName: "纪要.htm", bytes: utf8(page) });
    expect(result.text).toContain("区水务局在主汛期前完成水库除险加固");
  });

  it("honours a declared charset that is neither UTF-8 nor GB18030", async () => {
    const big5 = [0xb7, 0x7c, 0xc4, 0xb3, 0xac, 0xf6, 0xad, 0x6e];
    expect(new TextDecoder("big5").decode(Uint8Array.from(big5))).toBe("會議紀要");
    const bytes = concat(
      utf8('<html><head><meta charset="big5"></head><body><p>'),
      big5,
      utf8("</p></body></html>"),
    );
    expect((await readRecordFile({ fileName: "a.html", bytes })).text).toBe("會議紀要");
  });

  it("keeps a title with no site suffix as it is", async () => {
    const html = "<html><head><title>常务会议纪要 | 第12期</title></head><body><p>正文</p></body></html>";
    expect((await readRecordFile({ fileName: "a.html", bytes: utf8(html) })).title).toBe(
      "常务会议纪要 | 第12期",
    );
  });

  it("reads a web page saved with a .txt name as a page", async () => {
    const result = await readRecordFile({ fileName: "纪要.txt", bytes: utf8(page) });
    expect(result.format).toBe("html");
    expect(result.text).not.toContain("<p>");
  });

  it("refuses a page with no text outside scripts and navigation", async () => {
    const html = "<html><body><nav>首页</nav><script>alert(1)</script></body></html>";
    const error = await recordRefusal({ fileName: "a.html", bytes: utf8(html) });
    expect(error.message).toContain("没有可读取的正文文字");
  });
});

describe("readRecordFile: refusals", () => {
  const oleSignature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  /** [what, the file's name (and type), its bytes, what the refusal says]. */
  const refusals: [string, { fileName: string; mimeType?: string }, () => Uint8Array, string[]][] = [
    ["refuses an empty file", { fileName: "纪要.txt" }, () => new Uint8Array(), ["空的"]],
    [
      "refuses a file over the limit and says the limit",
      { fileName: "纪要.txt" },
      () => new Uint8Array(maxRecordBytes + 1).fill(0x61),
      ["文件超过 5 MB 上限"],
    ],
    [
      "refuses a PDF renamed to .txt",
      { fileName: "纪要.txt" },
      () => utf8("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"),
      ["文件内容与扩展名不符", "PDF"],
    ],
    [
      "refuses a .docx that is a zip of something else",
      { fileName: "纪要.docx" },
      () => zipSync({ "readme.txt": utf8("区水务局") }),
      ["不是有效的 Word 文档"],
    ],
    [
      "refuses a .docx that is not a zip at all",
      { fileName: "纪要.docx" },
      () => utf8(record),
      ["不是有效的 Word 文档"],
    ],
    [
      "refuses a .docx whose document part is broken",
      { fileName: "纪要.docx" },
      () => zipSync({ "word/document.xml": utf8("<w:document><w:body>") }),
      ["无法打开"],
    ],
    [
      "refuses a legacy .doc and suggests saving as .docx",
      { fileName: "纪要.doc" },
      () => concat(oleSignature, noise(504)),
      ["旧版 Word", "另存为", ".docx"],
    ],
    [
      "refuses a legacy or encrypted Word file renamed to .docx",
      { fileName: "纪要.docx" },
      () => concat(oleSignature, noise(504)),
      ["密码"],
    ],
    [
      "refuses an image and names the accepted formats",
      { fileName: "纪要.png", mimeType: "image/png" },
      () => concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], noise(100)),
      ["图片", ".txt、.docx 和 .html"],
    ],
    [
      "refuses a PDF by its extension and names the accepted formats",
      { fileName: "纪要.pdf" },
      () => utf8("%PDF-1.7\n"),
      [".pdf", ".txt、.docx 和 .html"],
    ],
  ];

  it.each(refusals)("%s", async (_what, file, bytes, messages) => {
    const error = await recordRefusal({ ...file, bytes: bytes() });
    for (const message of messages) expect(error.message).toContain(message);
  });

  it("refuses an Excel workbook, by name or renamed to .docx", async () => {
    expect((await recordRefusal({ fileName: "台账.xlsx", bytes: xlsx() })).message).toContain("Excel");
    const renamed = await recordRefusal({ fileName: "台账.docx", bytes: xlsx() });
    expect(renamed.message).toContain("文件内容与扩展名不符");
    expect(renamed.message).toContain("Excel");
  });

  it("refuses random binary named .txt", async () => {
    const error = await recordRefusal({ fileName: "纪要.txt", bytes: noise(4000) });
    expect(error.message).toContain("乱码或二进制");
  });

  it("refuses a text file with nothing but whitespace", async () => {
    const error = await recordRefusal({ fileName: "纪要.txt", bytes: utf8(" \r\n\t\n　\n") });
    expect(error.message).toContain("没有可读取的文字");
  });

  it("refuses a name without an extension when nothing says what it is", async () => {
    const error = await recordRefusal({ fileName: "纪要", bytes: utf8(record) });
    expect(error.message).toContain("没有扩展名");
  });
});
