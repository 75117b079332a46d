// An uploaded record (.txt, .docx, saved .html) to plain text. Every step is linear in the size of the file and
// bounded by recordLimits, and long steps pause for the event loop, so no file, however it is built, holds up
// other requests or the server's memory.
import { Parser } from "htmlparser2";
import { htmlBlockTags } from "../../extract/normalise.ts";
import { InvalidInputError } from "../../shared/errors.ts";
import { EventLoopBudget } from "./event-loop-budget.ts";
import { docxParts, readDocxText } from "./read-docx.ts";
import { isWhitespace, nestingLimitError, recordLimits, uploadLimitError } from "./record-limits.ts";
import { RecordTextBuilder } from "./record-text-builder.ts";
import { readZipEntries, type ZipEntry } from "./zip-entries.ts";

export type RecordFile = { fileName: string; mimeType?: string; bytes: Uint8Array };
export type RecordText = { text: string; format: "txt" | "docx" | "html"; title: string | null };

export const maxRecordBytes = recordLimits.uploadBytes;

const acceptedFormats = "目前支持 .txt、.docx 和 .html（.htm）格式。";

/** What the bytes say the file is, whatever its name says. */
type ContentKind =
  | "text"
  | "html"
  | "docx"
  | "xlsx"
  | "pptx"
  | "ofd"
  | "zip"
  | "pdf"
  | "ole2"
  | "rtf"
  | "image"
  | "archive";

const contentLabels: Record<Exclude<ContentKind, "text" | "html">, string> = {
  docx: "Word（.docx）文档",
  xlsx: "Excel 表格",
  pptx: "PowerPoint 演示文稿",
  ofd: "OFD 版式文件",
  zip: "压缩包",
  pdf: "PDF 文件",
  ole2: "旧版 Office 文档（如 .doc、.xls）",
  rtf: "RTF 文档",
  image: "图片",
  archive: "压缩包",
};

const legacyWordMessage =
  "暂不支持旧版 Word 文档（.doc）。请在 Word 或 WPS 中打开，“另存为” .docx 格式后再上传。";

export async function readRecordFile(file: RecordFile): Promise<RecordText> {
  const { bytes } = file;
  if (bytes.length === 0) {
    throw invalid("上传的文件是空的（0 字节），请确认选择了正确的会议纪要文件。");
  }
  if (bytes.length > maxRecordBytes) throw uploadLimitError(bytes.length);

  const extension = extensionOf(file);
  const { kind, entries } = sniff(bytes);
  const budget = new EventLoopBudget();
  const readDocx = () => readWord(bytes, entries!, budget);
  const readHtml = () => readPage(bytes, budget);

  switch (extension) {
    case "txt":
      if (kind === "text") return readPlainText(bytes, budget);
      // A saved web page renamed to .txt still reads best as a page.
      if (kind === "html") return readHtml();
      throw mismatch(extension, kind);
    case "html":
    case "htm":
    case "xhtml":
      if (kind === "text" || kind === "html") return readHtml();
      throw mismatch(extension, kind);
    case "docx":
      if (kind === "docx") return readDocx();
      if (kind === "ole2") {
        // Word saves a password-protected .docx inside an OLE2 container too, so name both causes.
        throw invalid(
          "文件名是 .docx，但内容是旧版 Word（.doc）格式，或文档设置了打开密码。请在 Word 或 WPS 中打开，取消密码后“另存为” .docx 再上传。",
        );
      }
      if (kind === "text" || kind === "html" || kind === "zip") {
        throw invalid(`这个 .docx 文件不是有效的 Word 文档，可能已损坏或只是改了扩展名。${acceptedFormats}`);
      }
      throw mismatch(extension, kind);
    case "doc":
    case "wps":
      // Many office systems export "纪要.doc" that is really a .docx or a web page; read what is actually there.
      if (kind === "docx") return readDocx();
      if (kind === "html") return readHtml();
      throw invalid(legacyWordMessage);
    case "":
      throw invalid(`无法判断文件格式：文件名没有扩展名。${acceptedFormats}`);
    default:
      throw invalid(unsupportedMessage(extension));
  }
}

