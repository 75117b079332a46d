// 单位名录 kept by the office: adding, editing, names unique after normalising, 停用 with its open tasks flagged,
// merging a duplicate, the refusals every other role meets, and the same through /api.
import type { LightMyRequestResponse } from "fastify";
import { describe, expect, it } from "vitest";
import { type Browser, expectRefusal, signedIn, textOf, useTestApp } from "../helpers/app.ts";
import { createTask, createUnit, createUser } from "../helpers/factories.ts";

const ctx = useTestApp({ truncate: true });

const db = () => ctx.db;
const office = () => signedIn(ctx.app, db(), { role: "office" });

const unitForm = (fields: Record<string, string> = {}) => ({
  name: "区司法局",
  shortName: "",
  aliases: "",
  kind: "bureau",
  emails: "",
  duties: "",
  ...fields,
});

async function tokenOf(browser: Browser): Promise<string> {
  const res = await browser.post("/account/tokens", { name: "对接" }, "/account/tokens");
  return /duban_[A-Za-z0-9_-]{43}/.exec(res.body)![0];
}

function api(token: string, method: "GET" | "POST" | "PATCH", url: string, payload?: object) {
  return ctx.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
}

function expectRedirect(res: LightMyRequestResponse, to: string) {
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe(to);
}

describe("adding and editing units", () => {
  it("adds a unit with its emails and duties, and shows it in the directory", async () => {
    const { browser } = await office();
    const res = await browser.post(
      "/units",
      unitForm({
        name: "区 司法局",
        shortName: "司法局",
        aliases: "区司法行政局\n\n",
        emails: "sifa@duban.example\nbangong@duban.example",
        duties: "法律援助\n人民调解",
      }),
      "/units/new",
    );
    expectRedirect(res, "/units");
    const list = textOf((await browser.get("/units")).body);
    expect(list).toContain("已添加单位“区司法局”");
    expect(list).toContain("区司法局 司法局 区司法行政局 部门 sifa@duban.example，bangong@duban.example");
    const unit = await db().unit.findUniqueOrThrow({ where: { name: "区司法局" } });
    expect(unit.duties).toEqual(["法律援助", "人民调解"]);
  });

  it("refuses a name another unit already has once width and spaces are normalised", async () => {
    const { browser } = await office();
    await createUnit(db(), { name: "区ABC管理局", aliases: ["水务局"] });
    const fullWidth = await browser.post("/units", unitForm({ name: "区ＡＢＣ 管理局" }), "/units/new");
    expectRefusal(fullWidth, "“区ABC管理局”已是单位“区ABC管理局”的全称，单位名称不能重复");
    expect(fullWidth.body).toContain('value="区ＡＢＣ 管理局"');
    const alias = await browser.post(
      "/units",
      unitForm({ name: "区水利局", shortName: "水务局" }),
      "/units/new",
    );
    expectRefusal(alias, "“水务局”已是单位“区ABC管理局”的别名");
    expect(await db().unit.count()).toBe(1);
  });

  it("re-renders the form beside each bad field and adds nothing", async () => {
    const { browser } = await office();
    const res = await browser.post(
      "/units",
      unitForm({ name: "", kind: "ministry", emails: "sifa@duban.example\n不是邮箱" }),
      "/units/new",
    );
    expectRefusal(res, "请填写单位全称", "请选择单位类别", "邮箱格式不正确");
    expect(res.body).toContain('id="emails-error"');
    const tooMany = await browser.post(
      "/units",
      unitForm({ emails: Array.from({ length: 11 }, (_, i) => `u${i}@duban.example`).join("\n") }),
      "/units/new",
    );
    expectRefusal(tooMany, "联系邮箱最多 10 个");
    expect(await db().unit.count()).toBe(0);
  });

  it("sends the same form twice without a second unit", async () => {
    const { browser } = await office();
    expect((await browser.post("/units", unitForm(), "/units/new")).statusCode).toBe(303);
    expectRefusal(await browser.post("/units", unitForm(), "/units/new"), "已是单位“区司法局”的全称");
    expect(await db().unit.count()).toBe(1);
  });

  it("gives a unit added from a draft the email 催办 needs", async () => {
    const { browser } = await office();
    const unit = await createUnit(db(), { name: "区司法局" });
    const task = await createTask(db(), { leadUnitId: unit.id, state: "in_progress" });
    const before = await browser.post(`/tasks/${task.id}/urge`, { note: "" }, `/tasks/${task.id}`);
    expect(textOf(before.body)).toContain("没有登记联系邮箱");
    const edit = await browser.get(`/units/${unit.id}/edit`);
    expect(edit.statusCode).toBe(200);
    const saved = await browser.post(
      `/units/${unit.id}`,
      unitForm({ emails: "sifa@duban.example", aliases: "司法局", kind: "other" }),
      `/units/${unit.id}/edit`,
    );
    expectRedirect(saved, `/units/${unit.id}/edit`);
    const after = await browser.post(`/tasks/${task.id}/urge`, { note: "" }, `/tasks/${task.id}`);
    expect(after.statusCode).toBe(303);
    const row = await db().unit.findUniqueOrThrow({ where: { id: unit.id } });
    expect(row).toMatchObject({ emails: ["sifa@duban.example"], aliases: ["司法局"], kind: "other" });
  });

  it("lets a unit keep its own names but not take another's", async () => {
    const { browser } = await office();
    const unit = await createUnit(db(), { name: "区司法局", aliases: ["司法局"] });
    await createUnit(db(), { name: "区财政局" });
    const same = await browser.post(
      `/units/${unit.id}`,
      unitForm({ aliases: "司法局" }),
      `/units/${unit.id}/edit`,
    );
    expect(same.statusCode).toBe(303);
    const taken = await browser.post(
      `/units/${unit.id}`,
      unitForm({ aliases: "区财政局" }),
      `/units/${unit.id}/edit`,
    );
    expectRefusal(taken, "“区财政局”已是单位“区财政局”的全称");
  });

  it("answers 404 for a unit that does not exist", async () => {
    const { browser } = await office();
    for (const url of ["/units/abc/edit", "/units/99999/edit", "/units/0/merge", "/units/99999/merge"]) {
      expect((await browser.get(url)).statusCode).toBe(404);
    }
    expect((await browser.post("/units/99999", unitForm(), "/units")).statusCode).toBe(404);
  });
});

