// The review page never loses work: its one form sends every draft's fields, the pressed draft is saved and the
// others come back as they were typed; mistakes are shown beside their field and focused; 删除此项 asks first;
// 交办 refuses, naming every draft that blocks it, a draft without a lead unit or without a deadline or 长期坚持.
import { beforeEach, describe, expect, it } from "vitest";
import { type Browser, expectRefusal, signedIn, textOf, useTestApp } from "../helpers/app.ts";
import { createUnitIds } from "../helpers/factories.ts";

let office: Browser;
let shuiwu: number;
let caizheng: number;
const now = new Date("2026-11-24T02:00:00Z");
const ctx = useTestApp({ truncate: true, clock: () => now });

const sourceText =
  "会议要求，区水务局在明年汛期前完成城北排涝泵站改造。会议强调，要做好冬季供暖保障。会议要求，区财政局统筹安排配套资金。";

beforeEach(async () => {
  [shuiwu, caizheng] = (await createUnitIds(ctx.db, "区水务局", "区财政局")) as [number, number];
  office = (await signedIn(ctx.app, ctx.db, { role: "office" })).browser;
});

/** A meeting with three drafts, in the record's order: 泵站 (led, due), 供暖 (no unit), 资金 (led, no deadline). */
async function meetingWithDrafts() {
  const db = ctx.db;
  const meeting = await db.meeting.create({
    data: {
      title: "区政府第21次常务会议",
      kind: "常务会议",
      sourceText,
      contentHash: `review-${Math.random()}`,
    },
  });
  const spans = sourceText.split("。").filter(Boolean);
  let at = 0;
  const make = async (title: string, leadUnitId: number | null, deadline: string | null, i: number) => {
    const text = `${spans[i]}。`;
    const start = sourceText.indexOf(text, at);
    at = start + text.length;
    return db.task.create({
      data: {
        title,
        state: "draft",
        origin: "meeting",
        meetingId: meeting.id,
        leadUnitId,
        deadline: deadline ? new Date(`${deadline}T00:00:00Z`) : null,
        sourceText: text,
        sourceStart: start,
        sourceEnd: at,
      },
    });
  };
  const pump = await make("城北排涝泵站改造", shuiwu, "2027-05-31", 0);
  const heating = await make("冬季供暖保障", null, "2026-12-31", 1);
  const money = await make("统筹配套资金", caizheng, null, 2);
  return { meetingId: meeting.id, url: `/meetings/${meeting.id}/review`, pump, heating, money };
}

/** 保存 pressed on draft `id` of the review page at `url`, the page's form sending just its fields. */
function saveOne(url: string, id: number, values: Record<string, string | string[]>) {
  return office.post(url.replace(/\/review$/, "/save"), { save: String(id), ...fields(id, values) }, url);
}

/** Every draft's fields as the page's one form sends them, "<field>.<taskId>". */
function fields(id: number, values: Record<string, string | string[]>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${k}.${id}`, v]));
}

describe("the review page's one form", () => {
  it("saves the pressed draft and brings the others back as they were typed, once", async () => {
    const { url, meetingId, pump, heating } = await meetingWithDrafts();
    const page = await office.get(url);
    expect(page.body).toContain(`name="title.${pump.id}" form="review"`);
    expect(page.body).toContain(`name="save" value="${pump.id}"`);

    const saved = await office.post(
      `/meetings/${meetingId}/save`,
      {
        save: String(pump.id),
        ...fields(pump.id, {
          title: "城北泵站改造",
          leadUnitId: String(shuiwu),
          deadline: "2027-04-30",
          reportCycle: "monthly",
        }),
        ...fields(heating.id, {
          title: "冬季供暖兜底保障",
          leadUnitId: String(caizheng),
          deadline: "2026-12-31",
          reportCycle: "none",
          ongoing: "on",
        }),
      },
      url,
    );
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${url}#task-${pump.id}`);
    const db = ctx.db;
    expect(await db.task.findUniqueOrThrow({ where: { id: pump.id } })).toMatchObject({
      title: "城北泵站改造",
      reportCycle: "monthly",
    });
    // The other draft is not saved behind the clerk's back…
    expect(await db.task.findUniqueOrThrow({ where: { id: heating.id } })).toMatchObject({
      title: "冬季供暖保障",
      leadUnitId: null,
      ongoing: false,
    });
    // …but nothing typed into it is lost.
    const back = await office.get(url);
    const text = textOf(back.body);
    expect(text).toContain("已保存“城北泵站改造”");
    expect(back.body).toContain(`name="title.${heating.id}" form="review" value="冬季供暖兜底保障"`);
    expect(back.body).toMatch(new RegExp(`name="ongoing.${heating.id}" form="review" checked`));
    const heatingCard = back.body.slice(back.body.indexOf(`id="task-${heating.id}"`));
    expect(heatingCard.slice(0, heatingCard.indexOf("</article>"))).toContain(
      `<option value="${caizheng}" selected>区财政局</option>`,
    );
    expect(text.match(/有未保存的修改/g)).toHaveLength(1);
    // Kept for the one page the redirect opens: a later visit shows what is stored.
    const later = await office.get(url);
    expect(later.body).toContain(`name="title.${heating.id}" form="review" value="冬季供暖保障"`);
    expect(textOf(later.body)).not.toContain("有未保存的修改");
  });

  it("shows a mistake beside its field, focused, and keeps every draft as typed", async () => {
    const { url, meetingId, pump, heating } = await meetingWithDrafts();
    const refused = await office.post(
      `/meetings/${meetingId}/save`,
      {
        save: String(heating.id),
        ...fields(pump.id, { title: "泵站改造（未保存）", reportCycle: "none" }),
        ...fields(heating.id, { title: "", deadline: "2026-02-30", reportCycle: "none" }),
      },
      url,
    );
    expectRefusal(refused, "请填写事项名称", "日期应为真实存在的日期");
    const scope = `task-${heating.id}`;
    expect(refused.body).toContain(
      `id="${scope}-title" aria-invalid="true" aria-describedby="${scope}-title-error" autofocus`,
    );
    expect(refused.body).toContain(`id="${scope}-title-error"`);
    expect(refused.body.match(/ autofocus/g)).toHaveLength(1);
    expect(refused.body).toContain(`value="泵站改造（未保存）"`);
    const db = ctx.db;
    expect((await db.task.findUniqueOrThrow({ where: { id: heating.id } })).title).toBe("冬季供暖保障");
    expect((await db.task.findUniqueOrThrow({ where: { id: pump.id } })).title).toBe("城北排涝泵站改造");

    // A draft handed out in another tab cannot be saved from this page; the page says so and keeps the rest.
    await db.task.update({ where: { id: pump.id }, data: { state: "assigned" } });
    const stale = await office.post(
      `/meetings/${meetingId}/save`,
      { save: String(pump.id), ...fields(heating.id, { title: "供暖（仍在编辑）", reportCycle: "none" }) },
      url,
    );
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain("要保存的事项已交办或已被删除");
    expect(stale.body).toContain(`value="供暖（仍在编辑）"`);
    expect((await office.post(`/meetings/${meetingId}/save`, { save: "abc" }, url)).statusCode).toBe(422);
  });

  it("asks before 删除此项, and keeps what was typed in the others", async () => {
    const { url, pump, heating, money } = await meetingWithDrafts();
    const page = await office.get(url);
    const card = page.body.slice(page.body.indexOf(`id="task-${heating.id}"`));
    expect(card).toMatch(
      /<details class="confirm-drop">\s*<summary>删除此项<\/summary>[\s\S]*?确定删除第 2 项吗？/,
    );
    expect(card).toContain(`formaction="/tasks/${heating.id}/drop">确定删除</button>`);

    const dropped = await office.post(
      `/tasks/${heating.id}/drop`,
      {
        ...fields(money.id, { title: "统筹配套资金（改）", reportCycle: "none" }),
        ...fields(heating.id, { title: "x" }),
      },
      url,
    );
    expect(dropped.statusCode).toBe(303);
    const db = ctx.db;
    expect(await db.task.count({ where: { id: heating.id } })).toBe(0);
    const back = await office.get(url);
    expect(textOf(back.body)).toContain("已删除该事项");
    expect(back.body).toContain(`value="统筹配套资金（改）"`);
    expect(back.body).toContain(`value="城北排涝泵站改造"`);
    expect(await db.task.count({ where: { id: pump.id } })).toBe(1);
  });
});

