// The JSON API as an integration would use it: a token made on the account page, every endpoint, and the
// refusals each role meets, which must be the pages' refusals.
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { Browser, signedIn, signedInCast, textOf, useTestApp } from "../helpers/app.ts";
import { createTask, createTaskInProgress, password } from "../helpers/factories.ts";

let now = new Date("2026-11-24T02:00:00Z");
const ctx = useTestApp({ clock: () => now });

let shuiwu: number;
let caizheng: number;
type Who = "office" | "leader" | "lead" | "co" | "other";
let browsers: Record<Who, Browser>;
let tokens: Record<Who, string>;
let users: Record<Who, { id: number; username: string }>;

const tokenPattern = /duban_[A-Za-z0-9_-]{43}/;

async function makeToken(browser: Browser, name: string): Promise<string> {
  const res = await browser.post("/account/tokens", { name }, "/account/tokens");
  expect(res.statusCode).toBe(200);
  const token = tokenPattern.exec(res.body)?.[0];
  if (!token) throw new Error("no token on the page");
  return token;
}

function api(
  token: string | null,
  method: "GET" | "POST",
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return ctx.app.inject({
    method,
    url,
    payload,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

beforeAll(async () => {
  const cast = await signedInCast(ctx.app, ctx.db);
  ({ users, browsers } = cast);
  ({ lead: shuiwu, co: caizheng } = cast.unitIds);
  tokens = {} as typeof tokens;
  for (const kind of Object.keys(users) as Who[]) {
    tokens[kind] = await makeToken(browsers[kind], `${kind} 对接`);
  }
});
describe("API tokens", () => {
  it("shows a token once, stores only its hash, and stops it when revoked", async () => {
    const browser = browsers.lead;
    expect(textOf((await browser.get("/account")).body)).toContain("API 令牌");
    const created = await browser.post("/account/tokens", { name: "OA 系统" }, "/account/tokens");
    expect(textOf(created.body)).toContain("只显示一次");
    const token = tokenPattern.exec(created.body)![0];

    const row = await ctx.db.apiToken.findFirstOrThrow({ where: { name: "OA 系统" } });
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token.slice(6));

    const list = await browser.get("/account/tokens");
    expect(list.body).not.toContain(token);
    expect(textOf(list.body)).toContain("OA 系统");
    expect(textOf(list.body)).toContain("从未使用");

    expect((await api(token, "GET", "/api/units")).statusCode).toBe(200);
    const used = await ctx.db.apiToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(used.lastUsedAt?.toISOString()).toBe(now.toISOString());

    // Someone else cannot revoke it; its owner can.
    const stranger = await browsers.co.post(`/account/tokens/${row.id}/revoke`, {}, "/account/tokens");
    expect(stranger.statusCode).toBe(404);
    expect((await api(token, "GET", "/api/units")).statusCode).toBe(200);
    const revoked = await browser.post(`/account/tokens/${row.id}/revoke`, {}, "/account/tokens");
    expect(revoked.statusCode).toBe(303);
    expect(textOf((await browser.get("/account/tokens")).body)).toContain("吊销");

    const refused = await api(token, "GET", "/api/units");
    expect(refused.statusCode).toBe(401);
    expect(refused.json().message).toContain("令牌无效或已吊销");
    expect(refused.headers["www-authenticate"]).toContain("Bearer");
  });

  it("records use at most once a minute", async () => {
    const token = await makeToken(browsers.co, "节流");
    const id = (await ctx.db.apiToken.findFirstOrThrow({ where: { name: "节流" } })).id;
    const start = now;
    try {
      await api(token, "GET", "/api/units");
      now = new Date(start.getTime() + 30_000);
      await api(token, "GET", "/api/units");
      let row = await ctx.db.apiToken.findUniqueOrThrow({ where: { id } });
      expect(row.lastUsedAt?.toISOString()).toBe(start.toISOString());
      now = new Date(start.getTime() + 61_000);
      await api(token, "GET", "/api/units");
      row = await ctx.db.apiToken.findUniqueOrThrow({ where: { id } });
      expect(row.lastUsedAt?.toISOString()).toBe(now.toISOString());
    } finally {
      now = start;
    }
  });

  it("refuses a missing or unknown token, and the token of a disabled user", async () => {
    const missing = await api(null, "GET", "/api/tasks");
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({
      error: "请先登录",
      message: expect.stringContaining("缺少 API 令牌"),
    });
    expect((await api("duban_not-a-real-token", "GET", "/api/tasks")).statusCode).toBe(401);
    expect((await api(null, "GET", "/api/tasks", undefined, { authorization: "Basic abc" })).statusCode).toBe(
      401,
    );

    const { user, browser } = await signedIn(ctx.app, ctx.db, { role: "office" });
    const token = await makeToken(browser, "将停用");
    expect((await api(token, "GET", "/api/tasks")).statusCode).toBe(200);
    await ctx.db.user.update({ where: { id: user.id }, data: { active: false } });
    expect((await api(token, "GET", "/api/tasks")).statusCode).toBe(401);
  });

  it("revokes a user's tokens when they change their password, and says so on the account page", async () => {
    const { browser } = await signedIn(ctx.app, ctx.db, { role: "unit", unitId: shuiwu });
    const token = await makeToken(browser, "改密码前");
    expect((await api(token, "GET", "/api/tasks")).statusCode).toBe(200);
    const changed = await browser.post(
      "/account/password",
      { current: password, password: "new-secret-2027", confirm: "new-secret-2027" },
      "/account",
    );
    expect(changed.statusCode).toBe(303);
    expect(textOf((await browser.get("/account")).body)).toContain("您的 1 个 API 令牌已吊销");
    expect((await api(token, "GET", "/api/tasks")).statusCode).toBe(401);
    expect(textOf((await browser.get("/account/tokens")).body)).toContain("吊销");
  });

  it("revokes a user's tokens when the office disables the account, for good", async () => {
    const { user, browser } = await signedIn(ctx.app, ctx.db, { role: "leader" });
    const token = await makeToken(browser, "停用前");
    const office = browsers.office;
    expect((await office.post(`/users/${user.id}/active`, { active: "false" }, "/users")).statusCode).toBe(
      303,
    );
    expect((await office.post(`/users/${user.id}/active`, { active: "true" }, "/users")).statusCode).toBe(
      303,
    );
    // Enabled again, the account can sign in, but the old token stays dead.
    expect((await new Browser(ctx.app).login(user.username, password)).statusCode).toBe(303);
    expect((await api(token, "GET", "/api/tasks")).statusCode).toBe(401);
  });

  it("keeps API calls out of the session store, and a browser's cookie does not change who the token is", async () => {
    const before = await ctx.db.session.count();
    const res = await api(tokens.lead, "GET", "/api/tasks");
    expect(res.statusCode).toBe(200);
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(await ctx.db.session.count()).toBe(before);

    const task = await createTask(ctx.db, { state: "assigned", leadUnitId: caizheng });
    const cookie = `duban_sid=${browsers.office.cookie("duban_sid")}`;
    // The office's session would see any task; the lead unit's token must not.
    expect((await api(tokens.lead, "GET", `/api/tasks/${task.id}`, undefined, { cookie })).statusCode).toBe(
      403,
    );
  });
});

describe("tasks", () => {
  it("lists with the ledger's filters and pages, scoped for units", async () => {
    const db = ctx.db;
    const meeting = await db.meeting.create({
      data: { title: "区政府第52次常务会议", kind: "常务会议", sourceText: "纪要", contentHash: "api-list" },
    });
    const mine = await createTask(db, {
      state: "in_progress",
      leadUnitId: shuiwu,
      coUnitIds: [caizheng],
      deadline: "2026-11-20",
      title: "河道清淤整治",
      meetingId: meeting.id,
    });
    await createTask(db, { state: "draft", leadUnitId: shuiwu, title: "草稿事项" });

    const office = await api(tokens.office, "GET", `/api/tasks?q=${encodeURIComponent("河道清淤")}`);
    expect(office.statusCode).toBe(200);
    expect(office.json()).toMatchObject({ total: 1, page: 1, pages: 1, pageSize: 50 });
    expect(office.json().items[0]).toEqual({
      id: mine.id,
      title: "河道清淤整治",
      state: "in_progress",
      stateName: "办理中",
      light: "red",
      deadline: "2026-11-20",
      deadlineText: null,
      ongoing: false,
      leadUnit: { id: shuiwu, name: "区水务局" },
      coUnits: [{ id: caizheng, name: "区财政局" }],
      meeting: { id: meeting.id, title: "区政府第52次常务会议" },
    });

    const titles = async (who: Who, query = "") =>
      ((await api(tokens[who], "GET", `/api/tasks${query}`)).json().items as { title: string }[]).map(
        (t) => t.title,
      );
    expect(await titles("office")).toContain("草稿事项");
    expect(await titles("lead")).toContain("河道清淤整治");
    expect(await titles("lead")).not.toContain("草稿事项");
    expect(await titles("co")).toContain("河道清淤整治");
    expect(await titles("other")).not.toContain("河道清淤整治");
    expect(await titles("office", "?light=red&state=in_progress")).toContain("河道清淤整治");
    expect(await titles("office", "?state=done")).not.toContain("河道清淤整治");

    const far = await api(tokens.office, "GET", "/api/tasks?page=9");
    expect(far.json()).toMatchObject({ page: 9, items: [] });
  });

  it("shows one task with its reports, files, deadline history and events", async () => {
    const db = ctx.db;
    const task = await createTask(db, { state: "in_progress", leadUnitId: shuiwu, deadline: "2026-12-31" });
    const report = await db.progressReport.create({
      data: { taskId: task.id, authorId: users.lead.id, unitId: shuiwu, body: "已完成招标。" },
    });
    const file = await db.attachment.create({
      data: {
        taskId: task.id,
        reportId: report.id,
        fileName: "中标通知书.pdf",
        mimeType: "application/pdf",
        size: 12,
        sha256: "0".repeat(64),
        storagePath: "files/api-test/zhongbiao.pdf",
        uploadedById: users.lead.id,
      },
    });
    await db.extensionRequest.create({
      data: {
        taskId: task.id,
        requestedById: users.lead.id,
        originalDeadline: new Date("2026-10-31T00:00:00Z"),
        requestedDeadline: new Date("2026-12-31T00:00:00Z"),
        reason: "汛期停工",
        status: "approved",
      },
    });
    const res = await api(tokens.lead, "GET", `/api/tasks/${task.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.deadline).toBe("2026-12-31");
    expect(body.reports[0]).toMatchObject({
      body: "已完成招标。",
      unit: "区水务局",
      attachments: [{ id: file.id, fileName: "中标通知书.pdf", url: `/api/files/${file.id}` }],
    });
    expect(body.extensions[0]).toMatchObject({
      originalDeadline: "2026-10-31",
      requestedDeadline: "2026-12-31",
    });
    expect(body.actions).toEqual(
      expect.arrayContaining(["report", "request_completion", "request_extension"]),
    );

    expect((await api(tokens.office, "GET", "/api/tasks/999999")).statusCode).toBe(404);

    // The file behind the url, with the same token; only to those who may see the task.
    const stored = path.join(ctx.app.config.dataDir, file.storagePath);
    await mkdir(path.dirname(stored), { recursive: true });
    await writeFile(stored, "%PDF-1.4 中标");
    const download = await api(tokens.lead, "GET", `/api/files/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("application/pdf");
    expect(download.headers["content-disposition"]).toContain(encodeURIComponent("中标通知书.pdf"));
    expect(download.rawPayload.toString()).toBe("%PDF-1.4 中标");
    const stranger = await api(tokens.other, "GET", `/api/files/${file.id}`);
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json().message).toContain("不是本单位的督办事项");
    expect((await api(null, "GET", `/api/files/${file.id}`)).statusCode).toBe(401);
    expect((await api(tokens.office, "GET", "/api/files/999999")).statusCode).toBe(404);
    expect((await api(tokens.office, "GET", "/api/files/abc")).statusCode).toBe(404);
    expect((await api(tokens.office, "GET", "/api/files/2147483648")).statusCode).toBe(404);
    const unknown = await api(tokens.office, "GET", "/api/tasks/1/nothing");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toContain("没有这个接口");
    expect((await api(null, "GET", "/api/nothing")).statusCode).toBe(401);
  });

  it("walks a task from sign to done through transitions and reports", async () => {
    const task = await createTask(ctx.db, {
      state: "assigned",
      leadUnitId: shuiwu,
      coUnitIds: [caizheng],
      deadline: "2026-12-31",
    });
    const url = `/api/tasks/${task.id}`;
    const move = (who: Who, body: object) => api(tokens[who], "POST", `${url}/transitions`, body);

    const signed = await move("lead", { action: "sign" });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ state: "in_progress", stateName: "办理中" });

    const report = await api(tokens.co, "POST", `${url}/reports`, { body: "已拨付资金 800 万元。" });
    expect(report.statusCode).toBe(201);
    expect(report.json()).toMatchObject({
      body: "已拨付资金 800 万元。",
      unit: "区财政局",
      completion: false,
    });

    const ext = await move("lead", {
      action: "request_extension",
      requestedDeadline: "2027-03-31",
      reason: "资金未到位",
    });
    expect(ext.statusCode).toBe(200);
    expect(ext.json().extensions.at(-1)).toMatchObject({
      status: "pending",
      requestedDeadline: "2027-03-31",
    });
    expect(
      (await move("lead", { action: "request_extension", requestedDeadline: "2027-04-30", reason: "再延" }))
        .statusCode,
    ).toBe(409);

    expect((await move("lead", { action: "request_completion", summary: "已完工验收。" })).json().state).toBe(
      "pending_review",
    );
    const returned = await move("office", { action: "return", reason: "缺少验收报告" });
    expect(returned.json()).toMatchObject({ state: "in_progress" });
    expect(returned.json().events.at(-1)).toMatchObject({
      action: "return",
      actionName: "退回",
      note: "缺少验收报告",
    });
    await move("lead", { action: "request_completion", summary: "已补充验收报告。" });
    const approved = await move("office", { action: "approve", note: "同意" });
    expect(approved.json()).toMatchObject({ state: "done", light: null, doneOnTime: true });

    const instructed = await move("leader", { action: "instruct", text: "做得好，总结经验。" });
    expect(instructed.statusCode).toBe(200);
    expect(instructed.json().events.at(-1)).toMatchObject({ action: "instruct", note: "做得好，总结经验。" });

    const cancellable = await createTask(ctx.db, { state: "assigned", leadUnitId: shuiwu });
    const cancelled = await api(tokens.office, "POST", `/api/tasks/${cancellable.id}/transitions`, {
      action: "cancel",
      reason: "与第 3 项重复",
    });
    expect(cancelled.json().state).toBe("cancelled");
  });
});