describe("deactivating a unit", () => {
  it("keeps its open tasks and flags them on the unit page, the ledger and the task page", async () => {
    const { browser } = await office();
    const unit = await createUnit(db(), { name: "区司法局" });
    const task = await createTask(db(), {
      leadUnitId: unit.id,
      state: "in_progress",
      title: "法律援助站建设",
    });
    const off = await browser.post(`/units/${unit.id}/active`, { active: "false" }, `/units/${unit.id}/edit`);
    expectRedirect(off, `/units/${unit.id}/edit`);
    const page = textOf((await browser.get(`/units/${unit.id}/edit`)).body);
    expect(page).toContain("已停用单位“区司法局”");
    expect(page).toContain("未办结 1 项 责任单位已停用");
    expect(textOf((await browser.get("/units")).body)).toContain("已停用单位（1 个）");
    expect(textOf((await browser.get("/tasks")).body)).toContain("法律援助站建设 区司法局（责任单位已停用）");
    expect(textOf((await browser.get(`/tasks/${task.id}`)).body)).toContain("区司法局（责任单位已停用）");
    expect((await db().task.findUniqueOrThrow({ where: { id: task.id } })).leadUnitId).toBe(unit.id);

    expect((await browser.post(`/units/${unit.id}/active`, { active: "true" }, "/units")).statusCode).toBe(
      303,
    );
    expect(textOf((await browser.get(`/tasks/${task.id}`)).body)).not.toContain("责任单位已停用");
  });
});

