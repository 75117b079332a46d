// 统计分析: every figure against a count done by hand over a fixed set of tasks, and every figure's link against
// the ledger rows it opens, so a leader never reads a number the list behind it does not bear out.
import { beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "../../src/features/auth/service.ts";
import { getDashboard } from "../../src/features/dashboard/service.ts";
import { type Browser, expectRefusal, loggedIn, textOf, useTestApp } from "../helpers/app.ts";
import { createUnit, createUser } from "../helpers/factories.ts";

// Tuesday 2026-11-24, 10:00 in Shanghai. This week began Monday 11-23; the trend's 12 weeks run 09-07 to 11-29.
// Today + 7 = 12-01. Signing is late for tasks handed out before Friday 11-20 (2 working days: Mon 23, Tue 24).
const now = new Date("2026-11-24T02:00:00Z");

const ctx = useTestApp({ clock: () => now });
const ids = { W: 0, C: 0, Z: 0, J: 0, M1: 0, M2: 0 };
const users = { office: 0, leader: 0, wideLeader: 0, unit: 0 };
let browsers: Record<keyof typeof users, Browser>;

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

beforeAll(async () => {
  const db = ctx.db;
  ids.W = (await createUnit(db, { name: "区水务局" })).id;
  ids.C = (await createUnit(db, { name: "区财政局" })).id;
  ids.Z = (await createUnit(db, { name: "区住建局" })).id;
  ids.J = (await createUnit(db, { name: "区教体局" })).id;
  const office = await createUser(db, { role: "office" });
  const leader = await createUser(db, { role: "leader" });
  const wideLeader = await createUser(db, { role: "leader" });
  const unit = await createUser(db, { role: "unit", unitId: ids.W });
  // The leader is in charge of 区水务局 and 区住建局.
  await db.leaderUnit.createMany({
    data: [
      { userId: leader.id, unitId: ids.W },
      { userId: leader.id, unitId: ids.Z },
    ],
  });
  Object.assign(users, { office: office.id, leader: leader.id, wideLeader: wideLeader.id, unit: unit.id });
  const meeting = (title: string, heldOn: string, hash: string) =>
    db.meeting.create({
      data: { title, kind: "常务会议", heldOn: day(heldOn), sourceText: title, contentHash: hash },
    });
  ids.M1 = (await meeting("区政府第12次常务会议", "2026-10-10", "m1")).id;
  ids.M2 = (await meeting("防汛专题会议", "2026-10-18", "m2")).id;

  const { W, C, Z, J, M1, M2 } = ids;
  type Row = {
    title: string;
    state: "draft" | "assigned" | "in_progress" | "pending_review" | "done" | "cancelled";
    lead: number | null;
    co?: number[];
    meeting?: number;
    origin?: "leader" | "superior";
    deadline?: string;
    ongoing?: boolean;
    assignedAt?: string;
    doneAt?: string;
    doneOnTime?: boolean | null;
  };
  const rows: Row[] = [
    // T1 done on time.
    {
      title: "T1",
      state: "done",
      lead: W,
      co: [C],
      meeting: M1,
      deadline: "2026-11-10",
      assignedAt: "2026-10-12T02:00:00Z",
      doneAt: "2026-11-05T03:00:00Z",
      doneOnTime: true,
    },
    // T2 done late.
    {
      title: "T2",
      state: "done",
      lead: W,
      meeting: M1,
      deadline: "2026-10-31",
      assignedAt: "2026-10-13T02:00:00Z",
      doneAt: "2026-11-18T02:00:00Z",
      doneOnTime: false,
    },
    // T3 extended from 11-15 to 12-15, then done on 11-20: on time against the moved deadline.
    {
      title: "T3",
      state: "done",
      lead: Z,
      meeting: M2,
      deadline: "2026-12-15",
      assignedAt: "2026-10-20T02:00:00Z",
      doneAt: "2026-11-20T02:00:00Z",
      doneOnTime: true,
    },
    // T4 extended from 11-01 to 2027-01-31, still open: green, not overdue.
    {
      title: "T4",
      state: "in_progress",
      lead: C,
      meeting: M2,
      deadline: "2027-01-31",
      assignedAt: "2026-10-21T02:00:00Z",
    },
    // T5 overdue.
    {
      title: "T5",
      state: "in_progress",
      lead: W,
      meeting: M1,
      deadline: "2026-11-20",
      assignedAt: "2026-10-26T02:00:00Z",
    },
    // T6 overdue while waiting for review; 区水务局 co-operates.
    {
      title: "T6",
      state: "pending_review",
      lead: J,
      co: [W],
      meeting: M2,
      deadline: "2026-11-23",
      assignedAt: "2026-11-02T02:00:00Z",
    },
    // T7 due in 6 days.
    {
      title: "T7",
      state: "in_progress",
      lead: Z,
      meeting: M1,
      deadline: "2026-11-30",
      assignedAt: "2026-11-09T02:00:00Z",
    },
    // T8 due today, no meeting; handed out Monday 00:30 Shanghai (Sunday in UTC): this week, not late to sign.
    {
      title: "T8",
      state: "assigned",
      lead: C,
      origin: "leader",
      deadline: "2026-11-24",
      assignedAt: "2026-11-22T16:30:00Z",
    },
    // T9 due exactly today + 7.
    {
      title: "T9",
      state: "in_progress",
      lead: J,
      meeting: M1,
      deadline: "2026-12-01",
      assignedAt: "2026-11-16T02:00:00Z",
    },
    // T10 due today + 8: green, not within 7 days.
    {
      title: "T10",
      state: "in_progress",
      lead: W,
      meeting: M2,
      deadline: "2026-12-02",
      assignedAt: "2026-11-17T02:00:00Z",
    },
    // T11 not signed since Wednesday 11-18: yellow; its deadline is far.
    {
      title: "T11",
      state: "assigned",
      lead: Z,
      meeting: M1,
      deadline: "2027-03-31",
      assignedAt: "2026-11-18T02:00:00Z",
    },
    // T12 长期坚持 without a deadline, 上级督办; handed out Sunday 23:30 Shanghai: last week.
    {
      title: "T12",
      state: "in_progress",
      lead: J,
      origin: "superior",
      ongoing: true,
      assignedAt: "2026-11-22T15:30:00Z",
    },
    // T13 done without a deadline: not late.
    {
      title: "T13",
      state: "done",
      lead: C,
      origin: "leader",
      ongoing: true,
      assignedAt: "2026-09-10T02:00:00Z",
      doneAt: "2026-11-23T03:00:00Z",
      doneOnTime: null,
    },
    // T14 cancelled (its deadline has passed): never counted.
    {
      title: "T14",
      state: "cancelled",
      lead: W,
      meeting: M1,
      deadline: "2026-11-01",
      assignedAt: "2026-10-12T02:00:00Z",
    },
    // T15, T16 drafts: never counted.
    { title: "T15", state: "draft", lead: W, meeting: M1, deadline: "2026-11-01" },
    { title: "T16", state: "draft", lead: null, meeting: M2 },
    // T17 done late, handed out and done before the trend's weeks.
    {
      title: "T17",
      state: "done",
      lead: J,
      meeting: M2,
      deadline: "2026-08-31",
      assignedAt: "2026-07-01T02:00:00Z",
      doneAt: "2026-09-02T02:00:00Z",
      doneOnTime: false,
    },
  ];
  const created = new Map<string, number>();
  for (const r of rows) {
    const task = await db.task.create({
      data: {
        title: r.title,
        state: r.state,
        origin: r.origin ?? "meeting",
        meetingId: r.meeting ?? null,
        leadUnitId: r.lead,
        deadline: r.deadline ? day(r.deadline) : null,
        ongoing: r.ongoing ?? false,
        assignedAt: r.assignedAt ? new Date(r.assignedAt) : null,
        doneAt: r.doneAt ? new Date(r.doneAt) : null,
        doneOnTime: r.doneOnTime ?? null,
        coUnits: { create: (r.co ?? []).map((unitId) => ({ unitId })) },
      },
    });
    created.set(r.title, task.id);
  }
  // The approved extensions that moved T3's and T4's deadlines.
  for (const [title, from, to] of [
    ["T3", "2026-11-15", "2026-12-15"],
    ["T4", "2026-11-01", "2027-01-31"],
  ] as const) {
    await db.extensionRequest.create({
      data: {
        taskId: created.get(title)!,
        requestedById: unit.id,
        originalDeadline: day(from),
        requestedDeadline: day(to),
        reason: "施工受雨季影响",
        status: "approved",
        decidedById: office.id,
        decidedAt: new Date("2026-11-03T02:00:00Z"),
      },
    });
  }

  browsers = {} as typeof browsers;
  for (const [kind, id] of Object.entries(users)) {
    const user = await db.user.findUniqueOrThrow({ where: { id } });
    browsers[kind as keyof typeof users] = await loggedIn(ctx.app, user.username);
  }
});
async function dashboardOf(who: keyof typeof users, query = {}) {
  const actor = (await loadActor(ctx.db, users[who]))!;
  return getDashboard(ctx.db, actor, query, now);
}

const decode = (href: string) => href.replace(/&amp;/g, "&");

/** Every counted figure on a page: the number shown and the ledger link behind it. */
function figuresOf(html: string) {
  return [...html.matchAll(/<a class="fig[^"]*" data-n="(\d+)" href="([^"]+)"/g)].map((m) => ({
    n: Number(m[1]),
    href: decode(m[2]!),
  }));
}

/** The bars and slices of the charts: each links to the ledger and says its number in its title. */
function chartLinksOf(html: string) {
  return [...html.matchAll(/<a href="([^"]+)"><title>[^<]*?(\d+) 项<\/title>/g)].map((m) => ({
    n: Number(m[2]),
    href: decode(m[1]!),
  }));
}