describe("permission refusals", () => {
  it("answers 403 where the pages refuse, and 409 for the wrong state", async () => {
    const db = ctx.db;
    const assigned = await createTask(db, { state: "assigned", leadUnitId: shuiwu, coUnitIds: [caizheng] });
    const review = await createTask(db, { state: "pending_review", leadUnitId: shuiwu });
    const working = await createTask(db, { state: "in_progress", leadUnitId: shuiwu });
    const draft = await createTask(db, { state: "draft", leadUnitId: shuiwu });
    const move = (who: Who, id: number, body: object) =>
      api(tokens[who], "POST", `/api/tasks/${id}/transitions`, body);
    const report = (who: Who, id: number, body: string) =>
      api(tokens[who], "POST", `/api/tasks/${id}/reports`, { body });

    const notOurs = await api(tokens.other, "GET", `/api/tasks/${assigned.id}`);
    expect(notOurs.statusCode).toBe(403);
    expect(notOurs.json()).toEqual({ error: "没有权限", message: "这不是本单位的督办事项，无法查看" });
    expect((await api(tokens.lead, "GET", `/api/tasks/${draft.id}`)).statusCode).toBe(403);
    expect((await report("other", working.id, "代报")).statusCode).toBe(403);

    const unitApproves = await move("lead", review.id, { action: "approve" });
    expect(unitApproves.statusCode).toBe(403);
    expect(unitApproves.json().message).toBe("“审核通过”只能由督查室操作");
    const refused: [Who, number, { action: string; reason?: string }][] = [
      ["co", assigned.id, { action: "sign" }],
      ["leader", assigned.id, { action: "sign" }],
      ["leader", review.id, { action: "return", reason: "不行" }],
      ["leader", working.id, { action: "cancel", reason: "不要了" }],
    ];
    for (const [who, id, body] of refused) expect((await move(who, id, body)).statusCode, who).toBe(403);
    expect((await report("leader", working.id, "看看")).statusCode).toBe(403);
    const officeSigns = await move("office", assigned.id, { action: "sign" });
    expect(officeSigns.statusCode).toBe(403);
    expect(officeSigns.json().message).toContain("签收");

    const wrongState = await move("office", working.id, { action: "approve" });
    expect(wrongState.statusCode).toBe(409);
    expect(wrongState.json()).toEqual({ error: "操作冲突", message: "事项当前为“办理中”，不能审核通过" });
    expect(
      (await move("lead", assigned.id, { action: "request_completion", summary: "完成" })).statusCode,
    ).toBe(409);

    for (const url of ["/api/meetings", "/api/dashboard"]) {
      const res = await api(tokens.lead, "GET", url);
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toBe("此功能仅限督查室或领导使用");
    }
    expect((await move("lead", assigned.id, { action: "sign" })).statusCode).toBe(200);
  });
});

