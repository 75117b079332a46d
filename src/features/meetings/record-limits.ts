// How much of a record we are willing to read, pasted or uploaded. Each limit is well above a real record and well
// below what would stall the server: the import page, the extractor and the review page each work on the whole
// text in one request. A record over a limit is refused with the limit named, never cut short.
import { InvalidInputError } from "../../shared/errors.ts";

export const recordLimits = {
  /** An upload; a record with pictures in it stays well under this. */
  uploadBytes: 5 * 1024 * 1024,
  /**
   * Characters of text, line breaks included. Real records run 3,000–30,000. The extractor, which runs on the
   * main thread at both steps of an import, takes about 2.5 ms per 1,000 characters: a quarter of a second here.
   */
  textChars: 100_000,
  /** Non-blank lines of text, and w:p elements of a .docx (empty ones too: they cost parsing all the same). */
  paragraphs: 20_000,
  /** XML inflated out of a .docx, counted as it inflates: a few megabytes is a long record with heavy formatting. */
  inflatedBytes: 20 * 1024 * 1024,
  /** Elements open inside one another; pages and Word nest a few dozen deep, and the parser slows with depth. */
  nestingDepth: 1_000,
} as const;

export type RecordField = "text" | "file";

const number = (n: number) => n.toLocaleString("en-US");
const megabytes = (bytes: number) => `${bytes / 1024 / 1024} MB`;

const whose = (field: RecordField) => (field === "text" ? "粘贴的纪要正文" : "文件中的纪要正文");
const advice = (field: RecordField) =>
  field === "text"
    ? "请只粘贴会议纪要正文，或分成几次导入。"
    : "请确认上传的是会议纪要，或将纪要拆分后分次上传。";

// A .docx is read only up to the first limit it passes, so its refusal cannot always say how far over it is.
const current = (count: number | null, unit: string) =>
  count === null ? "" : `（当前约 ${number(count)} ${unit}）`;

export function textLimitError(chars: number | null, field: RecordField): InvalidInputError {
  return new InvalidInputError(
    `${whose(field)}超过 ${number(recordLimits.textChars)} 字的上限${current(chars, "字")}。${advice(field)}`,
    field,
  );
}

export function paragraphLimitError(paragraphs: number | null, field: RecordField): InvalidInputError {
  return new InvalidInputError(
    `${whose(field)}超过 ${number(recordLimits.paragraphs)} 段的上限${current(paragraphs, "段")}。${advice(field)}`,
    field,
  );
}

/** Counted in w:p elements, blank ones included, so the message speaks of the document rather than its text. */
export function documentParagraphLimitError(): InvalidInputError {
  return new InvalidInputError(
    `文档中的段落超过 ${number(recordLimits.paragraphs)} 段的上限（空白段落也计算在内），无法读取。请确认上传的是会议纪要，或删除多余的空白段落后再上传。`,
    "file",
  );
}

export function inflatedLimitError(): InvalidInputError {
  return new InvalidInputError(
    `文件解压后的内容超过 ${megabytes(recordLimits.inflatedBytes)} 的上限，无法读取。会议纪要通常只有几百 KB，这个文件可能已损坏或不是纪要。请在 Word 或 WPS 中打开后重新“另存为” .docx 再上传。`,
    "file",
  );
}

export function nestingLimitError(): InvalidInputError {
  return new InvalidInputError(
    `文件中的标签嵌套超过 ${number(recordLimits.nestingDepth)} 层的上限，无法读取，文件可能已损坏。请重新保存后再上传。`,
    "file",
  );
}

export function uploadLimitError(bytes: number): InvalidInputError {
  const size = (bytes / 1024 / 1024).toFixed(1);
  return new InvalidInputError(
    `文件超过 ${megabytes(recordLimits.uploadBytes)} 上限（当前约 ${size} MB）。请只上传纪要正文，或删除文档中的图片后再试。`,
    "file",
  );
}

/**
 * Characters as the limit counts them: a browser posts a textarea's line breaks as "\r\n", so "\r" is not
 * counted, or a record accepted at step 1 could be refused when the confirmed form posts it back.
 */
export function measureRecordText(text: string): { chars: number; paragraphs: number } {
  let carriageReturns = 0;
  let paragraphs = 0;
  let lineHasText = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || code === 0x0d) {
      if (code === 0x0d) carriageReturns++;
      lineHasText = false;
    } else if (!lineHasText && !isWhitespace(code)) {
      lineHasText = true;
      paragraphs++;
    }
  }
  return { chars: text.length - carriageReturns, paragraphs };
}

/** The message for a text over a limit, or null; the form schema and the services share it. */
export function recordTextProblem(text: string, field: RecordField): InvalidInputError | null {
  const { chars, paragraphs } = measureRecordText(text);
  if (chars > recordLimits.textChars) return textLimitError(chars, field);
  if (paragraphs > recordLimits.paragraphs) return paragraphLimitError(paragraphs, field);
  return null;
}

export function assertRecordText(text: string, field: RecordField): void {
  const problem = recordTextProblem(text, field);
  if (problem) throw problem;
}

/** JavaScript's \s: what String.prototype.trim and the record's normalisation treat as blank. */
export function isWhitespace(code: number): boolean {
  if (code > 0x20 && code < 0x7f) return false;
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
