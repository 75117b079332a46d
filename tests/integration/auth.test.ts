import { describe, expect, it } from "vitest";
import { Browser, changePassword, expectRefusal, signedIn, textOf, useTestApp } from "../helpers/app.ts";
import { createUser, password } from "../helpers/factories.ts";

const ctx = useTestApp({ truncate: true });

describe("log-in", () => {
  it("sends an anonymous visitor to the log-in page, then back where they were going", async () => {
    const user = await createUser(ctx.db, { role: "office" });
    const browser = new Browser(ctx.app);
    const first = await browser.get("/units");
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe("/login?next=%2Funits");

    const page = await browser.get(first.headers.location as string);
    expect(textOf(page.body)).toContain("登录督办系统");
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await browser.post("/login", {
      _csrf: token,
      username: user.username,
      password,
      next: "/units",
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/units");
    expect((await browser.get("/units")).statusCode).toBe(200);
  });

  it("gives a new session id at log-in so a planted session is useless", async () => {
    const user = await createUser(ctx.db, { role: "unit" });
    const browser = new Browser(ctx.app);
    await browser.get("/login");
    const before = browser.cookie("duban_sid");
    expect(before).toBeTruthy();
    await browser.login(user.username, password);
    expect(browser.cookie("duban_sid")).not.toBe(before);
  });

  it("refuses a wrong password or an unknown or disabled user with one message, in Chinese", async () => {
    const user = await createUser(ctx.db, { role: "office" });
    const disabled = await createUser(ctx.db, { role: "office", active: false });
    for (const [username, pass] of [
      [user.username, "wrong-password1"],
      ["nobody", password],
      [disabled.username, password],
    ] as const) {
      const res = await new Browser(ctx.app).login(username, pass);
      expect(res.statusCode).toBe(401);
      expect(textOf(res.body)).toContain("用户名或密码不正确，或账号已停用");
    }
  });

  it("re-renders the form with field messages when something is missing", async () => {
    const res = await new Browser(ctx.app).login("", "");
    expectRefusal(res, "请输入用户名", "请输入密码");
  });

  it("never redirects off-site after log-in", async () => {
    const user = await createUser(ctx.db, { role: "office" });
    const browser = new Browser(ctx.app);
    const res = await browser.post(
      "/login",
      { username: user.username, password, next: "//evil.example/x" },
      "/login",
    );
    expect(res.headers.location).toBe("/");
  });

  // Browsers drop tabs and newlines inside a URL and read "\" as "/": each of these would land on evil.example.
  const offSite = [
    "/\t/evil.example/",
    "/\n/evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "/%09/x\\y",
  ];

  it("sends an already signed-in visitor only to a same-site path", async () => {
    const { browser } = await signedIn(ctx.app, ctx.db, { role: "office" });
    for (const next of offSite) {
      const res = await browser.get(`/login?next=${encodeURIComponent(next)}`);
      expect(res.statusCode, JSON.stringify(next)).toBe(303);
      expect(res.headers.location, JSON.stringify(next)).toBe("/");
    }
    const res = await browser.get(`/login?next=${encodeURIComponent("/tasks?state=assigned")}`);
    expect(res.headers.location).toBe("/tasks?state=assigned");
  });

  it("after log-in, follows only a same-site next", async () => {
    const user = await createUser(ctx.db, { role: "office" });
    for (const next of offSite) {
      const res = await new Browser(ctx.app).post(
        "/login",
        { username: user.username, password, next },
        "/login",
      );
      expect(res.headers.location, JSON.stringify(next)).toBe("/");
    }
  });

  it("signs out a disabled user on their next request", async () => {
    const { user, browser } = await signedIn(ctx.app, ctx.db, { role: "leader" });
    expect((await browser.get("/")).statusCode).toBe(200);
    await ctx.db.user.update({ where: { id: user.id }, data: { active: false } });
    expect((await browser.get("/")).headers.location).toBe("/login");
  });
});

describe("log-out", () => {
  it("ends the session on the server, so the old cookie no longer works", async () => {
    const { user, browser } = await signedIn(ctx.app, ctx.db, { role: "office" });
    const sid = browser.cookie("duban_sid")!;
    const res = await browser.post("/logout", {}, "/");
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/login");
    expect(await ctx.db.session.count({ where: { userId: user.id } })).toBe(0);

    const replay = new Browser(ctx.app);
    replay.setCookie("duban_sid", sid);
    expect((await replay.get("/")).headers.location).toBe("/login");
  });
});

describe("account", () => {
  it("changes the password after checking the current one, and signs out other devices", async () => {
    const user = await createUser(ctx.db, { role: "unit" });
    const phone = new Browser(ctx.app);
    await phone.login(user.username, password);
    const desk = new Browser(ctx.app);
    await desk.login(user.username, password);

    const wrong = await changePassword(desk, "not-it-123", "xin-mima-2024");
    expectRefusal(wrong, "当前密码不正确");

    const mismatch = await changePassword(desk, password, "xin-mima-2024", "xin-mima-2025");
    expect(textOf(mismatch.body)).toContain("两次输入的新密码不一致");

    const weak = await changePassword(desk, password, "short");
    expect(textOf(weak.body)).toContain("新密码至少 8 个字符");

    const ok = await changePassword(desk, password, "xin-mima-2024");
    expect(ok.statusCode).toBe(303);
    expect(textOf((await desk.get("/account")).body)).toContain("密码已修改");
    expect((await phone.get("/")).headers.location).toBe("/login");

    expect((await new Browser(ctx.app).login(user.username, password)).statusCode).toBe(401);
    expect((await new Browser(ctx.app).login(user.username, "xin-mima-2024")).statusCode).toBe(303);
  });
});
