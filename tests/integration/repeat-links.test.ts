// A later meeting that asks again for open tasks: its import proposes the links with why, linking leaves one
// task counted twice (yellow at least, its units told, the meeting in its history), declining keeps the draft,
// and the refusals and second tries lose nothing. The same through the API.
import type { LightMyRequestResponse } from "fastify";
import { beforeEach, describe, expect, it } from "vitest";
import { type Browser, loggedIn, textOf, useTestApp } from "../helpers/app.ts";
import { createUnit, createUser } from "../helpers/factories.ts";
import { formKeyOf } from "../helpers/form-keys.ts";

const ctx = useTestApp({ truncate: true });

// Our own records, a month apart: the second repeats three directives of the first (one with "再次强调", one
// with "继续抓好", one only by subject and unit) and adds a new one.
const first = `区政府第20次常务会议纪要
一、关于防汛准备
会议要求，区水务局要在主汛期前完成全部病险水库除险加固任务。
二、关于学校建设
会议要求，区教育局要加快推进第三小学扩建工程，确保9月1日秋季开学前投入使用。
三、关于老旧小区改造
会议要求，区住建局要在年底前完成12个老旧小区改造，同步做好加装电梯工作。`;

const second = `区政府第21次常务会议纪要
一、关于防汛准备
会议再次强调，区水务局要抓紧病险水库除险加固，确保主汛期前全部完工。
二、关于老旧小区改造
会议指出，老旧小区改造进度偏慢，区住建局要继续抓好老旧小区改造和加装电梯，年底前必须全部完成。
三、关于学校建设
会议要求，区教育局要倒排工期，确保第三小学扩建工程秋季开学前投入使用。
四、关于供水管网
会议要求，区水务局要做好城区供水管网漏损排查，年底前漏损率降至9%以下。`;

let office: Browser;
let unitStaff: Browser;
let units: Record<string, number>;

beforeEach(async () => {
  const db = ctx.db;
  units = {};
  for (const name of ["区水务局", "区教育局", "区住建局"]) units[name] = (await createUnit(db, { name })).id;
  await db.unit.update({ where: { id: units.区水务局! }, data: { emails: ["shuiwu@example.gov.cn"] } });
  office = await loggedIn(ctx.app, (await createUser(db, { role: "office" })).username);
  unitStaff = await loggedIn(
    ctx.app,
    (await createUser(db, { role: "unit", unitId: units.区水务局! })).username,
  );
});

async function importRecord(text: string, title: string, heldOn: string) {
  const res = await office.post(
    "/meetings",
    { title, kind: "常务会议", heldOn, chair: "", text },
    "/meetings/import",
  );
  expect(res.statusCode).toBe(303);
  return Number(/\/meetings\/(\d+)\/review/.exec(res.headers.location as string)![1]);
}

const drafts = (meetingId: number) =>
  ctx.db.task.findMany({ where: { meetingId, state: "draft" }, orderBy: { sourceStart: "asc" } });

/** The first meeting imported and handed out, then the second imported: its drafts in the record's order. */
async function twoMeetings() {
  const firstId = await importRecord(first, "区政府第20次常务会议纪要", "2026-05-10");
  const handOut = await drafts(firstId);
  expect(handOut).toHaveLength(3);
  const assigned = await office.post(
    `/meetings/${firstId}/assign`,
    { taskIds: handOut.map((t) => String(t.id)) },
    `/meetings/${firstId}/review`,
  );
  expect(assigned.statusCode).toBe(303);
  const secondId = await importRecord(second, "区政府第21次常务会议纪要", "2026-06-10");
  const [shuiku, xiaoqu, xuexiao, guanwang] = await drafts(secondId);
  return {
    firstId,
    secondId,
    open: handOut,
    shuiku: shuiku!,
    xiaoqu: xiaoqu!,
    xuexiao: xuexiao!,
    guanwang: guanwang!,
  };
}

const candidateIds = (task: { linkCandidates: unknown }) =>
  (task.linkCandidates as { taskId: number }[]).map((c) => c.taskId);

function linkOn(browser: Browser, meetingId: number, draftId: number, taskId: number, press = "link") {
  return browser.post(
    `/tasks/${draftId}/${press}`,
    { taskId: String(taskId) },
    `/meetings/${meetingId}/review`,
  );
}