describe("validation", () => {
  it("answers 422 with a Chinese message per field", async () => {
    const task = await createTask(ctx.db, {
      state: "pending_review",
      leadUnitId: shuiwu,
      deadline: "2026-12-31",
    });
    const url = `/api/tasks/${task.id}/transitions`;

    const noReason = await api(tokens.office, "POST", url, { action: "return", reason: "  " });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json()).toMatchObject({ error: "填写有误", fields: { reason: "请填写理由" } });

    const unknown = await api(tokens.office, "POST", url, { action: "delete" });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().fields.action).toContain("操作 action 应为");

    const badDate = await api(tokens.lead, "POST", url, {
      action: "request_extension",
      requestedDeadline: "明年",
      reason: "忙",
    });
    expect(badDate.json().fields.requestedDeadline).toBe(
      "日期应为真实存在的日期，格式为 年-月-日，例如 2026-06-30",
    );
    for (const requestedDeadline of ["2026-02-31", "2026-13-45", "0000-00-00", "10000-01-01"]) {
      const impossible = await api(tokens.lead, "POST", `/api/tasks/${task.id}/transitions`, {
        action: "request_extension",
        requestedDeadline,
        reason: "忙",
      });
      expect(impossible.statusCode, requestedDeadline).toBe(422);
    }

    const emptyReport = await api(tokens.lead, "POST", `/api/tasks/${task.id}/reports`, {});
    expect(emptyReport.statusCode).toBe(422);
    expect(emptyReport.json().fields.body).toMatch(/[\u4e00-\u9fff]/);

    const badQuery = await api(tokens.office, "GET", "/api/tasks?state=finished&page=0");
    expect(badQuery.statusCode).toBe(422);
    expect(badQuery.json().fields).toEqual({ state: "状态选择有误", page: "页码有误" });

    // A path that can name no task is a missing page, whatever its shape.
    for (const id of ["abc", "0", "-1", "2147483648", "1.5"]) {
      const badId = await api(tokens.office, "GET", `/api/tasks/${id}`);
      expect(badId.statusCode, id).toBe(404);
      expect(badId.json().message).toMatch(/[\u4e00-\u9fff]/);
    }

    // A rule only the service knows comes back the same way.
    const { task: working } = await createTaskInProgress(ctx.db, shuiwu);
    const early = await api(tokens.lead, "POST", `/api/tasks/${working.id}/transitions`, {
      action: "request_extension",
      requestedDeadline: "2026-12-01",
      reason: "来不及",
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().fields.requestedDeadline).toContain("应晚于现在的完成时限");
  });
});

