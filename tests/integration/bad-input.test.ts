// Input a person or a script can send that once gave a 500 or a silently changed value: each is refused with a
// Chinese message and the status a client can act on, and nothing is written.
import { beforeAll, describe, expect, it } from "vitest";
import { Browser, expectRefusal, signedIn, textOf, useTestApp } from "../helpers/app.ts";
import { createTask, createTasks, createUnit, createUser } from "../helpers/factories.ts";

let office: Browser;
let unitUser: { id: number };
let leader: { id: number };
let shuiwu: number;
const now = new Date("2026-11-24T02:00:00Z");
const ctx = useTestApp({ clock: () => now });

const newTask = (fields: Record<string, string | string[]>) => ({
  origin: "leader",
  title: "推进老旧小区改造",
  leadUnitId: String(shuiwu),
  reportCycle: "monthly",
  deadline: "2026-12-31",
  ...fields,
});

beforeAll(async () => {
  const db = ctx.db;
  shuiwu = (await createUnit(db, { name: "区水务局" })).id;
  unitUser = await createUser(db, { role: "unit", unitId: shuiwu });
  leader = await createUser(db, { role: "leader" });
  office = (await signedIn(ctx.app, db, { role: "office" })).browser;
});

const taskCount = () => ctx.db.task.count();

describe("ids", () => {
  it("answers 404 for a path id that can name no row, on pages and the API", async () => {
    const task = await createTask(ctx.db, { leadUnitId: shuiwu });
    const paths = [
      "/tasks/abc",
      "/tasks/0",
      "/tasks/-1",
      "/tasks/2147483648",
      "/tasks/99999999999999999999",
      "/meetings/2147483648/review",
      "/files/abc",
    ];
    for (const path of paths) {
      const res = await office.get(path);
      expect(res.statusCode, path).toBe(404);
      expect(textOf(res.body), path).toContain("不存在");
    }
    const posts = [
      `/tasks/${task.id}/extensions/abc`,
      `/tasks/${task.id}/extensions/2147483648`,
      "/outbox/abc/retry",
      "/outbox/2147483648/retry",
      "/tasks/2147483648/sign",
      "/users/abc/active",
    ];
    for (const path of posts) {
      const res = await office.post(path, { decision: "approve", active: "true" }, "/");
      expect(res.statusCode, path).toBe(404);
    }
  });

  it("refuses an id beyond int4 in a filter with a message instead of failing in the database", async () => {
    for (const query of ["unitId=2147483648", "meetingId=9999999999", "unitId=1,2147483648"]) {
      const res = await office.get(`/tasks?${query}`);
      expect(res.statusCode, query).toBe(422);
      expect(textOf(res.body), query).toMatch(/选择有误/);
    }
  });

  it("refuses a co-unit or leader that does not exist, and a unit account as 分管领导", async () => {
    const before = await taskCount();
    const ghostUnit = await office.post("/tasks/new", newTask({ coUnitIds: ["987654"] }), "/tasks/new");
    expectRefusal(ghostUnit, "所选单位不存在或已停用");
    const notLeader = await office.post(
      "/tasks/new",
      newTask({ leaderId: String(unitUser.id) }),
      "/tasks/new",
    );
    expectRefusal(notLeader, "不是领导账号");
    expect(await taskCount()).toBe(before);

    const draft = await createTask(ctx.db, { state: "assigned", leadUnitId: shuiwu });
    const edit = (fields: Record<string, string | string[]>) =>
      office.post(
        `/tasks/${draft.id}/edit`,
        { title: draft.title, leadUnitId: String(shuiwu), reportCycle: "monthly", ...fields },
        `/tasks/${draft.id}`,
      );
    expect((await edit({ coUnitIds: "987654" })).statusCode).toBe(422);
    expect((await edit({ leaderId: String(unitUser.id) })).statusCode).toBe(422);
    const kept = await ctx.db.task.findUniqueOrThrow({
      where: { id: draft.id },
      include: { coUnits: true },
    });
    expect(kept.leaderId).toBeNull();
    expect(kept.coUnits).toEqual([]);
    expect((await edit({ leaderId: String(leader.id) })).statusCode).toBe(303);
  });
});

