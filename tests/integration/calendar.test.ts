// 日历设置 and /api/calendar: the month grid, a day's edit, the State Council's notice pasted, previewed and saved,
// the banner while a year in use has no holidays, and a 工作日 deadline that follows the saved notice.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { beforeEach, describe, expect, it } from "vitest";
import { loadWorkCalendar } from "../../src/work-calendar/service.ts";
import {
  type Browser,
  expectPageSays,
  expectRefusal,
  signedInEachRole,
  textOf,
  useTestApp,
} from "../helpers/app.ts";
import { createUnit } from "../helpers/factories.ts";

let now: Date;
const ctx = useTestApp({ truncate: true, clock: () => now });
let browsers: Record<"office" | "unit" | "leader", Browser>;

const fixtures = path.resolve(import.meta.dirname, "../fixtures/notices");
// Our own plausible 2027 arrangement (a test fixture, not the official notice): 春节 2月5日至12日, and 1月31日
// and 2月20日 worked.
const notice2027 = readFileSync(path.join(fixtures, "2027-fixture.txt"), "utf8");
const banner = "2027年的节假日安排尚未录入，工作日按周一至周五计算，请在日历设置中粘贴国务院通知";

beforeEach(async () => {
  now = new Date("2026-12-02T02:00:00Z");
  const db = ctx.db;
  const unit = await createUnit(db, { name: "区财政局" });
  ({ browsers } = await signedInEachRole(ctx.app, db, unit.id));
});

const overrides = () => ctx.db.holidayOverride.findMany({ orderBy: { date: "asc" } });

function pasteNotice(text: string, confirm = false, year = "2027") {
  const form: Record<string, string> = { year, text, ...(confirm ? { confirm: "1" } : {}) };
  return browsers.office.post("/settings/calendar/notice", form, `/settings/calendar?year=${year}`);
}

describe("the calendar page", () => {
  it("is the office's: linked from its navigation, refused to units and leaders", async () => {
    const home = await browsers.office.get("/settings/calendar?year=2026");
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('href="/settings/calendar"');
    for (const who of ["unit", "leader"] as const) {
      const page = await browsers[who].get("/settings/calendar");
      expect(page.statusCode).toBe(403);
      expect(page.body).not.toContain('href="/settings/calendar"');
      // A post is refused before its fields are looked at, and writes nothing.
      const csrf = await browsers[who].csrfToken("/");
      for (const [url, form] of [
        ["/settings/calendar/day", { date: "2027-02-05", mode: "rest", note: "" }],
        ["/settings/calendar/notice", { year: "2027", text: notice2027, confirm: "1" }],
        ["/settings/calendar/notice", { year: "abc", text: "" }],
      ] as const) {
        expect((await browsers[who].post(url, { ...form, _csrf: csrf })).statusCode).toBe(403);
      }
    }
    expect(await overrides()).toEqual([]);
  });

  it("shows the year as month grids, with each holiday and 调休 day and where it comes from", async () => {
    const page = await browsers.office.get("/settings/calendar?year=2026");
    const text = textOf(page.body);
    expect(page.body.match(/<caption>\d+月<\/caption>/g)).toHaveLength(12);
    expect(text).toContain("2026年的法定节假日和调休上班日取自官方日历库");
    expect(text).toContain("2026年2月15日 日 休息日（节假日） 春节 法定（库）");
    expect(text).toContain("2026年2月28日 六 调休上班 春节 法定（库）");
    // 2026年1月1日 is a Thursday: the grid's first row starts on Monday with three empty cells.
    expect(page.body).toMatch(
      /<caption>1月<\/caption>[\s\S]*?<tr>\s*<td><\/td>\s*<td><\/td>\s*<td><\/td>\s*<td class="day holiday">/,
    );
    // Without a year, this year (Shanghai's) is shown.
    expect(textOf((await browsers.office.get("/settings/calendar")).body)).toContain("2026年节假日与调休");
  });

  it("refuses a year outside 2000–2100 with 422", async () => {
    for (const year of ["1999", "2101", "abc", "2027.5"]) {
      expectRefusal(
        await browsers.office.get(`/settings/calendar?year=${year}`),
        "年份应在 2000 年至 2100 年之间",
      );
    }
    expect((await browsers.office.get("/settings/calendar?year=2100")).statusCode).toBe(200);
  });

  it("sets a day to rest or work with a note, and back to the default", async () => {
    const rest = await browsers.office.post(
      "/settings/calendar/day",
      { date: "2026-05-06", mode: "rest", note: "区运动会补休" },
      "/settings/calendar?year=2026",
    );
    expect(rest.statusCode).toBe(303);
    expect(rest.headers.location).toBe("/settings/calendar?year=2026");
    const page = textOf((await browsers.office.get("/settings/calendar?year=2026")).body);
    expect(page).toContain("2026年5月6日已设为休息日");
    expect(page).toContain("2026年5月6日 三 休息日（节假日） 区运动会补休 本地调整");
    expect((await loadWorkCalendar(ctx.db)).isWorkday("2026-05-06")).toBe(false);

    // An override wins over the library: a 春节 day made a working day.
    await browsers.office.post("/settings/calendar/day", { date: "2026-02-23", mode: "work", note: "" });
    expect((await loadWorkCalendar(ctx.db)).isWorkday("2026-02-23")).toBe(true);
    expect(textOf((await browsers.office.get("/settings/calendar?year=2026")).body)).toContain(
      "2026年2月23日 一 工作日 本地调整",
    );

    for (const date of ["2026-05-06", "2026-02-23"]) {
      const back = await browsers.office.post("/settings/calendar/day", { date, mode: "default", note: "" });
      expect(back.statusCode).toBe(303);
    }
    expect(await overrides()).toEqual([]);
    const calendar = await loadWorkCalendar(ctx.db);
    expect([calendar.isWorkday("2026-05-06"), calendar.isWorkday("2026-02-23")]).toEqual([true, false]);
    // Restoring a day that has no entry is not an error.
    const again = await browsers.office.post("/settings/calendar/day", {
      date: "2026-05-06",
      mode: "default",
    });
    expect(again.statusCode).toBe(303);
  });

  it("refuses a bad day edit beside its field and writes nothing", async () => {
    for (const [form, message] of [
      [{ date: "2026-02-30", mode: "rest" }, "日期应为真实存在的日期"],
      [{ date: "2026-05-06", mode: "holiday" }, "请选择休息日、工作日或恢复默认"],
      [{ date: "1995-05-06", mode: "rest" }, "年份应在 2000 年至 2100 年之间"],
    ] as const) {
      expectRefusal(
        await browsers.office.post("/settings/calendar/day", form, "/settings/calendar"),
        message,
      );
    }
    const long = await browsers.office.post(
      "/settings/calendar/day",
      { date: "2026-05-06", mode: "rest", note: "说".repeat(51) },
      "/settings/calendar",
    );
    expectRefusal(long, "说明不能超过 50 字");
    // The refused form keeps what was typed.
    expect(long.body).toContain('value="2026-05-06"');
    expect(await overrides()).toEqual([]);
  });
});