function invalid(message: string): InvalidInputError {
  return new InvalidInputError(message, "file");
}

function mismatch(extension: string, kind: ContentKind): InvalidInputError {
  const label = kind === "text" || kind === "html" ? "纯文本" : contentLabels[kind];
  const advice =
    kind === "docx"
      ? "请把扩展名改回 .docx 后再上传。"
      : kind === "ole2"
        ? "如果是旧版 Word 文档，请在 Word 或 WPS 中“另存为” .docx 后再上传。"
        : acceptedFormats;
  return invalid(`文件内容与扩展名不符：文件名是 .${extension}，内容却是${label}。${advice}`);
}

const mimeExtensions: Record<string, string> = {
  "text/plain": "txt",
  "text/html": "html",
  "application/xhtml+xml": "html",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/msword": "doc",
};

function extensionOf(file: RecordFile): string {
  const match = /\.([^./\\]+)$/.exec(file.fileName.trim());
  if (match) return match[1]!.toLowerCase();
  // Only a name without an extension falls back to the browser's guess, which comes from the name anyway.
  const mime = file.mimeType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return mimeExtensions[mime] ?? "";
}

function unsupportedMessage(extension: string): string {
  const what = `.${extension}`;
  if (["dot", "dotx", "docm", "dotm"].includes(extension)) {
    return `暂不支持 ${what} 文件。请在 Word 或 WPS 中“另存为” .docx 后再上传。`;
  }
  if (["pdf", "ofd"].includes(extension)) {
    return `暂不支持 ${what} 版式文件，无法可靠地读出其中的文字。如有 Word 原稿请上传 .docx。${acceptedFormats}`;
  }
  if (["xls", "xlsx", "xlsm", "et", "csv"].includes(extension)) {
    return `暂不支持 Excel 表格（${what}）。${acceptedFormats}`;
  }
  if (["ppt", "pptx", "dps"].includes(extension)) {
    return `暂不支持演示文稿（${what}）。${acceptedFormats}`;
  }
  if (["png", "jpg", "jpeg", "gif", "bmp", "webp", "tif", "tiff", "heic"].includes(extension)) {
    return `暂不支持图片文件（${what}），无法识别图片中的文字。请上传纪要的文字版本。${acceptedFormats}`;
  }
  if (["zip", "rar", "7z", "gz", "tar"].includes(extension)) {
    return `暂不支持压缩包（${what}），请解压后上传其中的纪要文件。${acceptedFormats}`;
  }
  if (extension === "rtf") {
    return `暂不支持 RTF 文档。请在 Word 或 WPS 中“另存为” .docx 后再上传。`;
  }
  return `暂不支持 ${what} 文件。${acceptedFormats}`;
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const signatures: { kind: ContentKind; bytes: number[]; offset?: number }[] = [
  { kind: "pdf", bytes: ascii("%PDF-") },
  { kind: "ole2", bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { kind: "rtf", bytes: ascii("{\\rtf") },
  { kind: "image", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: "image", bytes: [0xff, 0xd8, 0xff] },
  { kind: "image", bytes: ascii("GIF8") },
  { kind: "image", bytes: ascii("WEBP"), offset: 8 },
  { kind: "image", bytes: [0x49, 0x49, 0x2a, 0x00] },
  { kind: "image", bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { kind: "archive", bytes: [0x1f, 0x8b] },
  { kind: "archive", bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { kind: "archive", bytes: ascii("Rar!\x1a\x07") },
];

// Tags a page may open with. IE's "saved from url" comment and XML prologs come before them, so those are skipped.
const htmlStart =
  /^(?:\s|<\?xml[^>]*>|<!--[\s\S]*?-->)*<(?:!doctype\s+html|html|head|meta|title|body|link|script|style)[\s>/]/i;

function sniff(bytes: Uint8Array): { kind: ContentKind; entries?: Map<string, ZipEntry> } {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const entries = readZipEntries(bytes, [...Object.keys(zipKinds), ...docxParts]);
    return { kind: entries ? zipKind(entries) : "zip", entries: entries ?? undefined };
  }
  for (const signature of signatures) {
    if (startsWith(bytes, signature.bytes, signature.offset)) return { kind: signature.kind };
  }
  const head = new TextDecoder("latin1").decode(
    bytes.subarray(startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0, 2048),
  );
  return { kind: htmlStart.test(head) ? "html" : "text" };
}

// The part that tells what an Office-like zip is, read from the central directory without inflating anything.
const zipKinds: Record<string, ContentKind> = {
  "word/document.xml": "docx",
  "xl/workbook.xml": "xlsx",
  "ppt/presentation.xml": "pptx",
  "OFD.xml": "ofd",
};

function zipKind(entries: Map<string, ZipEntry>): ContentKind {
  for (const [name, kind] of Object.entries(zipKinds)) if (entries.has(name)) return kind;
  return "zip";
}

async function readPlainText(bytes: Uint8Array, budget: EventLoopBudget): Promise<RecordText> {
  const decoded = await decodeText(bytes, budget);
  const out = new RecordTextBuilder();
  for (let i = 0; i < decoded.length; i += sliceChars) {
    out.write(decoded.slice(i, i + sliceChars));
    await budget.pause();
  }
  const text = out.finish();
  if (text === "") throw invalid("文件中没有可读取的文字。");
  return { text, format: "txt", title: guessTitle(text) };
}

async function readWord(
  bytes: Uint8Array,
  entries: Map<string, ZipEntry>,
  budget: EventLoopBudget,
): Promise<RecordText> {
  let text: string;
  try {
    text = await readDocxText(bytes, entries, budget);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw invalid(
      "这个 .docx 文件无法打开，可能已损坏。请在 Word 或 WPS 中打开后重新“另存为” .docx 再上传。",
    );
  }
  if (text === "") {
    throw invalid("文件中没有可读取的文字。如果纪要是扫描件或图片，请上传文字版本。");
  }
  return { text, format: "docx", title: guessTitle(text) };
}

async function readPage(bytes: Uint8Array, budget: EventLoopBudget): Promise<RecordText> {
  const html = await decodeText(bytes, budget, declaredCharset(bytes));
  const { text, title } = await htmlToText(html, budget);
  if (text === "") throw invalid("网页中没有可读取的正文文字。");
  return { text, format: "html", title: title ?? guessTitle(text) };
}

function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 4096));
  // Covers both <meta charset="gb2312"> and <meta http-equiv="Content-Type" content="text/html; charset=gbk">.
  return /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
}