describe("a directive that repeats an open task", () => {
  it("is proposed as a link with why; linking three leaves one task each, counted twice, yellow, told", async () => {
    const { secondId, open, shuiku, xiaoqu, xuexiao, guanwang } = await twoMeetings();
    const [reservoir, school, housing] = open;
    expect(candidateIds(shuiku)).toEqual([reservoir!.id]);
    expect(candidateIds(xiaoqu)).toEqual([housing!.id]);
    expect(candidateIds(xuexiao)).toEqual([school!.id]);
    expect(candidateIds(guanwang)).toEqual([]);

    const page = textOf((await office.get(`/meetings/${secondId}/review`)).body);
    expect(page).toContain(`关联到已有事项 #${reservoir!.id}`);
    expect(page).toContain("原文有“再次强调”");
    expect(page).toContain("共同主题词：病险水库除险加固");
    expect(page).toContain("同为区水务局承办");
    expect(page).toContain("首次见于区政府第20次常务会议纪要（2026年5月10日）");

    for (const [draft, target] of [
      [shuiku, reservoir],
      [xiaoqu, housing],
      [xuexiao, school],
    ] as const) {
      const res = await linkOn(office, secondId, draft.id, target!.id);
      expect(res.statusCode).toBe(303);
      const after = textOf((await office.get(res.headers.location as string)).body);
      expect(after).toContain(`已关联到事项 #${target!.id}`);
      expect(after).toContain("这是第2次强调");
    }

    // One task each, counted twice; the second meeting keeps only its new directive as a draft.
    expect(await ctx.db.task.count({ where: { state: { not: "draft" } } })).toBe(3);
    expect((await drafts(secondId)).map((t) => t.id)).toEqual([guanwang.id]);
    const counted = await ctx.db.task.findMany({ where: { id: { in: open.map((t) => t.id) } } });
    expect(counted.map((t) => t.repeatCount)).toEqual([2, 2, 2]);
    expect(await ctx.db.taskMention.count({ where: { meetingId: secondId } })).toBe(3);

    // The task page: yellow (its deadline is months away and it is signed for), the 强调 and the new words.
    await ctx.db.task.update({
      where: { id: reservoir!.id },
      data: { deadline: new Date("2027-06-01"), state: "in_progress" },
    });
    const taskPage = await unitStaff.get(`/tasks/${reservoir!.id}`);
    expect(taskPage.statusCode).toBe(200);
    const shown = textOf(taskPage.body);
    expect(shown).toContain("黄灯");
    expect(shown).toContain("第2次强调");
    expect(shown).toContain("会议再次强调，区水务局要抓紧病险水库除险加固");
    expect(shown).toContain("区政府第21次常务会议纪要 · 2026年6月10日");

    // Each task's unit is told once: the water bureau at its mailbox; the two units without any address get a
    // failed row naming them, as every notice does.
    const told = await ctx.db.outboxEmail.findMany({
      where: { kind: "notice", subject: { contains: "再次强调" } },
      orderBy: { id: "asc" },
    });
    expect(told).toHaveLength(3);
    const reached = told.filter((m) => m.toAddresses.length > 0);
    expect(reached.map((m) => m.toAddresses)).toEqual([["shuiwu@example.gov.cn"]]);
    expect(reached[0]!.textBody).toContain("区政府第21次常务会议纪要再次强调了本事项，这是第2次在会议上提出");
    expect(told.filter((m) => m.status === "failed").map((m) => m.lastError)).toEqual([
      expect.stringContaining("没有联系邮箱"),
      expect.stringContaining("没有联系邮箱"),
    ]);

    // The second meeting's review lists what it linked; the record cannot be deleted any more.
    const review = textOf((await office.get(`/meetings/${secondId}/review`)).body);
    expect(review).toContain("本次会议再次强调的已有事项");
    expect(review).toContain("累计强调 2 次");
    const deleted = await office.post(
      `/meetings/${secondId}/delete`,
      { confirm: "on" },
      `/meetings/${secondId}/edit`,
    );
    expect(deleted.statusCode).toBe(409);
    expect(textOf(deleted.body)).toContain("已有事项关联到已交办的事项，不能删除");
  });

  it("declines: the candidate goes, the draft stays and is handed out as a new task", async () => {
    const { secondId, open, shuiku } = await twoMeetings();
    const res = await linkOn(office, secondId, shuiku.id, open[0]!.id, "decline");
    expect(res.statusCode).toBe(303);
    expect(textOf((await office.get(res.headers.location as string)).body)).toContain("将作为新事项交办");
    const kept = await ctx.db.task.findUniqueOrThrow({ where: { id: shuiku.id } });
    expect(candidateIds(kept)).toEqual([]);
    expect(kept.state).toBe("draft");
    // Declined twice is the same.
    expect((await linkOn(office, secondId, shuiku.id, open[0]!.id, "decline")).statusCode).toBe(303);
    expect((await ctx.db.task.findUniqueOrThrow({ where: { id: open[0]!.id } })).repeatCount).toBe(1);
  });

  it("refuses a unit, a closed task, a link sent twice and a second link of one meeting to one task", async () => {
    const { secondId, open, shuiku, guanwang } = await twoMeetings();
    const reservoir = open[0]!;
    const forbidden = await unitStaff.post(
      `/tasks/${shuiku.id}/link`,
      { taskId: String(reservoir.id) },
      "/account",
    );
    expect(forbidden.statusCode).toBe(403);
    expect(await ctx.db.taskMention.count()).toBe(0);

    // A finished task cannot be asked for again: a 422 beside the draft, nothing written.
    await ctx.db.task.update({ where: { id: open[1]!.id }, data: { state: "done", doneAt: new Date() } });
    const closed = await linkOn(office, secondId, guanwang.id, open[1]!.id);
    expect(closed.statusCode).toBe(422);
    expect(textOf(closed.body)).toContain("已办结或已撤销，不能关联");

    // The same press sent twice (one rendered page, one form key): linked once.
    const reviewPage = await office.get(`/meetings/${secondId}/review`);
    const key = formKeyOf(reviewPage.body, 'id="review"');
    const once = (): Promise<LightMyRequestResponse> =>
      office.post(
        `/tasks/${shuiku.id}/link`,
        { taskId: String(reservoir.id), _formKey: key },
        `/meetings/${secondId}/review`,
      );
    expect((await once()).statusCode).toBe(303);
    const again = await once();
    expect(again.statusCode).toBe(409);
    expect((await ctx.db.task.findUniqueOrThrow({ where: { id: reservoir.id } })).repeatCount).toBe(2);

    // Another directive of the same meeting linked to the same task: counted once per meeting.
    const twice = await linkOn(office, secondId, guanwang.id, reservoir.id);
    expect(twice.statusCode).toBe(409);
    expect(textOf(twice.body)).toContain("同一次会议只计一次");
    expect(await ctx.db.task.count({ where: { id: guanwang.id } })).toBe(1);
    expect((await ctx.db.task.findUniqueOrThrow({ where: { id: reservoir.id } })).repeatCount).toBe(2);
  });
});