describe("pasting the State Council's notice", () => {
  it("previews the days beside the text, saves on confirm, and saving again changes nothing", async () => {
    const preview = await pasteNotice(notice2027);
    expectPageSays(
      preview,
      200,
      "识别结果：2027年假日 28 天，调休上班 6 天",
      "2027年2月5日 五 放假 春节",
      "2027年2月20日 六 调休上班 春节",
    );
    expect(preview.body).toContain(
      '<button type="submit" name="confirm" value="1" class="primary">确认保存</button>',
    );
    // The text stays in the box beside the preview; nothing is written yet.
    expect(preview.body).toContain("国务院办公厅关于2027年部分节假日安排的通知");
    expect(await overrides()).toEqual([]);

    const saved = await pasteNotice(notice2027, true);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe("/settings/calendar?year=2027");
    const page = textOf((await browsers.office.get("/settings/calendar?year=2027")).body);
    expect(page).toContain("已按通知保存2027年的节假日安排：假日28天，调休上班6天");
    expect(page).toContain("官方日历库尚无2027年的安排，本年按本地录入的 34 天调整计算工作日");
    expect(page).toContain("2027年10月9日 六 调休上班 国庆节 本地调整");
    const first = (await overrides()).map((o) => [o.date.toISOString().slice(0, 10), o.workday, o.name]);
    expect(first).toHaveLength(34);
    expect(first).toContainEqual(["2027-02-05", false, "春节"]);

    // A day edited by hand in 2027 is replaced by the notice when it is saved again.
    await browsers.office.post("/settings/calendar/day", { date: "2027-03-01", mode: "rest", note: "手工" });
    expect((await pasteNotice(notice2027, true)).statusCode).toBe(303);
    const second = (await overrides()).map((o) => [o.date.toISOString().slice(0, 10), o.workday, o.name]);
    expect(second).toEqual(first);
  });

  it("shows what it could not read, offers no save, and refuses a forced one", async () => {
    const broken = notice2027
      .replace("2月5日（农历除夕、周五）至12日", "2月5日前后")
      .replace("共7天", "共9天");
    const preview = await pasteNotice(broken);
    expectPageSays(
      preview,
      200,
      "以下内容未能识别，不能保存",
      "春节：未能读出放假日期",
      "国庆节：2027年10月1日至2027年10月7日是7天，通知写的是共9天",
    );
    expect(preview.body).not.toContain('name="confirm"');
    expectRefusal(
      await pasteNotice(broken, true),
      "通知中有未能识别的内容，请修改后再保存：春节：未能读出放假日期",
    );
    // Another year's notice on this year's page is refused too.
    expectRefusal(await pasteNotice(notice2027, true, "2028"), "通知写的是2027年，而选择的是2028年");
    expect(await overrides()).toEqual([]);
  });

  it("refuses an empty, oversized or yearless form", async () => {
    expectRefusal(await pasteNotice("   "), "请填写通知全文");
    expectRefusal(await pasteNotice("一".repeat(20_001)), "通知全文不能超过 20000 字");
    expectRefusal(await pasteNotice(notice2027, true, "1999"), "年份应在 2000 年至 2100 年之间");
    expect(await overrides()).toEqual([]);
  });
});