// Characters or bytes handled between two pauses: a slice takes a few milliseconds at most, even dense markup.
const sliceChars = 16 * 1024;
const sliceBytes = 256 * 1024;

/**
 * Decodes text whose encoding nobody told us. Files saved on Chinese Windows are usually GBK/GB18030 without a
 * BOM, so after BOMs and strict UTF-8 we fall back to GB18030 (a superset of GB2312 and GBK).
 */
async function decodeText(bytes: Uint8Array, budget: EventLoopBudget, declared?: string): Promise<string> {
  let text: string | undefined;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) text = await decode(bytes, "utf-8", false, budget);
  else if (startsWith(bytes, [0xff, 0xfe])) text = await decode(bytes, "utf-16le", false, budget);
  else if (startsWith(bytes, [0xfe, 0xff])) text = await decode(bytes, "utf-16be", false, budget);
  // Strict UTF-8 goes before a page's declared charset: GBK text almost never passes it by chance, and pages
  // re-saved as UTF-8 often keep their old <meta charset="gb2312">.
  text ??=
    (await decode(bytes, "utf-8", true, budget)) ??
    (declared ? await decode(bytes, declared, true, budget) : undefined);
  let census: Census;
  if (text === undefined) {
    // Neither decodes cleanly (a truncated or slightly damaged file): keep whichever loses fewer characters.
    const utf8 = (await decode(bytes, "utf-8", false, budget)) ?? "";
    const gb = (await decode(bytes, "gb18030", false, budget)) ?? "";
    const [utf8Census, gbCensus] = [await censusOf(utf8, budget), await censusOf(gb, budget)];
    const gbWins = gbCensus.replacements <= utf8Census.replacements;
    text = gbWins ? gb : utf8;
    census = gbWins ? gbCensus : utf8Census;
  } else {
    census = await censusOf(text, budget);
  }
  // GB18030 maps almost every byte pair to some character, so binary decoded as GB18030 looks like rare hanzi;
  // what gives it away is the control characters and replacement characters mixed in, which real text lacks.
  if (census.visible > 0 && census.suspicious / census.visible > 0.05) {
    throw invalid(
      "无法识别文件中的文字：内容看起来是乱码或二进制数据。如果是文本文件，请用记事本“另存为” UTF-8 编码后再上传。",
    );
  }
  return text;
}