describe("the meetings API", () => {
  async function token(browser: Browser): Promise<string> {
    const res = await browser.post("/account/tokens", { name: "OA 对接" }, "/account/tokens");
    return /duban_[A-Za-z0-9_-]{43}/.exec(res.body)![0];
  }
  const api = (t: string, method: "GET" | "POST", url: string, payload?: object) =>
    ctx.app.inject({ method, url, payload, headers: { authorization: `Bearer ${t}` } });

  it("imports a record with its drafts and link candidates, links and declines", async () => {
    const t = await token(office);
    const one = await api(t, "POST", "/api/meetings", {
      title: "区政府第20次常务会议纪要",
      kind: "常务会议",
      heldOn: "2026-05-10",
      text: first,
    });
    expect(one.statusCode).toBe(201);
    const firstMeeting = one.json();
    expect(firstMeeting.drafts).toHaveLength(3);
    expect(
      firstMeeting.drafts.every((d: { linkCandidates: unknown[] }) => d.linkCandidates.length === 0),
    ).toBe(true);
    // The same record again is not a second meeting.
    const dup = await api(t, "POST", "/api/meetings", { title: "重复", kind: "常务会议", text: first });
    expect(dup.statusCode).toBe(200);
    expect(dup.json().id).toBe(firstMeeting.id);
    const handed = await api(t, "POST", `/api/meetings/${firstMeeting.id}/hand-out`, {});
    expect(handed.statusCode).toBe(200);

    const two = await api(t, "POST", "/api/meetings", {
      title: "区政府第21次常务会议纪要",
      kind: "常务会议",
      heldOn: "2026-06-10",
      text: second,
    });
    expect(two.statusCode).toBe(201);
    const m = two.json();
    const [shuiku, xiaoqu] = m.drafts;
    expect(shuiku.linkCandidates).toEqual([
      expect.objectContaining({
        taskId: firstMeeting.drafts[0].id,
        why: expect.stringContaining("再次强调"),
      }),
    ]);
    const shown = await api(t, "GET", `/api/meetings/${m.id}`);
    expect(shown.json().drafts).toHaveLength(4);

    const linked = await api(t, "POST", `/api/meetings/${m.id}/drafts/${shuiku.id}/link`, {
      taskId: firstMeeting.drafts[0].id,
    });
    expect(linked.statusCode).toBe(200);
    expect(linked.json()).toEqual({ taskId: firstMeeting.drafts[0].id, repeatCount: 2 });
    // Sent again: the draft is gone.
    const retried = await api(t, "POST", `/api/meetings/${m.id}/drafts/${shuiku.id}/link`, {
      taskId: firstMeeting.drafts[0].id,
    });
    expect(retried.statusCode).toBe(404);

    const declined = await api(t, "POST", `/api/meetings/${m.id}/drafts/${xiaoqu.id}/decline`, {
      taskId: xiaoqu.linkCandidates[0].taskId,
    });
    expect(declined.statusCode).toBe(200);
    const after = declined.json();
    expect(after.linked).toEqual([
      expect.objectContaining({ taskId: firstMeeting.drafts[0].id, repeatCount: 2 }),
    ]);
    expect(after.drafts.find((d: { id: number }) => d.id === xiaoqu.id).linkCandidates).toEqual([]);

    // Refusals: a bad id, a bad body, a unit's token.
    expect((await api(t, "GET", "/api/meetings/99999")).statusCode).toBe(404);
    const bad = await api(t, "POST", `/api/meetings/${m.id}/drafts/${xiaoqu.id}/link`, { taskId: "七" });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toMatch(/[\u4e00-\u9fff]/);
    const unitToken = await token(unitStaff);
    expect((await api(unitToken, "GET", `/api/meetings/${m.id}`)).statusCode).toBe(403);
    expect(
      (await api(unitToken, "POST", "/api/meetings", { title: "x", kind: "常务会议", text: second }))
        .statusCode,
    ).toBe(403);
  });
});