describe("交办 from the review page", () => {
  it("names every draft that blocks it, hands out none, and goes through once they are fixed", async () => {
    const { url, meetingId, pump, heating, money } = await meetingWithDrafts();
    const ids = [pump, heating, money].map((t) => String(t.id));
    const page = textOf((await office.get(url)).body);
    expect(page).toContain("缺牵头单位");
    expect(page).toContain("缺完成时限");

    const refused = await office.post(
      `/meetings/${meetingId}/assign`,
      { taskIds: ids, ...fields(pump.id, { title: "泵站（未保存的修改）", reportCycle: "none" }) },
      url,
    );
    expectRefusal(
      refused,
      "以下 2 项还不能交办",
      "第 2 项“冬季供暖保障”没有牵头单位",
      "第 3 项“统筹配套资金”没有完成时限，也未勾选“长期坚持”",
      "本次未交办任何事项",
    );
    expect(refused.body).toContain(`value="泵站（未保存的修改）"`);
    const db = ctx.db;
    expect(await db.task.count({ where: { state: "assigned" } })).toBe(0);
    expect(await db.taskEvent.count({ where: { action: "assign" } })).toBe(0);

    // 长期坚持 stands in for a deadline; a lead unit is still needed.
    await saveOne(url, money.id, {
      title: "统筹配套资金",
      leadUnitId: String(caizheng),
      reportCycle: "monthly",
      ongoing: "on",
    });
    const still = await office.post(`/meetings/${meetingId}/assign`, { taskIds: ids }, url);
    expectRefusal(still, "以下 1 项还不能交办", "第 2 项“冬季供暖保障”没有牵头单位");
    expect(textOf(still.body)).not.toContain("统筹配套资金”没有");

    await saveOne(url, heating.id, {
      title: "冬季供暖保障",
      leadUnitId: String(shuiwu),
      deadline: "2026-12-31",
      reportCycle: "none",
    });
    const assigned = await office.post(`/meetings/${meetingId}/assign`, { taskIds: ids }, url);
    expect(assigned.statusCode).toBe(303);
    expect(await db.task.count({ where: { state: "assigned" } })).toBe(3);
  });

  it("warns about a deadline already past, but hands the draft out", async () => {
    const { url, meetingId, pump } = await meetingWithDrafts();
    await ctx.db.task.update({
      where: { id: pump.id },
      data: { deadline: new Date("2026-11-20T00:00:00Z") },
    });
    const page = textOf((await office.get(url)).body);
    expect(page).toContain("时限已过");
    expect(page).toContain("完成时限 2026年11月20日 已早于今天，交办后即为逾期，请核对");
    const assigned = await office.post(`/meetings/${meetingId}/assign`, { taskIds: [String(pump.id)] }, url);
    expect(assigned.statusCode).toBe(303);
    expect((await ctx.db.task.findUniqueOrThrow({ where: { id: pump.id } })).state).toBe("assigned");
  });
});
