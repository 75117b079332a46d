// Hostile and oversized records: each is refused by a stated limit, in Chinese, quickly, without holding up the
// event loop or the process's memory. Every case measures the stall and the memory, not only the answer.
import { unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readRecordFile } from "../../../src/features/meetings/read-record-file.ts";
import { assertRecordText, recordLimits } from "../../../src/features/meetings/record-limits.ts";
import { meetingSchema } from "../../../src/features/meetings/schemas.ts";
import { InvalidInputError } from "../../../src/shared/errors.ts";
import { docx, paragraph, t } from "../../helpers/docx.ts";
import { measureLoad, refusalOf } from "../../helpers/load-probe.ts";
import { repeatedDocx } from "../../helpers/raw-zip.ts";
import { recordRefusal } from "../../helpers/record-refusal.ts";

// Generous for a loaded test machine; without the limits these files stall the loop for seconds or minutes.
const maxStallMs = 150;
const maxRssGrowthMb = 200;
// A shared machine can take the CPU away from the test for longer than that; a slow reader is slow every time.
const timing = { retry: 2, timeout: 20_000 };

const sentence = "会议要求，区水务局要在主汛期前完成水库除险加固，区财政局做好资金保障。";
const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * Reads `bytes` as `fileName`, expecting it refused with `message`, within the stall and memory bounds (and
 * within `withinMs` in all, where given).
 */
async function refusedInBounds(
  fileName: string,
  bytes: Uint8Array,
  message: string | RegExp,
  withinMs?: number,
) {
  const load = await measureLoad(() => readRecordFile({ fileName, bytes }));
  expect(refusalOf(load.outcome)).toMatch(message);
  expect(load.maxStallMs).toBeLessThan(maxStallMs);
  expect(load.rssGrowthMb).toBeLessThan(maxRssGrowthMb);
  if (withinMs !== undefined) expect(load.ms).toBeLessThan(withinMs);
  return load;
}

describe("record limits: hostile .docx files", () => {
  it(
    "refuses a 20 KB .docx of 150,000 tiny paragraphs by its paragraph count, without stalling",
    timing,
    async () => {
      const bytes = repeatedDocx({ text: `<w:p><w:r><w:t>会</w:t></w:r></w:p>`.repeat(1000), times: 150 });
      expect(bytes.length).toBeLessThan(32 * 1024);

      await refusedInBounds("纪要.docx", bytes, "文档中的段落超过 20,000 段的上限", 2000);
    },
  );

  it(
    "refuses a .docx with 45 MB of XML, counting the bytes as they inflate, in bounded memory",
    timing,
    async () => {
      // A short record padded with bookmarks: few paragraphs and little text, so only the inflated size can stop it.
      const bookmarks = '<w:bookmarkStart w:id="0" w:name="_Toc1"/><w:bookmarkEnd w:id="0"/>'.repeat(15_000);
      const bytes = repeatedDocx({
        text: `<w:p><w:r><w:t>${sentence}</w:t></w:r>${bookmarks}</w:p>`,
        times: 45,
      });
      expect(bytes.length).toBeLessThan(500 * 1024);

      await refusedInBounds("纪要.docx", bytes, "文件解压后的内容超过 20 MB 的上限");
    },
  );

  it("refuses a zip that declares 2 KB and inflates to 1 GB, while inflating", timing, async () => {
    // Blank between elements: no text, no paragraphs, nothing for any other limit to catch.
    const bytes = repeatedDocx({ text: " ".repeat(1024 * 1024), times: 1024 }, 2048);
    expect(bytes.length).toBeLessThan(3 * 1024 * 1024);

    await refusedInBounds("纪要.docx", bytes, "文件解压后的内容超过 20 MB 的上限", 3000);
  });

  it(
    "refuses a .docx over the text limit, and still reads one of exactly the upload limit",
    timing,
    async () => {
      const long = repeatedDocx({ text: paragraph(t(sentence)).repeat(100), times: 40 });
      const refused = await measureLoad(() => readRecordFile({ fileName: "纪要.docx", bytes: long }));
      expect(refusalOf(refused.outcome)).toContain("文件中的纪要正文超过 100,000 字的上限");
      expect(refused.maxStallMs).toBeLessThan(maxStallMs);

      // Pictures are not inflated at all: a 5 MB record that is mostly a photo reads as fast as its text.
      const photo = pictureDocx(recordLimits.uploadBytes);
      expect(photo.length).toBe(recordLimits.uploadBytes);
      const read = await measureLoad(() => readRecordFile({ fileName: "纪要.docx", bytes: photo }));
      expect(read.outcome.status).toBe("fulfilled");
      expect(read.maxStallMs).toBeLessThan(maxStallMs);
    },
  );
});

