// 账号管理 kept by the office: editing an account and a leader's 分管 units, resetting a password (which the user
// must change before anything else), 停用/启用, the last office account, the refusals for every other role, and
// the same through /api.
import { describe, expect, it } from "vitest";
import { loadActor } from "../../src/features/auth/service.ts";
import { setAccountActive, updateAccount } from "../../src/features/users/service.ts";
import {
  Browser,
  changePassword,
  expectRefusal,
  loggedIn,
  signedIn,
  textOf,
  useTestApp,
} from "../helpers/app.ts";
import { createUnit, createUser, password } from "../helpers/factories.ts";

// 2026年12月1日 09:30 in Shanghai.
const now = new Date("2026-12-01T01:30:00Z");
const ctx = useTestApp({ truncate: true, clock: () => now });

const db = () => ctx.db;
const office = () => signedIn(ctx.app, db(), { role: "office" });

async function tokenOf(browser: Browser): Promise<string> {
  const res = await browser.post("/account/tokens", { name: "对接" }, "/account/tokens");
  return /duban_[A-Za-z0-9_-]{43}/.exec(res.body)![0];
}

function api(token: string, method: "GET" | "POST" | "PATCH", url: string, payload?: object) {
  return ctx.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
}

describe("the accounts list", () => {
  it("shows when each person last signed in", async () => {
    const { browser } = await office();
    const never = await createUser(db(), { role: "leader" });
    const text = textOf((await browser.get("/users")).body);
    expect(text).toContain("2026年12月1日 09:30");
    expect(text).toMatch(new RegExp(`${never.username} .*从未登录`));
  });
});

describe("editing an account", () => {
  it("changes name, email, role and unit, and asks a unit account for its unit", async () => {
    const { browser } = await office();
    const unit = await createUnit(db(), { name: "区司法局" });
    const user = await createUser(db(), { role: "leader" });
    const edit = `/users/${user.id}/edit`;
    expect((await browser.get(edit)).statusCode).toBe(200);
    const unitless = await browser.post(
      `/users/${user.id}`,
      { name: "王敏", email: "", role: "unit", unitId: "" },
      edit,
    );
    expectRefusal(unitless, "责任单位账号必须选择所属单位");
    expect(unitless.body).toContain('value="王敏"');
    const bad = await browser.post(`/users/${user.id}`, { name: "", email: "wang@", role: "boss" }, edit);
    expectRefusal(bad, "请填写姓名", "邮箱格式不正确", "请选择角色");

    const ok = await browser.post(
      `/users/${user.id}`,
      { name: "王敏", email: "wangmin@duban.example", role: "unit", unitId: String(unit.id) },
      edit,
    );
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(edit);
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      name: "王敏",
      email: "wangmin@duban.example",
      role: "unit",
      unitId: unit.id,
    });
    expect(textOf((await browser.get("/users")).body)).toContain(
      "王敏 责任单位 区司法局 wangmin@duban.example",
    );
  });

  it("sets a leader's 分管 units, which the leader's dashboard then starts from", async () => {
    const { browser } = await office();
    const water = await createUnit(db(), { name: "区水务局" });
    const money = await createUnit(db(), { name: "区财政局" });
    await createUnit(db(), { name: "区教体局" });
    const leader = await createUser(db(), { role: "leader" });
    const leaderBrowser = await loggedIn(ctx.app, leader.username);
    const res = await browser.post(
      `/users/${leader.id}`,
      { name: "副区长", email: "", role: "leader", leaderUnitIds: [String(water.id), String(money.id)] },
      `/users/${leader.id}/edit`,
    );
    expect(res.statusCode).toBe(303);
    expect(textOf((await leaderBrowser.get("/dashboard")).body)).toContain("分管单位（区水务局、区财政局）");
    const gone = await browser.post(
      `/users/${leader.id}`,
      { name: "副区长", role: "leader", leaderUnitIds: "99999" },
      `/users/${leader.id}/edit`,
    );
    expectRefusal(gone, "所选分管单位不存在");
    expect(await db().leaderUnit.count({ where: { userId: leader.id } })).toBe(2);
  });

  it("answers 404 for an account that does not exist", async () => {
    const { browser } = await office();
    for (const url of ["/users/abc/edit", "/users/99999/edit"])
      expect((await browser.get(url)).statusCode).toBe(404);
    expect((await browser.post("/users/99999/password", {}, "/users")).statusCode).toBe(404);
    expect((await browser.post("/users/99999", { name: "某人", role: "office" }, "/users")).statusCode).toBe(
      404,
    );
  });
});

