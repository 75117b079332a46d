// A meeting's details corrected after import — a new date moves the deadlines worked out from the old one, if
// the office wants — and a record imported by mistake deleted while none of its tasks has been handed out.
import { describe, expect, it } from "vitest";
import { type Browser, expectRefusal, signedIn, textOf, useTestApp } from "../helpers/app.ts";
import { createUnit } from "../helpers/factories.ts";

const ctx = useTestApp({ truncate: true });

// Our own record: a relative deadline, one relative to the year, a full date, and one the office will set by hand.
const record = `区政府第12次常务会议纪要
一、关于农村供水保障
会议要求，区水务局要在一个月内完成农村供水管网排查。
二、关于学校暖气改造
会议要求，区教体局要在年底前完成全部学校暖气改造。
三、关于河道整治
会议要求，区水务局要于2027年3月31日前完成河道整治验收。
四、关于项目审批
会议要求，区财政局要在两个月内完成项目资金评审。`;

async function importRecord(office: Browser, heldOn: string) {
  const res = await office.post(
    "/meetings",
    { title: "区政府第12次常务会议纪要", kind: "常务会议", heldOn, chair: "", text: record },
    "/meetings/import",
  );
  expect(res.statusCode).toBe(303);
  const meetingId = Number(/\/meetings\/(\d+)\/review/.exec(res.headers.location as string)![1]);
  const drafts = await ctx.db.task.findMany({ where: { meetingId }, orderBy: { id: "asc" } });
  expect(drafts).toHaveLength(4);
  return { meetingId, drafts };
}

async function setting() {
  const db = ctx.db;
  for (const name of ["区水务局", "区教体局", "区财政局"]) await createUnit(db, { name });
  const { browser: office } = await signedIn(ctx.app, db, { role: "office" });
  return { db, office };
}

const deadlines = async (meetingId: number) =>
  (
    await ctx.db.task.findMany({
      where: { meetingId },
      orderBy: { id: "asc" },
      select: { deadline: true },
    })
  ).map((t) => t.deadline?.toISOString().slice(0, 10) ?? null);