/** The rows the ledger lists for a link (all on one page here), checked against its own total. */
async function ledgerRows(browser: Browser, href: string): Promise<number> {
  const res = await browser.get(href);
  expect(res.statusCode, href).toBe(200);
  const rows = res.body.match(/<td><a href="\/tasks\/\d+">/g)?.length ?? 0;
  expect(textOf(res.body), href).toContain(`共 ${rows} 项`);
  return rows;
}

describe("the figures", () => {
  it("match the counts done by hand, for the office", async () => {
    const d = await dashboardOf("office");
    const s = d.summary;
    // Counted: T1–T13 and T17 (not the cancelled T14, not the drafts T15 and T16).
    expect(s.total.n).toBe(14);
    // Open: T4 T5 T6 T7 T8 T9 T10 T11 T12.
    expect(s.open.n).toBe(9);
    // Done: T1 T2 T3 T13 T17; late: T2 T17; on time: T1, T3 (extended, done before the new deadline), T13 (none).
    expect(s.done.n).toBe(5);
    expect(s.late.n).toBe(2);
    expect(s.ontime.n).toBe(3);
    expect(s.rate.text).toBe("60.0%");
    // Overdue: T5, T6 (T4's old deadline passed, but it was moved; T14 is cancelled).
    expect(s.overdue.n).toBe(2);
    // Due within 7 days: T8 (today), T7, T9 (today + 7); not T10 (today + 8).
    expect(s.due.n).toBe(3);
    // Lights over the 9 open tasks: red T5 T6; yellow T7 T8 T9 and T11 (late to sign); green T4 T10 T12.
    expect([s.lights.red.n, s.lights.yellow.n, s.lights.green.n]).toEqual([2, 4, 3]);

    // Units, lead or co-operating. 区水务局: T1 T2 T5 T10 + T6 (co). 区财政局: T4 T8 T13 + T1 (co).
    // 区住建局: T3 T7 T11. 区教体局: T6 T9 T12 T17. Ranked by fewer overdue, then on-time rate (every unit here has
    // fewer than 3 closed tasks, so none is ahead on that), then more tasks.
    const units = d.units.map((u) => [
      u.unit.name,
      u.total.n,
      u.open.n,
      u.done.n,
      u.ontime.n,
      u.late.n,
      u.rate.text,
      u.overdue.n,
    ]);
    expect(units).toEqual([
      ["区财政局", 4, 2, 2, 2, 0, "100.0%", 0],
      ["区住建局", 3, 2, 1, 1, 0, "100.0%", 0],
      ["区教体局", 4, 3, 1, 0, 1, "0.0%", 1],
      ["区水务局", 5, 3, 2, 1, 1, "50.0%", 2],
    ]);
    expect(d.units.every((u) => u.fewClosed)).toBe(true);
    // The page states the rule and marks the units whose rate does not rank them.
    const page = textOf((await browsers.office.get("/dashboard")).body);
    expect(page).toContain("先按已逾期事项数从少到多排列");
    expect(page).toContain("办结不足3件");

    // Meetings, the latest first, then the tasks without one.
    // M2: T3 T4 T6 T10 T17. M1: T1 T2 T5 T7 T9 T11. None: T8 T12 T13.
    const meetings = d.meetings.map((m) => [
      m.meeting.title,
      m.total.n,
      m.open.n,
      m.done.n,
      m.late.n,
      m.overdue.n,
    ]);
    expect(meetings).toEqual([
      ["防汛专题会议", 5, 3, 2, 1, 1],
      ["区政府第12次常务会议", 6, 4, 2, 1, 1],
      ["领导交办、上级督办（无会议纪要）", 3, 2, 1, 0, 0],
    ]);

    // Weeks from 09-07. Opened: T13 (09-07); T1 T2 (10-12); T3 T4 (10-19); T5 (10-26); T6 (11-02); T7 (11-09);
    // T9 T10 T11 T12 (11-16, T12 on Sunday night); T8 (11-23, Monday 00:30). T17 was before the weeks.
    expect(d.trend.map((w) => w.opened.n)).toEqual([1, 0, 0, 0, 0, 2, 2, 1, 1, 1, 4, 1]);
    // Closed: T1 (11-02); T2 T3 (11-16); T13 (11-23). T17 closed before the weeks.
    expect(d.trend.map((w) => w.closed.n)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 1]);
  });

  it("show the same numbers on the page", async () => {
    const page = textOf((await browsers.office.get("/dashboard")).body);
    for (const text of [
      "14 督办事项",
      "9 未办结",
      "5 已办结",
      "60.0% 按期办结率",
      "按期 3 · 逾期 2",
      "2 已逾期",
      "3 7日内到期",
    ])
      expect(page).toContain(text);
    expect(page).toContain("截至2026年11月24日");
  });

  it("narrow with the filters as the ledger does", async () => {
    // M1: T1 T2 T5 T7 T9 T11; done T1 T2 (T2 late).
    const m1 = await dashboardOf("office", { meetingId: ids.M1 });
    expect([m1.summary.total.n, m1.summary.done.n, m1.summary.rate.text]).toEqual([6, 2, "50.0%"]);
    // 办理中: T4 T5 T7 T9 T10 T12; overdue T5.
    const inProgress = await dashboardOf("office", { state: "in_progress" });
    expect([inProgress.summary.total.n, inProgress.summary.overdue.n]).toEqual([6, 1]);
    // Deadlines in November: T1 (11-10), T5 (11-20), T6 (11-23), T7 (11-30), T8 (11-24); T14 is cancelled.
    const november = await dashboardOf("office", { from: "2026-11-01", to: "2026-11-30" });
    expect([november.summary.total.n, november.summary.overdue.n, november.summary.due.n]).toEqual([5, 2, 2]);
    // Without a meeting: T8 T12 T13.
    const none = await dashboardOf("office", { meetingId: "none" });
    expect(none.summary.total.n).toBe(3);
  });
});

