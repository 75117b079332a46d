// 时间节点 (/settings/periods, /api/periods): a year's start of 主汛期 set by the office moves the deadlines of the
// open tasks read from "在主汛期前", with the reason in their deadline history; nothing else moves.
import { beforeEach, describe, expect, it } from "vitest";
import { type Browser, expectRefusal, signedInEachRole, textOf, useTestApp } from "../helpers/app.ts";
import { createUnit } from "../helpers/factories.ts";

let browsers: Record<"office" | "unit" | "leader", Browser>;
const now = new Date("2027-03-11T02:00:00Z");
const ctx = useTestApp({ truncate: true, clock: () => now });

// A record of 2027年3月10日: two directives hang on the flood season, one on a stated date, one on 秋季开学.
const record = `区政府第5次常务会议纪要
3月10日，区长主持召开区政府第5次常务会议。
一、关于水利工程除险加固
会议要求，区水务局要在主汛期前完成全部病险水库除险加固任务。
二、关于城市排涝
会议强调，区水务局要在主汛期前完成主城区易涝点改造。
三、关于河道清淤
会议要求，区水务局要在2027年5月20日前完成主要河道清淤。
四、关于校舍安全
会议要求，区水务局要在秋季开学前完成校园周边排水管网检修。
五、关于防汛预案
会议要求，区水务局要在下次常务会议前报送防汛应急预案。`;

let meetingId: number;
const deadlines = async () =>
  Object.fromEntries(
    (await ctx.db.task.findMany({ where: { meetingId }, orderBy: { id: "asc" } })).map((t) => [
      t.title.slice(0, 6),
      t.deadline?.toISOString().slice(0, 10) ?? null,
    ]),
  );

beforeEach(async () => {
  const db = ctx.db;
  const unit = await createUnit(db, { name: "区水务局" });
  ({ browsers } = await signedInEachRole(ctx.app, db, unit.id));
  const form = {
    title: "区政府第5次常务会议纪要",
    kind: "常务会议",
    heldOn: "2027-03-10",
    chair: "",
    text: record,
  };
  expect((await browsers.office.post("/meetings", form, "/meetings/import")).statusCode).toBe(303);
  meetingId = (await db.meeting.findFirstOrThrow()).id;
  // The first flood-season task is handed out; the rest stay drafts.
  const first = await db.task.findFirstOrThrow({ where: { meetingId }, orderBy: { id: "asc" } });
  const assigned = await browsers.office.post(
    `/meetings/${meetingId}/assign`,
    { taskIds: [String(first.id)] },
    `/meetings/${meetingId}/review`,
  );
  expect(assigned.statusCode).toBe(303);
});

const setStart = (startsOn: string, extra: Record<string, string> = {}) =>
  browsers.office.post(
    "/settings/periods/start",
    { period: "主汛期", year: "2027", startsOn, ...extra },
    "/settings/periods?year=2027",
  );

const before = {
  水利工程除险: "2027-05-31",
  城市排涝: "2027-05-31",
  河道清淤: "2027-05-20",
  校舍安全: "2027-08-31",
  防汛预案: "2027-03-23",
};

/** A settings form refused with `message`: no setting written and no deadline moved. */
async function expectRefusedUnchanged(
  res: Awaited<ReturnType<Browser["post"]>>,
  message: string,
  settings: () => Promise<number>,
) {
  expectRefusal(res, message);
  expect(await settings()).toBe(0);
  expect(await deadlines()).toEqual(before);
}