/** The text, or undefined for an unknown label or (when `fatal`) bytes that are not in that encoding. */
async function decode(
  bytes: Uint8Array,
  label: string,
  fatal: boolean,
  budget: EventLoopBudget,
): Promise<string | undefined> {
  const parts: string[] = [];
  try {
    const decoder = new TextDecoder(label, { fatal });
    for (let i = 0; i < bytes.length; i += sliceBytes) {
      parts.push(decoder.decode(bytes.subarray(i, i + sliceBytes), { stream: true }));
      await budget.pause();
    }
    parts.push(decoder.decode());
  } catch {
    // An unknown label (RangeError) and undecodable bytes (TypeError) both mean: try the next guess.
    return undefined;
  }
  return parts.join("");
}

type Census = { replacements: number; suspicious: number; visible: number };

async function censusOf(text: string, budget: EventLoopBudget): Promise<Census> {
  const census: Census = { replacements: 0, suspicious: 0, visible: 0 };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd) census.replacements++;
    if (code <= 0x08 || (code >= 0x0e && code <= 0x1f) || (code >= 0x7f && code <= 0x9f) || code === 0xfffd) {
      census.suspicious++;
    }
    if (!isWhitespace(code)) census.visible++;
    // Often, because the first slices run before the loop is compiled.
    if ((i & 0x1fff) === 0x1fff) await budget.pause();
  }
  return census;
}

const skippedTags = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "title",
  "iframe",
  "object",
  "svg",
  "math",
  "select",
  "button",
  "textarea",
  "nav",
  "aside",
]);

// Ideographs, CJK and full-width punctuation, and the curly quotes Chinese text uses.
const wideCharacter = /[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF\u2018-\u201D\u2026\u2014]/u;

type HtmlText = { text: string; title: string | null };

// A <title> longer than this is not a title; the form takes 200 characters.
const maxTitleChars = 1000;

/**
 * Walks the markup once: block elements end lines, table cells are separated by tabs (a row per line), and
 * navigation, headers, footers, scripts and styles are dropped.
 */