describe("the banner for a year without holidays", () => {
  it("is shown on every page that counts working days while 2027 is missing, and goes once it is saved", async () => {
    const pages = ["/", "/tasks", "/dashboard", "/settings/reminders", "/settings/calendar"];
    for (const url of pages) {
      const page = await browsers.office.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(textOf(page.body), url).toContain(banner);
    }
    expect((await browsers.office.get("/")).body).toContain('href="/settings/calendar?year=2027#notice"');
    // Those who cannot enter it are told who will.
    expect(textOf((await browsers.unit.get("/")).body)).toContain(
      "2027年的节假日安排尚未录入，工作日按周一至周五计算，请督查室在日历设置中录入",
    );
    // A page that counts no working days has none.
    expect(textOf((await browsers.office.get("/units")).body)).not.toContain("尚未录入");

    expect((await pasteNotice(notice2027, true)).statusCode).toBe(303);
    for (const url of pages)
      expect(textOf((await browsers.office.get(url)).body), url).not.toContain("尚未录入");
  });

  it("is not shown before November, when only this year is in use", async () => {
    now = new Date("2026-06-15T02:00:00Z");
    expect(textOf((await browsers.office.get("/tasks")).body)).not.toContain("尚未录入");
  });
});

describe("a 工作日 deadline across the 2027 Spring Festival", () => {
  // A record of a meeting held on 2027年2月3日, two days before 除夕, with a 10个工作日内 deadline.
  // A record imported twice is not imported again: each import is of another meeting held that day.
  const record = (n: number) => `区政府第${n}次常务会议纪要
2月3日，区长主持召开区政府第${n}次常务会议。
一、关于春节期间保供稳价
会议要求，区财政局要在10个工作日内拨付节日保供专项资金。`;

  async function importedDeadline(n: number): Promise<string | undefined> {
    const created = await browsers.office.post(
      "/meetings",
      {
        title: `区政府第${n}次常务会议纪要`,
        kind: "常务会议",
        heldOn: "2027-02-03",
        chair: "",
        text: record(n),
      },
      "/meetings/import",
    );
    expect(created.statusCode).toBe(303);
    const task = await ctx.db.task.findFirstOrThrow({ orderBy: { id: "desc" } });
    return task.deadline?.toISOString().slice(0, 10);
  }

  it("lands on the day the saved notice implies, not on the Monday-to-Friday count", async () => {
    now = new Date("2027-02-04T02:00:00Z");
    // Without the notice: ten weekdays after 2月3日.
    expect(await importedDeadline(3)).toBe("2027-02-17");
    expect((await pasteNotice(notice2027, true)).statusCode).toBe(303);
    // With it: 2月4日, then 2月15日–19日, the 调休 Saturday 2月20日, and 2月22日–24日.
    expect(await importedDeadline(4)).toBe("2027-02-24");
  });
});