describe("merging a duplicate", () => {
  it("moves tasks, accounts, 分管 rows and names in one go and records it in each task's history", async () => {
    const { browser } = await office();
    const dup = await createUnit(db(), { name: "区水利局", aliases: ["水利局"] });
    const target = await createUnit(db(), { name: "区水务局", aliases: ["水务局"] });
    const other = await createUnit(db(), { name: "区财政局" });
    const led = await createTask(db(), { leadUnitId: dup.id, coUnitIds: [other.id], title: "水库除险加固" });
    const coBoth = await createTask(db(), { leadUnitId: other.id, coUnitIds: [dup.id, target.id] });
    const coOnly = await createTask(db(), { leadUnitId: other.id, coUnitIds: [dup.id], state: "done" });
    const staff = await createUser(db(), { role: "unit", unitId: dup.id });
    const leader = await createUser(db(), { role: "leader" });
    await db().leaderUnit.createMany({
      data: [
        { userId: leader.id, unitId: dup.id },
        { userId: leader.id, unitId: target.id },
      ],
    });

    const form = await browser.get(`/units/${dup.id}/merge`);
    expect(textOf(form.body)).toContain("它的 3 项督办事项");
    const unconfirmed = await browser.post(`/units/${dup.id}/merge`, { intoId: String(target.id) });
    expectRefusal(unconfirmed, "请勾选确认");
    const self = await browser.post(`/units/${dup.id}/merge`, { intoId: String(dup.id), confirm: "yes" });
    expectRefusal(self, "不能并入单位自身");
    expect((await db().unit.findUniqueOrThrow({ where: { id: dup.id } })).active).toBe(true);

    const res = await browser.post(`/units/${dup.id}/merge`, { intoId: String(target.id), confirm: "yes" });
    expectRedirect(res, `/units/${target.id}/edit`);
    expect(textOf((await browser.get(`/units/${target.id}/edit`)).body)).toContain(
      "已将“区水利局”并入“区水务局”：转移事项 3 项、账号 1 个、分管领导 1 位",
    );

    const tasks = await db().task.findMany({
      where: { id: { in: [led.id, coBoth.id, coOnly.id] } },
      orderBy: { id: "asc" },
      include: { coUnits: { orderBy: { unitId: "asc" } } },
    });
    expect(tasks.map((t) => [t.leadUnitId, t.coUnits.map((c) => c.unitId), t.unitIds])).toEqual([
      [target.id, [other.id], [target.id, other.id]],
      [other.id, [target.id], [other.id, target.id]],
      [other.id, [target.id], [other.id, target.id]],
    ]);
    expect((await db().user.findUniqueOrThrow({ where: { id: staff.id } })).unitId).toBe(target.id);
    expect(await db().leaderUnit.findMany({ where: { userId: leader.id } })).toEqual([
      { userId: leader.id, unitId: target.id },
    ]);
    const merged = await db().unit.findUniqueOrThrow({ where: { id: dup.id } });
    expect(merged).toMatchObject({ active: false, mergedIntoId: target.id });
    expect((await db().unit.findUniqueOrThrow({ where: { id: target.id } })).aliases).toEqual([
      "水务局",
      "区水利局",
      "水利局",
    ]);
    const history = textOf((await browser.get(`/tasks/${led.id}`)).body);
    expect(history).toContain("单位合并：区水利局 → 区水务局");
    expect(textOf((await browser.get("/units")).body)).toContain("已并入“区水务局”");

    const again = await browser.post(`/units/${dup.id}/merge`, { intoId: String(target.id), confirm: "yes" });
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain("该单位已并入“区水务局”");
    const revive = await browser.post(`/units/${dup.id}/active`, { active: "true" }, "/units");
    expect(revive.statusCode).toBe(409);
    expect(textOf(revive.body)).toContain("不能再启用");
  });
});