async function htmlToText(html: string, budget: EventLoopBudget): Promise<HtmlText> {
  const out = new RecordTextBuilder();
  let title = "";
  // Whitespace seen but not yet written; "segment" means it contained a line break of the source.
  let pendingSpace: "" | "space" | "segment" = "";
  const open: { name: string; skipped: boolean }[] = [];
  const rowCells: number[] = [];
  let skipDepth = 0;
  let preDepth = 0;
  let cellDepth = 0;
  let articleDepth = 0;

  const endsWithBlank = () => {
    const last = out.lastChar;
    return last === " " || last === "\t" || last === "\n";
  };
  const endLine = (always: boolean) => {
    if (cellDepth > 0) {
      // Paragraphs inside one cell stay on the row's line, or the columns would fall apart.
      if (pendingSpace === "") pendingSpace = "space";
      return;
    }
    out.trimLineEnd();
    if (always || (!out.isEmpty && out.lastChar !== "\n")) out.breakLine();
    pendingSpace = "";
  };
  const writeText = (raw: string) => {
    if (preDepth > 0) {
      if (pendingSpace !== "" && raw !== "" && !out.isEmpty && !endsWithBlank()) out.write(" ");
      out.write(raw);
      pendingSpace = "";
      return;
    }
    for (const part of raw.split(/([ \t\n\r\f]+)/)) {
      if (part === "") continue;
      if (/^[ \t\n\r\f]/.test(part)) {
        pendingSpace = pendingSpace === "segment" || /[\n\r]/.test(part) ? "segment" : "space";
        continue;
      }
      if (pendingSpace !== "" && !out.isEmpty && !endsWithBlank()) {
        // As browsers do for CJK (CSS Text 3): a source line break between two hanzi is not a space. Word's
        // "save as web page" wraps long Chinese paragraphs in the middle of words.
        const joinsHanzi =
          pendingSpace === "segment" && wideCharacter.test(out.lastChar) && wideCharacter.test(part[0]!);
        if (!joinsHanzi) out.write(" ");
      }
      pendingSpace = "";
      out.write(part);
    }
  };

  const parser = new Parser(
    {
      onopentag(name) {
        // htmlparser2 keeps its own stack of open elements and scans it on every tag.
        if (open.length >= recordLimits.nestingDepth) throw nestingLimitError();
        const noise =
          skippedTags.has(name) || ((name === "header" || name === "footer") && articleDepth === 0);
        open.push({ name, skipped: noise });
        if (noise) {
          skipDepth++;
          return;
        }
        if (name === "article" || name === "main") articleDepth++;
        if (skipDepth > 0) return;
        if (name === "br") {
          endLine(true);
        } else if (name === "tr") {
          endLine(false);
          rowCells.push(0);
        } else if (name === "td" || name === "th") {
          const index = rowCells.length > 0 ? rowCells[rowCells.length - 1]! : 0;
          if (index > 0 && cellDepth === 0) {
            out.trimLineEnd();
            out.write("\t");
            pendingSpace = "";
          }
          if (rowCells.length > 0) rowCells[rowCells.length - 1] = index + 1;
          cellDepth++;
        } else if (htmlBlockTags.has(name)) {
          endLine(false);
          if (name === "pre") preDepth++;
        }
      },
      onclosetag(name) {
        const element = open.pop();
        if (element?.skipped) {
          skipDepth--;
          return;
        }
        if (name === "article" || name === "main") articleDepth--;
        if (skipDepth > 0) return;
        if (name === "tr") {
          rowCells.pop();
          endLine(false);
        } else if (name === "td" || name === "th") {
          cellDepth--;
        } else if (htmlBlockTags.has(name)) {
          if (name === "pre") preDepth--;
          endLine(false);
        }
      },
      ontext(text) {
        // Only the page's own <title>: one inside an <svg> sits under a second skipped element.
        if (skipDepth === 1 && open.at(-1)?.name === "title" && title.length < maxTitleChars) title += text;
        if (skipDepth === 0) writeText(text);
      },
    },
    { decodeEntities: true },
  );
  for (let i = 0; i < html.length; i += sliceChars) {
    parser.write(html.slice(i, i + sliceChars));
    await budget.pause();
  }
  parser.end();

  return { text: out.finish(), title: cleanTitle(title.slice(0, maxTitleChars)) };
}

// A government site appends its own name: "区政府第12次常务会议纪要_某某区人民政府门户网站".
const siteSuffix = /^(.+?)\s*(?:[_|｜]|\s[-–—]+\s)\s*[^_|｜]{2,30}(?:人民政府|政府|政府网|门户网站|网站)$/u;

function cleanTitle(raw: string): string | null {
  const title = raw.replace(/\s+/g, " ").trim();
  if (title === "") return null;
  return siteSuffix.exec(title)?.[1] ?? title;
}

/** A record's first lines usually name it ("区政府第12次常务会议纪要"); anything longer or ending a sentence is body. */
function guessTitle(text: string): string | null {
  let seen = 0;
  for (let from = 0; from < text.length && seen < 3; ) {
    const to = text.indexOf("\n", from);
    const line = text.slice(from, to < 0 ? text.length : to).trim();
    from = to < 0 ? text.length : to + 1;
    if (line === "") continue;
    seen++;
    if (/纪要|会议/.test(line) && line.length <= 60 && !/[。；;，,：:]$/.test(line)) return line;
  }
  return null;
}