describe("every figure's link", () => {
  it("lists exactly as many tasks on the ledger as the figure says", async () => {
    const pages: [keyof typeof users, string][] = [
      ["office", "/dashboard"],
      ["leader", "/dashboard"],
      ["leader", "/dashboard?scope=all"],
      ["office", `/dashboard?meetingId=${ids.M2}`],
      ["office", "/dashboard?state=in_progress"],
      ["office", "/dashboard?from=2026-11-01&to=2026-11-30"],
      ["office", "/dashboard?meetingId=none"],
      ["office", `/dashboard?unitId=${ids.W}`],
    ];
    for (const [who, url] of pages) {
      const res = await browsers[who].get(url);
      expect(res.statusCode, url).toBe(200);
      const figures = figuresOf(res.body);
      expect(figures.length, url).toBeGreaterThan(40);
      expect(figures.some((f) => f.n > 0)).toBe(true);
      const charts = chartLinksOf(res.body);
      expect(charts.length, url).toBeGreaterThan(10);
      const seen = new Map<string, number>();
      for (const f of [...figures, ...charts]) {
        if (!seen.has(f.href)) seen.set(f.href, await ledgerRows(browsers[who], f.href));
        expect(seen.get(f.href), `${url} → ${f.href}`).toBe(f.n);
      }
    }
  });

  it("tells on the ledger which figure it came from, and carries it into the export link", async () => {
    const d = await dashboardOf("office");
    const res = await browsers.office.get(d.summary.due.href);
    const text = textOf(res.body);
    expect(text).toContain("当前条件：已交办且未撤销；7日内到期");
    expect(res.body).toContain('href="/tasks/export.xlsx?stage=tracked&amp;due=7"');
  });
});

