// 导入纪要 under hostile records: a tiny .docx of 150,000 paragraphs, a zip that lies about its size and a pasted
// record over the text limit are each refused with a Chinese message naming the limit, while the event loop keeps
// turning and memory stays flat. Nothing is saved.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.ts";
import { recordLimits } from "../../src/features/meetings/record-limits.ts";
import { Browser, expectRefusal, useTestApp } from "../helpers/app.ts";
import { truncateAll } from "../helpers/database.ts";
import { docx, paragraph, t } from "../helpers/docx.ts";
import { createUser, password } from "../helpers/factories.ts";
import { type Load, measureLoad } from "../helpers/load-probe.ts";
import { repeatedDocx } from "../helpers/raw-zip.ts";

// What reading a hostile file may add to the stall the same route causes for a two-line record: the page is
// rendered and the embedded database queried on the main thread too, and a loaded test machine stretches both.
const extraStallMs = 150;
const maxRssGrowthMb = 200;
// Timing on a shared machine has outliers; without the limits these files stall for seconds or minutes, every time.
const timing = { retry: 2 };

let database: Database;
let app: FastifyInstance;
let office: Browser;

useTestApp((d, a) => {
  database = d;
  app = a;
});
beforeEach(async () => {
  await truncateAll(database);
  const user = await createUser(database.prisma, { role: "office" });
  office = new Browser(app);
  await office.login(user.username, password);
});

const post = (name: string, bytes: Uint8Array) =>
  office.postMultipart(
    "/meetings/import",
    { text: "" },
    [
      {
        field: "file",
        name,
        type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        bytes,
      },
    ],
    "/meetings/import",
  );

/** The upload measured, and the stall it may cause: the route's own for a short record, plus the allowance. */
async function upload(name: string, bytes: Uint8Array) {
  const short = docx(paragraph(t("区政府常务会议纪要")) + paragraph(t("会议要求区水务局抓好落实。")));
  // Once unmeasured: the first request of a route compiles its code and templates.
  expect((await post("纪要.docx", short)).statusCode).toBe(200);
  const baseline = await measureLoad(() => post("纪要.docx", short));
  expect(baseline.outcome.status).toBe("fulfilled");
  const load = await measureLoad(() => post(name, bytes));
  return { ...load, allowedStallMs: baseline.maxStallMs + extraStallMs };
}

function responseOf(load: Load<LightMyRequestResponse>) {
  if (load.outcome.status === "rejected") throw load.outcome.reason;
  return load.outcome.value;
}

describe("导入纪要 with hostile records", () => {
  it("refuses a 20 KB .docx of 150,000 paragraphs, without holding up the event loop", timing, async () => {
    const bytes = repeatedDocx({ text: "<w:p><w:r><w:t>会</w:t></w:r></w:p>".repeat(1000), times: 150 });
    expect(bytes.length).toBeLessThan(32 * 1024);

    const load = await upload("纪要.docx", bytes);
    const res = responseOf(load);
    expectRefusal(res, "文档中的段落超过 20,000 段的上限");
    expect(load.maxStallMs).toBeLessThan(load.allowedStallMs);
    expect(load.rssGrowthMb).toBeLessThan(maxRssGrowthMb);
    expect(await database.prisma.meeting.count()).toBe(0);
  });

  it("refuses a 3 MB zip that declares 2 KB and inflates to 1 GB, in bounded memory", timing, async () => {
    const bytes = repeatedDocx({ text: " ".repeat(1024 * 1024), times: 1024 }, 2048);
    expect(bytes.length).toBeLessThan(recordLimits.uploadBytes);

    const load = await upload("纪要.docx", bytes);
    const res = responseOf(load);
    expectRefusal(res, "文件解压后的内容超过 20 MB 的上限");
    expect(load.rssGrowthMb).toBeLessThan(maxRssGrowthMb);
    expect(load.maxStallMs).toBeLessThan(load.allowedStallMs);
  });

  it("refuses a pasted record over the text limit at step 1 and at step 2, with a message and nothing cut", async () => {
    const sentence = "会议要求，区水务局要在主汛期前完成水库除险加固，区财政局做好资金保障。\n";
    const long = sentence.repeat(Math.ceil(recordLimits.textChars / sentence.length) + 10);
    const chars = long.trim().length.toLocaleString("en-US");

    const preview = await office.postMultipart("/meetings/import", { text: long }, [], "/meetings/import");
    expectRefusal(preview, `粘贴的纪要正文超过 100,000 字的上限（当前约 ${chars} 字）`);

    const confirmed = await office.post(
      "/meetings",
      { title: "区政府常务会议", kind: "常务会议", heldOn: "", chair: "", text: long },
      "/meetings/import",
    );
    expectRefusal(confirmed, "粘贴的纪要正文超过 100,000 字的上限");
    expect(await database.prisma.meeting.count()).toBe(0);
  });
});