describe("duplicates and missing rows", () => {
  it("takes the same co-unit chosen twice as one, and refuses 分管 units that do not exist", async () => {
    const co = await createUnit(ctx.db, { name: "区财政局" });
    const twice = await office.post(
      "/tasks/new",
      newTask({ coUnitIds: [String(co.id), `0${co.id}`] }),
      "/tasks/new",
    );
    expect(twice.statusCode).toBe(303);
    const id = Number(/\/tasks\/(\d+)/.exec(twice.headers.location as string)?.[1]);
    expect(await ctx.db.taskCoUnit.count({ where: { taskId: id } })).toBe(1);

    const users = await ctx.db.user.count();
    const leaderForm = {
      username: "fuquzhang9",
      name: "测试副区长",
      role: "leader",
      leaderUnitIds: ["999999"],
      password: "mima2027abc",
    };
    const res = await office.post("/users", leaderForm, "/users");
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body).match(/所选分管单位不存在|[^ ]*有误[^ ]*/)?.[0]).toBe("所选分管单位不存在");
    expect(await ctx.db.user.count()).toBe(users);
  });
});

describe("the task a path names", () => {
  it("decides an extension only on its own task's page", async () => {
    const [mine, other] = await createTasks(
      ctx.db,
      { state: "in_progress", leadUnitId: shuiwu, deadline: "2026-12-31" },
      [{}, {}],
    );
    const request = await ctx.db.extensionRequest.create({
      data: {
        taskId: mine.id,
        requestedById: unitUser.id,
        requestedDeadline: new Date("2027-03-31T00:00:00Z"),
        originalDeadline: new Date("2026-12-31T00:00:00Z"),
        reason: "冬季停工",
      },
    });
    const wrong = await office.post(
      `/tasks/${other.id}/extensions/${request.id}`,
      { decision: "approve" },
      `/tasks/${other.id}`,
    );
    expect(wrong.statusCode).toBe(404);
    expect((await ctx.db.extensionRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe(
      "pending",
    );
  });
});

describe("dates", () => {
  it("refuses a date that does not exist instead of rolling it into the next month", async () => {
    const before = await taskCount();
    for (const deadline of ["2026-02-31", "2026-13-45", "0000-00-00", "20266-01-01", "1026-01-01"]) {
      const res = await office.post("/tasks/new", newTask({ deadline }), "/tasks/new");
      expect(res.statusCode, deadline).toBe(422);
      expect(textOf(res.body), deadline).toMatch(/真实存在的日期|1990 年至 2100 年/);
    }
    expect(await taskCount()).toBe(before);
    expect((await office.get("/tasks?from=2026-02-31")).statusCode).toBe(422);
    expect((await office.get("/dashboard?to=2026-13-01")).statusCode).toBe(422);
    expect((await office.get("/tasks?opened=2026-02-30..")).statusCode).toBe(422);
  });

  it("checks an export's filter before sending the first byte of the workbook", async () => {
    for (const query of ["from=2026-02-31", "unitId=2147483648", "page=0", "state=finished"]) {
      const res = await office.get(`/tasks/export.xlsx?${query}`);
      expect(res.statusCode, query).toBe(422);
      expect(res.headers["content-type"], query).toMatch(/text\/html/);
      expect(textOf(res.body), query).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await office.get("/tasks/export.xlsx?from=2026-02-28")).statusCode).toBe(200);
  });
});

describe("text", () => {
  it("refuses a NUL character anywhere in a form, a query or an API body, and writes nothing", async () => {
    const before = await taskCount();
    const form = await office.post("/tasks/new", newTask({ title: "推进\u0000改造" }), "/tasks/new");
    expectRefusal(form, "空字符");
    expect((await office.get("/tasks?q=%00")).statusCode).toBe(422);
    const paste = await office.post(
      "/meetings",
      {
        title: "区政府第1次常务会议纪要",
        kind: "常务会议",
        text: `会议要求，区水务局要在年底前完成排查。\u0000${"会议强调，要抓好落实。".repeat(5)}`,
      },
      "/meetings/import",
    );
    expect(paste.statusCode).toBe(422);
    expect(await taskCount()).toBe(before);
  });

  it("refuses a body nested deeper than any form, instead of overflowing the stack", async () => {
    const token = await office.csrfToken("/tasks/new");
    const deep = `${"[".repeat(20_000)}"x"${"]".repeat(20_000)}`;
    const res = await ctx.app.inject({
      method: "POST",
      url: "/tasks/new",
      payload: `{"title":${deep}}`,
      headers: {
        cookie: `duban_sid=${office.cookie("duban_sid")}`,
        "content-type": "application/json",
        "x-csrf-token": token,
      },
    });
    expectRefusal(res, "层级过深");
  });

  it("refuses half of a UTF-16 pair in JSON, which PostgreSQL cannot store", async () => {
    const token = await office.csrfToken("/tasks/new");
    const before = await taskCount();
    const res = await ctx.app.inject({
      method: "POST",
      url: "/tasks/new",
      payload: JSON.stringify(newTask({})).replace("推进老旧小区改造", "推进\\ud800改造"),
      headers: {
        cookie: `duban_sid=${office.cookie("duban_sid")}`,
        "content-type": "application/json",
        "x-csrf-token": token,
      },
    });
    expect(res.statusCode).toBe(422);
    expect(await taskCount()).toBe(before);
  });

  it("treats % and _ in a search as the characters, not as wildcards", async () => {
    await createTask(ctx.db, { leadUnitId: shuiwu, title: "完成率提高到95%以上" });
    await createTask(ctx.db, { leadUnitId: shuiwu, title: "清理河道" });
    const rows = async (q: string) =>
      [...(await office.get(`/tasks?q=${encodeURIComponent(q)}`)).body.matchAll(/href="\/tasks\/\d+"/g)]
        .length;
    expect(await rows("%")).toBe(1);
    expect(await rows("_")).toBe(0);
    expect(await rows("95%以上")).toBe(1);
  });
});

describe("big records", () => {
  it("refuses a paste with more directives than one record holds, and writes nothing", async () => {
    const lines = Array.from(
      { length: 520 },
      (_, i) => `会议要求，区水务局要在年底前完成第${i + 1}段堤防的排查整改。`,
    );
    const before = await ctx.db.meeting.count();
    const res = await office.post(
      "/meetings",
      { title: "区政府常务会议纪要（合订）", kind: "常务会议", text: lines.join("\n") },
      "/meetings/import",
    );
    expectRefusal(res, "超过每份纪要 500 项的上限");
    expect(await ctx.db.meeting.count()).toBe(before);
  });
});

describe("sign-in and caching", () => {
  it("answers an anonymous post that carries a valid form token with 401, not 500", async () => {
    const visitor = new Browser(ctx.app);
    const res = await visitor.post("/tasks/new", newTask({}), "/login");
    expect(res.statusCode).toBe(401);
    expect(textOf(res.body)).toContain("请重新登录");
  });

  it("marks signed-in pages and API answers no-store, and leaves the log-in page and assets cacheable", async () => {
    for (const path of ["/", "/tasks", "/dashboard", "/account"]) {
      expect((await office.get(path)).headers["cache-control"], path).toBe("no-store");
    }
    expect((await ctx.app.inject({ url: "/api/tasks" })).headers["cache-control"]).toBe("no-store");
    expect((await new Browser(ctx.app).get("/login")).headers["cache-control"]).toBeUndefined();
    expect((await office.get("/assets/app.css")).headers["cache-control"]).not.toBe("no-store");
  });
});