describe("record limits: text and saved web pages", () => {
  it("refuses a 5 MB saved web page by its text, saying how long it is", timing, async () => {
    const block = `<p>${sentence}</p>\n<table><tr><td>区水务局</td><td>6月底前</td></tr></table>\n`;
    const times = Math.floor((4.5 * 1024 * 1024) / utf8(block).length);
    const bytes = utf8(`<html><head><title>区政府常务会议纪要</title></head><body>${block.repeat(times)}`);
    expect(bytes.length).toBeGreaterThan(4 * 1024 * 1024);

    await refusedInBounds("纪要.html", bytes, /文件中的纪要正文超过 100,000 字的上限（当前约 [\d,]+ 字）/);
  });

  it("refuses a page nested deeper than the parser can bear", timing, async () => {
    const bytes = utf8(`<html><body>${"<div>".repeat(500_000)}会议纪要</body></html>`);
    const load = await measureLoad(() => readRecordFile({ fileName: "纪要.html", bytes }));
    expect(refusalOf(load.outcome)).toContain("嵌套超过 1,000 层的上限");
    expect(load.maxStallMs).toBeLessThan(maxStallMs);
  });

  it("reads a .txt at the text limit and refuses one a character over, not cutting it", timing, async () => {
    const atLimit = "会".repeat(recordLimits.textChars);
    expect((await readRecordFile({ fileName: "纪要.txt", bytes: utf8(atLimit) })).text).toBe(atLimit);

    const load = await measureLoad(() =>
      readRecordFile({ fileName: "纪要.txt", bytes: utf8(`${atLimit}议`) }),
    );
    expect(refusalOf(load.outcome)).toBe(
      "文件中的纪要正文超过 100,000 字的上限（当前约 100,001 字）。请确认上传的是会议纪要，或将纪要拆分后分次上传。",
    );
  });

  it("refuses a .txt of too many lines, and a 5 MB one by its text, without stalling", timing, async () => {
    const lines = utf8("会议\n".repeat(recordLimits.paragraphs + 1));
    const many = await recordRefusal({ fileName: "纪要.txt", bytes: lines });
    expect(many.message).toContain("超过 20,000 段的上限（当前约 20,001 段）");

    const big = utf8(`${sentence}\n`.repeat(Math.floor((5 * 1024 * 1024) / utf8(`${sentence}\n`).length)));
    const load = await measureLoad(() => readRecordFile({ fileName: "纪要.txt", bytes: big }));
    expect(refusalOf(load.outcome)).toContain("超过 100,000 字的上限");
    expect(load.maxStallMs).toBeLessThan(maxStallMs);
  });

  it("gets through a line of 300,000 spaces in linear time", timing, async () => {
    // The old normalisation ran a /[^\S\n]+$/m regex, which backtracks over the whole run at every space.
    const bytes = utf8(`区政府常务会议纪要${" ".repeat(300_000)}会议要求抓好落实。\n`);
    const load = await measureLoad(() => readRecordFile({ fileName: "纪要.txt", bytes }));
    expect(load.outcome.status).toBe("rejected");
    expect(refusalOf(load.outcome)).toContain("超过 100,000 字的上限");
    expect(load.maxStallMs).toBeLessThan(maxStallMs);

    const trailing = utf8(`区政府常务会议纪要${" ".repeat(300_000)}\n会议要求抓好落实。`);
    const read = await measureLoad(() => readRecordFile({ fileName: "纪要.txt", bytes: trailing }));
    expect(read.outcome).toEqual({
      status: "fulfilled",
      value: { text: "区政府常务会议纪要\n会议要求抓好落实。", format: "txt", title: "区政府常务会议纪要" },
    });
    expect(read.maxStallMs).toBeLessThan(maxStallMs);
  });
});

describe("record limits: pasted text", () => {
  const form = (text: string) => ({ title: "区政府常务会议", kind: "常务会议", text });

  it("refuses pasted text over the limit with a message, instead of cutting it", () => {
    const long = `${sentence}\n`.repeat(Math.ceil(recordLimits.textChars / sentence.length));
    const error = catchError(() => assertRecordText(long, "text"));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error?.field).toBe("text");
    expect(error?.message).toMatch(
      /^粘贴的纪要正文超过 100,000 字的上限（当前约 [\d,]+ 字）。请只粘贴会议纪要正文/,
    );

    // The form trims the text first, so it counts one line break fewer.
    const parsed = meetingSchema.safeParse(form(long));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([
      catchError(() => assertRecordText(long.trim(), "text"))?.message,
    ]);
  });

  it("counts a textarea's \\r\\n as one character, so what step 1 accepted step 2 accepts", () => {
    const lines = Array.from({ length: 1000 }, () => sentence.slice(0, 99));
    const text = lines.join("\n").padEnd(recordLimits.textChars, "。");
    expect(text.length).toBe(recordLimits.textChars);
    expect(() => assertRecordText(text, "text")).not.toThrow();
    const posted = text.replace(/\n/g, "\r\n");
    expect(posted.length).toBeGreaterThan(recordLimits.textChars);
    expect(meetingSchema.safeParse(form(posted)).success).toBe(true);
    expect(meetingSchema.safeParse(form(`${posted}。`)).success).toBe(false);
  });

  it("refuses pasted text of too many lines", () => {
    const error = catchError(() => assertRecordText("一\n".repeat(recordLimits.paragraphs + 1), "text"));
    expect(error?.message).toContain("粘贴的纪要正文超过 20,000 段的上限（当前约 20,001 段）");
  });
});

function catchError(work: () => void): InvalidInputError | undefined {
  try {
    work();
  } catch (error) {
    return error as InvalidInputError;
  }
  return undefined;
}

/** A short record with a stored (uncompressed) picture that brings the file to exactly `size` bytes. */
function pictureDocx(size: number): Uint8Array {
  const parts = unzipSync(docx(paragraph(t("区政府常务会议纪要")) + paragraph(t(sentence))));
  const withPicture = (pictureBytes: number) =>
    zipSync({ ...parts, "word/media/image1.png": [noise(pictureBytes), { level: 0 }] });
  return withPicture(size - withPicture(0).length);
}

function noise(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 7;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}