describe("resetting a password", () => {
  it("shows a new password once and makes the user change it before anything else", async () => {
    const { browser } = await office();
    const unit = await createUnit(db(), { name: "区司法局" });
    const { user, browser: theirs } = await signedIn(ctx.app, db(), { role: "unit", unitId: unit.id });
    const res = await browser.post(`/users/${user.id}/password`, {}, `/users/${user.id}/edit`);
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain("新密码只显示这一次");
    const temporary = /id="new-password">([^<]+)</.exec(res.body)![1]!;
    expect(temporary).toMatch(/^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/);
    expect(textOf((await browser.get("/users")).body)).toContain("待改密码");

    // Signed out at once, and the old password is gone.
    expect((await theirs.get("/")).headers.location).toBe("/login");
    expect((await new Browser(ctx.app).login(user.username, password)).statusCode).toBe(401);

    const next = new Browser(ctx.app);
    const login = await next.login(user.username, temporary);
    expect(login.headers.location).toBe("/account");
    expect(textOf((await next.get("/account")).body)).toContain("督查室已重置您的密码");
    expect((await next.get("/tasks")).headers.location).toBe("/account");
    const elsewhere = await next.post("/account/tokens", { name: "对接" }, "/account");
    expect(elsewhere.statusCode).toBe(403);
    expect(textOf(elsewhere.body)).toContain("请先在“我的账号”中设置新密码");

    const same = await changePassword(next, temporary, temporary);
    expectRefusal(same, "新密码不能与当前密码相同");
    const changed = await changePassword(next, temporary, "xinmima2026");
    expect(changed.statusCode).toBe(303);
    expect((await next.get("/")).statusCode).toBe(200);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).mustChangePassword).toBe(false);
    expect((await new Browser(ctx.app).login(user.username, "xinmima2026")).headers.location).toBe("/");
  });

  it("refuses the office's own password, which is changed on 我的账号", async () => {
    const { browser, user } = await office();
    const res = await browser.post(`/users/${user.id}/password`, {}, "/users");
    expectRefusal(res, "不能重置自己的密码");
  });
});