describe("a year's start of a named period", () => {
  it("moves the open tasks read from it, records why, and leaves the rest", async () => {
    expect(await deadlines()).toEqual(before);
    const saved = await setStart("2027-05-15");
    expect(saved.statusCode).toBe(303);
    const page = textOf((await browsers.office.get("/settings/periods?year=2027")).body);
    expect(page).toContain("2027年主汛期开始日调整为2027年5月15日");
    expect(page).toContain("1项已交办事项、1项草稿的完成时限已重新推算");
    // The day before 5月15日; the stated date and 秋季开学 stay.
    expect(await deadlines()).toEqual({ ...before, 水利工程除险: "2027-05-14", 城市排涝: "2027-05-14" });

    // The handed-out task's deadline history holds the move as an extension granted by the office, with why.
    const handedOut = await ctx.db.task.findFirstOrThrow({
      where: { meetingId, state: "assigned" },
    });
    const history = await ctx.db.extensionRequest.findMany({ where: { taskId: handedOut.id } });
    expect(history).toMatchObject([
      {
        status: "approved",
        reason: "2027年主汛期开始日调整为2027年5月15日",
        decisionNote: "按“在主汛期前”重新推算",
      },
    ]);
    expect(history[0]!.originalDeadline?.toISOString().slice(0, 10)).toBe("2027-05-31");
    const taskPage = textOf((await browsers.unit.get(`/tasks/${handedOut.id}`)).body);
    expect(taskPage).toContain("2027年5月14日");
    expect(taskPage).toContain("2027年主汛期开始日调整为2027年5月15日");
    // The draft's move is in its edit history only.
    const draft = await ctx.db.task.findFirstOrThrow({
      where: { meetingId, title: { startsWith: "城市排涝" } },
    });
    expect(await ctx.db.extensionRequest.count({ where: { taskId: draft.id } })).toBe(0);
    const events = await ctx.db.taskEvent.findMany({ where: { taskId: draft.id, action: "edit" } });
    expect(events.at(-1)?.note).toContain("2027年主汛期开始日调整为2027年5月15日");
  });

  it("does nothing more when the same date is saved again, and goes back on 恢复", async () => {
    await setStart("2027-05-15");
    const again = await setStart("2027-05-15");
    expect(again.statusCode).toBe(303);
    expect(textOf((await browsers.office.get("/settings/periods?year=2027")).body)).toContain(
      "没有事项的完成时限因此改变",
    );
    expect(await ctx.db.extensionRequest.count()).toBe(1);

    expect((await setStart("", { restore: "1" })).statusCode).toBe(303);
    expect(await deadlines()).toEqual(before);
    expect(await ctx.db.namedPeriodStart.count()).toBe(0);
    expect(await ctx.db.extensionRequest.count()).toBe(2);
  });

  it("never moves a deadline the office set by hand or one an extension moved", async () => {
    const [first, second] = await ctx.db.task.findMany({
      where: { meetingId },
      orderBy: { id: "asc" },
    });
    await ctx.db.task.update({ where: { id: second!.id }, data: { deadlineDerivation: "manual" } });
    // The unit's extension, granted the way the office's decision grants it: the deadline moves with it.
    const unitUser = await ctx.db.user.findFirstOrThrow({ where: { role: "unit" } });
    const extended = new Date("2027-06-30T00:00:00Z");
    await ctx.db.extensionRequest.create({
      data: {
        taskId: first!.id,
        requestedById: unitUser.id,
        requestedDeadline: extended,
        reason: "工程量大",
        status: "approved",
      },
    });
    await ctx.db.task.update({ where: { id: first!.id }, data: { deadline: extended } });
    await setStart("2027-05-15");
    expect(await deadlines()).toEqual({ ...before, 水利工程除险: "2027-06-30" });
  });

  it("moves only the year it is set for", async () => {
    await browsers.office.post(
      "/settings/periods/start",
      { period: "主汛期", year: "2028", startsOn: "2028-05-10" },
      "/settings/periods?year=2028",
    );
    expect(await deadlines()).toEqual(before);
  });
});

describe("a relative period", () => {
  it("takes its days after the meeting from the office, and moves what was read from it", async () => {
    const saved = await browsers.office.post(
      "/settings/periods/offset?year=2027",
      { period: "下次常务会议", offsetDays: "21" },
      "/settings/periods?year=2027",
    );
    expect(saved.statusCode).toBe(303);
    expect(await deadlines()).toEqual({ ...before, 防汛预案: "2027-03-30" });
    const page = textOf((await browsers.office.get("/settings/periods?year=2027")).body);
    expect(page).toContain("下次常务会议改为按会后21天推算");
    expect(page).toContain("会后21天");
  });

  it.each([
    [{ offsetDays: "0" }, "会后天数至少为 1"],
    [{ offsetDays: "abc" }, "会后天数"],
    [{ period: "主汛期" }, "请按年份设定开始日"],
  ])("refuses %o", async (change, message) => {
    const form = { period: "下次常务会议", offsetDays: "21", ...change };
    const res = await browsers.office.post("/settings/periods/offset", form, "/settings/periods");
    await expectRefusedUnchanged(res, message, () => ctx.db.namedPeriod.count());
  });
});