describe("who may keep the directory", () => {
  it.each(["unit", "leader"] as const)("refuses a %s user on every directory route", async (role) => {
    const { browser } = await signedIn(ctx.app, db(), { role });
    const unit = await createUnit(db(), { name: "区司法局" });
    const into = await createUnit(db(), { name: "区财政局" });
    for (const url of ["/units", "/units/new", `/units/${unit.id}/edit`, `/units/${unit.id}/merge`]) {
      const res = await browser.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(textOf(res.body)).toContain("此功能仅限督查室使用");
    }
    const posts: [string, Record<string, string>][] = [
      ["/units", unitForm({ name: "区越权局" })],
      ["/units", { name: "" }],
      [`/units/${unit.id}`, unitForm({ name: "区越权局" })],
      [`/units/${unit.id}/active`, { active: "false" }],
      [`/units/${unit.id}/merge`, { intoId: String(into.id), confirm: "yes" }],
    ];
    for (const [url, form] of posts) {
      expect((await browser.post(url, form, "/account")).statusCode, url).toBe(403);
    }
    const names = { name: { in: ["区司法局", "区财政局", "区越权局"] } };
    expect(await db().unit.findMany({ where: names, orderBy: { id: "asc" } })).toMatchObject([
      { name: "区司法局", active: true, mergedIntoId: null },
      { name: "区财政局", active: true },
    ]);
  });
});

describe("the units API", () => {
  it("adds and changes units with an office token, with the pages' refusals", async () => {
    const { browser } = await office();
    const token = await tokenOf(browser);
    const created = await api(token, "POST", "/api/units", {
      name: "区司法局",
      aliases: ["司法局"],
      emails: ["sifa@duban.example"],
    });
    expect(created.statusCode).toBe(201);
    const unit = created.json();
    expect(unit).toMatchObject({ name: "区司法局", kind: "bureau", aliases: ["司法局"], active: true });

    const clash = await api(token, "POST", "/api/units", { name: "司法局" });
    expect(clash.statusCode).toBe(422);
    expect(clash.json().message).toContain("已是单位“区司法局”的别名");
    const bad = await api(token, "POST", "/api/units", { name: "区财政局", emails: ["不是邮箱"] });
    expect(bad.statusCode).toBe(422);

    const patched = await api(token, "PATCH", `/api/units/${unit.id}`, {
      active: false,
      duties: ["法律援助"],
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      active: false,
      duties: ["法律援助"],
      emails: ["sifa@duban.example"],
    });
    expect((await api(token, "PATCH", "/api/units/99999", { active: true })).statusCode).toBe(404);
    expect((await api(token, "PATCH", "/api/units/abc", { active: true })).statusCode).toBe(404);
  });

  it("refuses unit and leader tokens on every write", async () => {
    const unit = await createUnit(db(), { name: "区司法局" });
    for (const role of ["unit", "leader"] as const) {
      const token = await tokenOf((await signedIn(ctx.app, db(), { role })).browser);
      expect((await api(token, "GET", "/api/units")).statusCode).toBe(200);
      expect((await api(token, "POST", "/api/units", { name: "区越权局" })).statusCode).toBe(403);
      expect((await api(token, "PATCH", `/api/units/${unit.id}`, { active: false })).statusCode).toBe(403);
    }
    expect(await db().unit.count({ where: { name: "区越权局" } })).toBe(0);
    expect((await db().unit.findUniqueOrThrow({ where: { id: unit.id } })).active).toBe(true);
  });

  it("describes every new field in Chinese in the OpenAPI document", async () => {
    const { browser } = await office();
    const doc = (await browser.get("/api/openapi.json")).json();
    const body = doc.paths["/api/units/{id}"].patch.requestBody.content["application/json"].schema;
    for (const [name, field] of Object.entries(body.properties as Record<string, { description?: string }>)) {
      expect(field.description, name).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