describe("disabling accounts", () => {
  it("ends a disabled user's sessions, refuses their sign-in, and lets them back when re-enabled", async () => {
    const { browser } = await office();
    const { user, browser: theirs } = await signedIn(ctx.app, db(), { role: "leader" });
    const off = await browser.post(`/users/${user.id}/active`, { active: "false" }, "/users");
    expect(off.statusCode).toBe(303);
    expect((await theirs.get("/")).headers.location).toBe("/login");
    expect((await new Browser(ctx.app).login(user.username, password)).statusCode).toBe(401);
    expect(textOf((await browser.get("/users")).body)).toContain("已停用");
    expect((await browser.post(`/users/${user.id}/active`, { active: "true" }, "/users")).statusCode).toBe(
      303,
    );
    expect((await new Browser(ctx.app).login(user.username, password)).statusCode).toBe(303);
  });

  it("keeps the last active office account from being demoted", async () => {
    const { browser, user } = await office();
    const res = await browser.post(
      `/users/${user.id}`,
      { name: "督查员", role: "leader" },
      `/users/${user.id}/edit`,
    );
    expectRefusal(res, "这是最后一个可用的督查室账号");
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("office");
  });

  it("lets only one of two office users disabling each other at the same moment succeed", async () => {
    const a = await office();
    const b = await office();
    // Both pages are open before either presses the button.
    const [tokenA, tokenB] = [await a.browser.csrfToken("/users"), await b.browser.csrfToken("/users")];
    const [fromA, fromB] = await Promise.all([
      a.browser.post(`/users/${b.user.id}/active`, { _csrf: tokenA, active: "false" }),
      b.browser.post(`/users/${a.user.id}/active`, { _csrf: tokenB, active: "false" }),
    ]);
    const statuses = [fromA.statusCode, fromB.statusCode];
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    // The loser was either refused by the rule or signed out by the winner first; never both disabled.
    expect(statuses.filter((s) => s !== 303)[0]).toBeOneOf([401, 422]);
    expect(await db().user.count({ where: { role: "office", active: true } })).toBe(1);
  });

  it("decides the same race inside the transaction when both checks run before either write", async () => {
    const a = await createUser(db(), { role: "office" });
    const b = await createUser(db(), { role: "office" });
    const [actorA, actorB] = [(await loadActor(db(), a.id))!, (await loadActor(db(), b.id))!];
    const results = await Promise.allSettled([
      setAccountActive(db(), actorA, b.id, false, now),
      updateAccount(db(), actorB, a.id, { role: "leader" }, now),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason.message).toContain("这是最后一个可用的督查室账号");
    expect(await db().user.count({ where: { role: "office", active: true } })).toBe(1);
  });
});

describe("who may keep accounts", () => {
  it.each(["unit", "leader"] as const)("refuses a %s user on every account route", async (role) => {
    const { browser } = await signedIn(ctx.app, db(), { role });
    const target = await createUser(db(), { role: "office" });
    for (const url of ["/users", `/users/${target.id}/edit`]) {
      expect((await browser.get(url)).statusCode, url).toBe(403);
    }
    const posts: [string, Record<string, string>][] = [
      ["/users", { username: "yuequan", name: "越权", role: "office", password: "abcdefg123" }],
      [`/users/${target.id}`, { name: "改名", role: "unit" }],
      [`/users/${target.id}`, { name: "" }],
      [`/users/${target.id}/active`, { active: "false" }],
      [`/users/${target.id}/password`, {}],
    ];
    for (const [url, form] of posts)
      expect((await browser.post(url, form, "/account")).statusCode, url).toBe(403);
    const row = await db().user.findUniqueOrThrow({ where: { id: target.id } });
    expect(row).toMatchObject({ name: target.name, role: "office", active: true, mustChangePassword: false });
    expect(await db().user.count({ where: { username: "yuequan" } })).toBe(0);
  });
});

describe("the accounts API", () => {
  it("lists, creates and changes accounts with an office token, with the pages' refusals", async () => {
    const { browser, user: me } = await office();
    const token = await tokenOf(browser);
    const unit = await createUnit(db(), { name: "区司法局" });
    const list = await api(token, "GET", "/api/users");
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0]).toMatchObject({ username: me.username, lastLoginAt: now.toISOString() });
    expect(list.json().items[0]).not.toHaveProperty("passwordHash");

    const created = await api(token, "POST", "/api/users", {
      username: "sifa",
      name: "司法局联络员",
      role: "unit",
      unitId: unit.id,
      password: "chushi2026",
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const taken = await api(token, "POST", "/api/users", {
      username: "sifa",
      name: "又一个",
      role: "leader",
      password: "chushi2026",
    });
    expect(taken.statusCode).toBe(422);
    expect(taken.json().message).toContain("用户名“sifa”已被使用");

    const patched = await api(token, "PATCH", `/api/users/${id}`, {
      email: "sifa@duban.example",
      active: false,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ email: "sifa@duban.example", active: false, unitId: unit.id });
    const last = await api(token, "PATCH", `/api/users/${me.id}`, { role: "leader" });
    expect(last.statusCode).toBe(422);
    expect(last.json().message).toContain("最后一个可用的督查室账号");
    expect((await api(token, "PATCH", "/api/users/99999", { name: "某人" })).statusCode).toBe(404);
  });

  it("refuses unit and leader tokens on every accounts route", async () => {
    const target = await createUser(db(), { role: "office" });
    for (const role of ["unit", "leader"] as const) {
      const token = await tokenOf((await signedIn(ctx.app, db(), { role })).browser);
      expect((await api(token, "GET", "/api/users")).statusCode).toBe(403);
      const create = { username: "yuequan", name: "越权", role: "office", password: "abcdefg123" };
      expect((await api(token, "POST", "/api/users", create)).statusCode).toBe(403);
      expect((await api(token, "PATCH", `/api/users/${target.id}`, { active: false })).statusCode).toBe(403);
    }
    expect(await db().user.count({ where: { username: "yuequan" } })).toBe(0);
    expect((await db().user.findUniqueOrThrow({ where: { id: target.id } })).active).toBe(true);
  });
});