describe("correcting a meeting", () => {
  it("moves the deadlines derived from the date when asked, and leaves the office's own alone", async () => {
    const { db, office } = await setting();
    const { meetingId, drafts } = await importRecord(office, "2026-09-20");
    expect(await deadlines(meetingId)).toEqual(["2026-10-20", "2026-12-31", "2027-03-31", "2026-11-20"]);
    // The office sets the fourth by hand on the review page.
    const edited = await office.post(
      `/tasks/${drafts[3]!.id}/edit`,
      {
        title: drafts[3]!.title,
        leadUnitId: String(drafts[3]!.leadUnitId),
        deadline: "2026-12-15",
        reportCycle: "none",
      },
      `/meetings/${meetingId}/review`,
    );
    expect(edited.statusCode).toBe(303);

    const page = await office.get(`/meetings/${meetingId}/edit`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="2026-09-20"');
    const corrected = { title: "区政府第12次常务会议纪要", kind: "常务会议", chair: "区长李华" };
    const saved = await office.post(`/meetings/${meetingId}/edit`, {
      ...corrected,
      heldOn: "2027-01-05",
      redate: "on",
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/meetings/${meetingId}/review`);
    const review = await office.get(`/meetings/${meetingId}/review`);
    expect(textOf(review.body)).toContain("已按新的会议日期重新推算 2 项完成时限");
    // 一个月内 and 年底前 move with the date; the full date and the office's own date stay.
    expect(await deadlines(meetingId)).toEqual(["2027-02-05", "2027-12-31", "2027-03-31", "2026-12-15"]);
    const meeting = await db.meeting.findUniqueOrThrow({ where: { id: meetingId } });
    expect(meeting).toMatchObject({ chair: "区长李华", heldOn: new Date("2027-01-05T00:00:00Z") });
    const events = await db.taskEvent.findMany({ where: { taskId: drafts[0]!.id, action: "edit" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      before: { deadline: "2026-10-20" },
      after: { deadline: "2027-02-05" },
      note: "会议日期更正，按“在一个月内”重新推算完成时限",
    });

    // Without the offer taken, only the date changes.
    const plain = await office.post(`/meetings/${meetingId}/edit`, { ...corrected, heldOn: "2027-01-20" });
    expect(plain.statusCode).toBe(303);
    expect(await deadlines(meetingId)).toEqual(["2027-02-05", "2027-12-31", "2027-03-31", "2026-12-15"]);
  });

  it("refuses an impossible date beside its field and changes nothing; others may not edit", async () => {
    const { db, office } = await setting();
    const { meetingId } = await importRecord(office, "2026-09-20");
    const bad = await office.post(`/meetings/${meetingId}/edit`, {
      title: "",
      kind: "常务会议",
      heldOn: "2026-02-31",
      redate: "on",
    });
    expectRefusal(bad, "日期应为真实存在的日期", "请填写会议名称");
    expect(bad.body).toContain('aria-invalid="true"');
    expect((await db.meeting.findUniqueOrThrow({ where: { id: meetingId } })).heldOn).toEqual(
      new Date("2026-09-20T00:00:00Z"),
    );
    expect(await deadlines(meetingId)).toEqual(["2026-10-20", "2026-12-31", "2027-03-31", "2026-11-20"]);

    expect((await office.get("/meetings/999999/edit")).statusCode).toBe(404);
    expect((await office.get("/meetings/abc/edit")).statusCode).toBe(404);
    for (const role of ["unit", "leader"] as const) {
      const { browser } = await signedIn(ctx.app, db, { role });
      expect((await browser.get(`/meetings/${meetingId}/edit`)).statusCode).toBe(403);
      const post = await browser.post(
        `/meetings/${meetingId}/edit`,
        { title: "改名", kind: "常务会议", heldOn: "2026-10-01" },
        "/",
      );
      expect(post.statusCode).toBe(403);
      expect(textOf(post.body)).toContain("仅限督查室");
      expect((await browser.post(`/meetings/${meetingId}/delete`, { confirm: "on" }, "/")).statusCode).toBe(
        403,
      );
    }
    expect((await db.meeting.findUniqueOrThrow({ where: { id: meetingId } })).title).toBe(
      "区政府第12次常务会议纪要",
    );
  });
});

describe("deleting a record imported by mistake", () => {
  it("asks first, takes the drafts with it, and lets the record be imported again", async () => {
    const { db, office } = await setting();
    const { meetingId } = await importRecord(office, "2026-09-20");
    const unconfirmed = await office.post(`/meetings/${meetingId}/delete`, {}, `/meetings/${meetingId}/edit`);
    expect(unconfirmed.statusCode).toBe(422);
    expect(textOf(unconfirmed.body)).toContain("请勾选“确认删除”");
    expect(await db.task.count({ where: { meetingId } })).toBe(4);

    const deleted = await office.post(
      `/meetings/${meetingId}/delete`,
      { confirm: "on" },
      `/meetings/${meetingId}/edit`,
    );
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe("/meetings");
    expect(textOf((await office.get("/meetings")).body)).toContain("已删除纪要“区政府第12次常务会议纪要”");
    expect(await db.meeting.count()).toBe(0);
    expect(await db.task.count()).toBe(0);
    expect(await db.taskEvent.count()).toBe(0);
    // The same text again is a new import, not "already imported".
    await importRecord(office, "2026-09-20");
  });

  it("refuses once a task of the meeting has been handed out, and deletes nothing", async () => {
    const { db, office } = await setting();
    const { meetingId, drafts } = await importRecord(office, "2026-09-20");
    const assigned = await office.post(
      `/meetings/${meetingId}/assign`,
      { taskIds: [String(drafts[0]!.id)] },
      `/meetings/${meetingId}/review`,
    );
    expect(assigned.statusCode).toBe(303);
    const page = await office.get(`/meetings/${meetingId}/edit`);
    expect(textOf(page.body)).toContain("已有事项交办，不能删除");
    const refused = await office.post(
      `/meetings/${meetingId}/delete`,
      { confirm: "on" },
      `/meetings/${meetingId}/edit`,
    );
    expect(refused.statusCode).toBe(409);
    expect(textOf(refused.body)).toContain("已有事项交办，不能删除");
    expect(await db.task.count({ where: { meetingId } })).toBe(4);
    expect(await db.meeting.count()).toBe(1);
  });
});