describe("refusals", () => {
  it("is the office's page", async () => {
    for (const who of ["unit", "leader"] as const) {
      expect((await browsers[who].get("/settings/periods")).statusCode).toBe(403);
      const post = await browsers[who].post(
        "/settings/periods/start",
        { period: "主汛期", year: "2027", startsOn: "2027-05-15" },
        "/",
      );
      expect(post.statusCode).toBe(403);
    }
    expect(await ctx.db.namedPeriodStart.count()).toBe(0);
  });

  it.each([
    [{ startsOn: "" }, "请填写开始日期"],
    [{ startsOn: "2027-02-30" }, "日期"],
    [{ startsOn: "2026-05-15" }, "开始日期应在2027年内"],
    [{ period: "雨季" }, "没有这个时间节点"],
    [{ period: "下次常务会议" }, "按会后天数推算，不按年份设定开始日"],
    [{ year: "1999" }, "年份应在"],
  ])("refuses %o with a message and writes nothing", async (change, message) => {
    const form = { period: "主汛期", year: "2027", startsOn: "2027-05-15", ...change };
    const res = await browsers.office.post("/settings/periods/start", form, "/settings/periods?year=2027");
    await expectRefusedUnchanged(res, message, () => ctx.db.namedPeriodStart.count());
  });
});

describe("a broken address", () => {
  it("is refused in Chinese, never a 500, and a save from it writes nothing", async () => {
    for (const url of [
      "/settings/periods?year=abc",
      "/settings/periods?year=1999",
      "/settings/periods?year=2027.5",
    ]) {
      expectRefusal(await browsers.office.get(url), "年份");
    }
    const saved = await browsers.office.post(
      "/settings/periods/offset?year=abc",
      { period: "下次常务会议", offsetDays: "21" },
      "/settings/periods",
    );
    expectRefusal(saved, "年份");
    expect(await ctx.db.namedPeriod.count()).toBe(0);
  });
});

describe("/api/periods", () => {
  async function token(who: "office" | "unit") {
    const made = await browsers[who].post("/account/tokens", { name: "节点对接" }, "/account/tokens");
    return /duban_[A-Za-z0-9_-]{43}/.exec(made.body)![0];
  }

  it("lists the periods and sets a start for the office only", async () => {
    const office = { authorization: `Bearer ${await token("office")}` };
    const listed = await ctx.app.inject({ method: "GET", url: "/api/periods?year=2027", headers: office });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().periods).toContainEqual(
      expect.objectContaining({ name: "主汛期", rule: "每年6月1日", start: "2027-06-01", startSet: false }),
    );
    const unit = { authorization: `Bearer ${await token("unit")}` };
    const payload = { period: "主汛期", year: 2027, startsOn: "2027-05-15" };
    const refused = await ctx.app.inject({
      method: "PUT",
      url: "/api/periods/start",
      headers: unit,
      payload,
    });
    expect(refused.statusCode).toBe(403);
    const bad = await ctx.app.inject({
      method: "PUT",
      url: "/api/periods/start",
      headers: office,
      payload: { ...payload, startsOn: "2027-13-01" },
    });
    expect(bad.statusCode).toBe(422);
    const offset = { period: "下次常务会议", offsetDays: 21 };
    const offsetRefused = await ctx.app.inject({
      method: "PUT",
      url: "/api/periods/offset",
      headers: unit,
      payload: offset,
    });
    expect(offsetRefused.statusCode).toBe(403);
    const offsetSet = await ctx.app.inject({
      method: "PUT",
      url: "/api/periods/offset",
      headers: office,
      payload: offset,
    });
    expect(offsetSet.json()).toMatchObject({
      moved: [{ from: "2027-03-23", to: "2027-03-30", handedOut: false }],
    });
    const set = await ctx.app.inject({ method: "PUT", url: "/api/periods/start", headers: office, payload });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      reason: "2027年主汛期开始日调整为2027年5月15日",
      moved: [
        { from: "2027-05-31", to: "2027-05-14", handedOut: true },
        { from: "2027-05-31", to: "2027-05-14", handedOut: false },
      ],
    });
  });
});