describe("scope", () => {
  it("shows a leader the units in their charge by default, and everything after 全部单位", async () => {
    // 区水务局 and 区住建局: T1 T2 T5 T10, T6 (co), T3 T7 T11.
    const mine = await dashboardOf("leader");
    expect(mine.scope.current).toBe("mine");
    expect([mine.summary.total.n, mine.summary.open.n, mine.summary.done.n]).toEqual([8, 5, 3]);
    // Done T1 T2 T3, late T2: 2 of 3.
    expect(mine.summary.rate.text).toBe("66.7%");
    expect([mine.summary.overdue.n, mine.summary.due.n]).toEqual([2, 1]);
    expect(mine.units.map((u) => u.unit.name)).toEqual(["区住建局", "区水务局"]);

    const page = (await browsers.leader.get("/dashboard")).body;
    expect(textOf(page)).toContain("分管单位（区水务局、区住建局）");
    const widen = /<a href="([^"]+)">全部单位<\/a>/.exec(page)?.[1];
    expect(widen).toBeTruthy();
    const all = textOf((await browsers.leader.get(decode(widen!))).body);
    expect(all).toContain("14 督办事项");
    expect(textOf(page)).toContain("8 督办事项");
  });

  it("starts a leader's ledger on the units in their charge, with a way to see all", async () => {
    const res = await browsers.leader.get("/tasks");
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/tasks\?unitId=\d+,\d+$/);
    const mine = await browsers.leader.get(String(res.headers.location));
    expect(textOf(mine.body)).toContain("只显示分管单位的事项");
    const all = await browsers.leader.get("/tasks?unitId=");
    expect(all.statusCode).toBe(200);
    expect(textOf(all.body)).not.toContain("只显示分管单位的事项");
    // The office and a leader without units are not redirected.
    expect((await browsers.office.get("/tasks")).statusCode).toBe(200);
    expect((await browsers.wideLeader.get("/tasks")).statusCode).toBe(200);
  });

  it("shows a leader without units everything", async () => {
    const d = await dashboardOf("wideLeader");
    expect(d.scope.choosable).toBe(false);
    expect(d.summary.total.n).toBe(14);
  });

  it("refuses units", async () => {
    const res = await browsers.unit.get("/dashboard");
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain("此功能仅限督查室或领导使用");
    expect((await browsers.unit.get("/tasks/export.xlsx")).statusCode).toBe(403);
  });

  it("offers 统计分析 to the office and leaders only", async () => {
    expect((await browsers.office.get("/")).body).toContain('href="/dashboard"');
    expect((await browsers.leader.get("/")).body).toContain('href="/dashboard"');
    expect((await browsers.unit.get("/")).body).not.toContain('href="/dashboard"');
  });
});

describe("the page", () => {
  it("draws its charts as inline SVG in Chinese, without scripts", async () => {
    const res = await browsers.office.get("/dashboard");
    expect(res.body).not.toContain("<script");
    expect(res.body).toContain("<svg");
    expect(res.body).toContain("WenQuanYi Micro Hei");
    expect(res.body).toContain(">交办</text>");
    expect(res.body).toContain("11月16日");
  });

  it("draws empty charts and no rate when nothing matches", async () => {
    const res = await browsers.office.get("/dashboard?from=2030-01-01");
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain("0 督办事项");
    expect(text).toContain("— 按期办结率");
    expect(text).toContain("没有符合条件的事项。");
  });

  it("ignores a bad filter and says so", async () => {
    const res = await browsers.office.get("/dashboard?state=nonsense&unitId=abc");
    expectRefusal(res, "筛选条件有误", "14 督办事项");
  });
});