describe("meetings, units, dashboard", () => {
  it("gives each role what its pages give", async () => {
    const meetings = await api(tokens.leader, "GET", "/api/meetings");
    expect(meetings.statusCode).toBe(200);
    expect(meetings.json().items.map((m: { title: string }) => m.title)).toContain("区政府第52次常务会议");
    expect((await api(tokens.office, "GET", "/api/meetings")).statusCode).toBe(200);

    const units = await api(tokens.other, "GET", "/api/units");
    expect(units.statusCode).toBe(200);
    expect(units.json().items).toContainEqual({
      id: shuiwu,
      name: "区水务局",
      shortName: null,
      aliases: [],
      kind: "bureau",
      active: true,
    });

    const dashboard = await api(tokens.office, "GET", "/api/dashboard");
    expect(dashboard.statusCode).toBe(200);
    const d = dashboard.json();
    expect(d.asOf).toBe("2026-11-24");
    expect(d.summary.total.n).toBeGreaterThan(0);
    expect(d.summary.lights.red.href).toMatch(/^\/api\/tasks\?.*light=red/);
    const red = await api(tokens.office, "GET", d.summary.lights.red.href);
    expect(red.json().total).toBe(d.summary.lights.red.n);
    expect(d.trend).toHaveLength(12);
    expect((await api(tokens.leader, "GET", `/api/dashboard?unitId=${shuiwu}`)).statusCode).toBe(200);
    expect((await api(tokens.office, "GET", "/api/dashboard?state=draft")).statusCode).toBe(422);
  });
});