describe("/api/calendar", () => {
  let tokens: Record<"office" | "unit" | "leader", string>;

  beforeEach(async () => {
    tokens = {} as typeof tokens;
    for (const who of ["office", "unit", "leader"] as const) {
      const made = await browsers[who].post("/account/tokens", { name: "日历对接" }, "/account/tokens");
      tokens[who] = /duban_[A-Za-z0-9_-]{43}/.exec(made.body)![0];
    }
  });

  function api(
    who: keyof typeof tokens | null,
    method: "GET" | "PUT" | "POST",
    url: string,
    payload?: object,
  ) {
    const headers = who ? { authorization: `Bearer ${tokens[who]}` } : {};
    return ctx.app.inject({ method, url, payload, headers });
  }
  const json = (res: LightMyRequestResponse) => res.json() as Record<string, unknown>;

  it("is for office tokens only", async () => {
    for (const who of ["unit", "leader"] as const) {
      expect((await api(who, "GET", "/api/calendar/2027")).statusCode).toBe(403);
      expect((await api(who, "PUT", "/api/calendar/2027", { days: [] })).statusCode).toBe(403);
      const refused = await api(who, "POST", "/api/calendar/notice?save=1", { text: notice2027 });
      expect(refused.statusCode).toBe(403);
      expect(json(refused).message).toBe("此功能仅限督查室使用");
    }
    expect((await api(null, "GET", "/api/calendar/2027")).statusCode).toBe(401);
    expect(await overrides()).toEqual([]);
  });

  it("reads a year, replaces its entries, and refuses days outside it", async () => {
    const library = json(await api("office", "GET", "/api/calendar/2026"));
    expect(library).toMatchObject({ year: 2026, covered: true, libraryCovers: true });
    expect(library.days).toContainEqual({
      date: "2026-10-10",
      workday: true,
      kind: "makeup",
      name: "国庆节",
      source: "library",
    });
    expect(json(await api("office", "GET", "/api/calendar/2027"))).toEqual({
      year: 2027,
      covered: false,
      libraryCovers: false,
      days: [],
    });

    const put = await api("office", "PUT", "/api/calendar/2027", {
      days: [
        { date: "2027-02-05", workday: false, name: "春节" },
        { date: "2027-02-20", workday: true },
      ],
    });
    expect(put.statusCode).toBe(200);
    expect(json(put)).toMatchObject({
      covered: true,
      days: [{ date: "2027-02-05", kind: "holiday" }, { kind: "makeup" }],
    });

    const outside = await api("office", "PUT", "/api/calendar/2027", {
      days: [{ date: "2028-01-01", workday: false }],
    });
    expect(outside.statusCode).toBe(422);
    expect(json(outside).message).toBe("2028年1月1日不在2027年内");
    const twice = await api("office", "PUT", "/api/calendar/2027", {
      days: [
        { date: "2027-01-01", workday: false },
        { date: "2027-01-01", workday: true },
      ],
    });
    expect(json(twice).message).toBe("2027年1月1日重复出现");
    expect((await overrides()).length).toBe(2);

    expect((await api("office", "GET", "/api/calendar/1999")).statusCode).toBe(422);
    expect((await api("office", "GET", "/api/calendar/abc")).statusCode).toBe(404);
    const cleared = await api("office", "PUT", "/api/calendar/2027", { days: [] });
    expect(json(cleared)).toMatchObject({ covered: false, days: [] });
  });

  it("reads a notice, and saves it only when asked and only when fully read", async () => {
    const read = await api("office", "POST", "/api/calendar/notice", { text: notice2027 });
    expect(read.statusCode).toBe(200);
    expect(json(read)).toMatchObject({ year: 2027, saved: false, problems: [], notes: [] });
    expect(json(read).days).toContainEqual({ date: "2027-02-12", workday: false, name: "春节" });
    expect(await overrides()).toEqual([]);

    const broken = await api("office", "POST", "/api/calendar/notice?save=1", {
      text: notice2027.replace("共3天", "共4天"),
    });
    expect(broken.statusCode).toBe(422);
    expect(await overrides()).toEqual([]);

    const saved = await api("office", "POST", "/api/calendar/notice?save=1", {
      text: notice2027,
      year: 2027,
    });
    expect(json(saved)).toMatchObject({ saved: true, year: 2027 });
    expect((await overrides()).length).toBe(34);
    expect(json(await api("office", "GET", "/api/calendar/2027")).covered).toBe(true);

    expect(
      (await api("office", "POST", "/api/calendar/notice?save=2", { text: notice2027 })).statusCode,
    ).toBe(422);
    expect((await api("office", "POST", "/api/calendar/notice", { text: "" })).statusCode).toBe(422);
  });

  it("is described in Chinese in the OpenAPI document", async () => {
    const doc = json(await api("office", "GET", "/api/openapi.json")) as {
      paths: Record<string, Record<string, { summary: string; tags: string[] }>>;
    };
    expect(doc.paths["/api/calendar/{year}"]?.get?.summary).toBe("某年的工作日历");
    expect(doc.paths["/api/calendar/{year}"]?.put?.summary).toBe("替换某年的本地调整");
    expect(doc.paths["/api/calendar/notice"]?.post?.tags).toEqual(["日历"]);
    expect(JSON.stringify(doc.paths["/api/calendar/notice"])).toContain(
      "国务院办公厅关于某年部分节假日安排的通知全文",
    );
  });
});