describe("OpenAPI", () => {
  it("describes every endpoint and the bearer scheme, and lists them on a page", async () => {
    const res = await api(tokens.office, "GET", "/api/openapi.json");
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.info.title).toBe("督办 Duban API");
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/api/calendar/notice",
        "/api/calendar/{year}",
        "/api/dashboard",
        "/api/files/{id}",
        "/api/meetings",
        "/api/meetings/{id}",
        "/api/meetings/{id}/drafts/{draftId}/decline",
        "/api/meetings/{id}/drafts/{draftId}/link",
        "/api/meetings/{id}/hand-out",
        "/api/periods",
        "/api/periods/offset",
        "/api/periods/start",
        "/api/tasks",
        "/api/tasks/{id}",
        "/api/tasks/{id}/reports",
        "/api/tasks/{id}/extensions/{extensionId}",
        "/api/tasks/{id}/transitions",
        "/api/tasks/{id}/urge",
        "/api/units",
        "/api/units/{id}",
        "/api/users",
        "/api/users/{id}",
      ].sort(),
    );
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    const transition = doc.paths["/api/tasks/{id}/transitions"].post;
    expect(JSON.stringify(transition.requestBody)).toContain("request_extension");
    expect(transition.responses["403"]).toBeDefined();
    expect(doc.paths["/api/tasks"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["state", "light", "unitId", "page"]),
    );

    const page = await api(tokens.lead, "GET", "/api/docs");
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(textOf(page.body)).toContain("POST /api/tasks/{id}/transitions");
    // A signed-in browser reads the page without a token.
    expect((await browsers.co.get("/api/docs")).statusCode).toBe(200);
  });
});
