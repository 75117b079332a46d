import { describe, expect, it } from "vitest";
import { expectRefusal, signedIn, textOf, useTestApp } from "../helpers/app.ts";
import { createUser } from "../helpers/factories.ts";

const ctx = useTestApp({ truncate: true });

const signedInAs = (role: "office" | "unit" | "leader") => signedIn(ctx.app, ctx.db, { role });

describe("role checks", () => {
  it.each(["unit", "leader"] as const)(
    "answers 403 in Chinese when a %s user opens office pages",
    async (role) => {
      const { browser } = await signedInAs(role);
      for (const url of ["/units", "/users"]) {
        const res = await browser.get(url);
        expect(res.statusCode).toBe(403);
        expect(textOf(res.body)).toContain("没有权限");
        expect(textOf(res.body)).toContain("此功能仅限督查室使用");
      }
    },
  );

  it.each(["unit", "leader"] as const)(
    "refuses a %s user's attempt to create or disable accounts",
    async (role) => {
      const { browser } = await signedInAs(role);
      const office = await createUser(ctx.db, { role: "office" });
      const create = await browser.post(
        "/users",
        { username: "sneaky", name: "越权", role: "office", password: "abcdefg123" },
        "/account",
      );
      expect(create.statusCode).toBe(403);
      expect(await ctx.db.user.count({ where: { username: "sneaky" } })).toBe(0);
      const disable = await browser.post(`/users/${office.id}/active`, { active: "false" }, "/account");
      expect(disable.statusCode).toBe(403);
      expect((await ctx.db.user.findUniqueOrThrow({ where: { id: office.id } })).active).toBe(true);
    },
  );

  it("lets the office open the directory and accounts", async () => {
    const { browser } = await signedInAs("office");
    expect((await browser.get("/units")).statusCode).toBe(200);
    expect((await browser.get("/users")).statusCode).toBe(200);
  });

  it("shows each role only its own navigation", async () => {
    const nav = async (role: "office" | "unit" | "leader") => {
      const { browser } = await signedInAs(role);
      const html = (await browser.get("/")).body;
      return /<nav[^>]*>([\s\S]*?)<\/nav>/.exec(html)![1]!;
    };
    const office = await nav("office");
    expect(office).toContain('href="/units"');
    expect(office).toContain('href="/users"');
    for (const role of ["unit", "leader"] as const) {
      const html = await nav(role);
      expect(html).not.toContain('href="/units"');
      expect(html).not.toContain('href="/users"');
    }
    expect(textOf(await nav("unit"))).toContain("本单位事项");
    expect(textOf(await nav("leader"))).toContain("督办总览");
  });

  it("answers unknown pages with a Chinese 404", async () => {
    const { browser } = await signedInAs("office");
    const res = await browser.get("/no-such-page");
    expect(res.statusCode).toBe(404);
    expect(textOf(res.body)).toContain("页面不存在");
  });
});

describe("accounts (office)", () => {
  it("creates an account and reports a taken name or a bad field in Chinese", async () => {
    const { browser } = await signedInAs("office");
    const ok = await browser.post("/users", {
      username: "xinren",
      name: "新人",
      role: "leader",
      password: "abcdefg123",
    });
    expect(ok.statusCode).toBe(303);
    const again = await browser.post("/users", {
      username: "xinren",
      name: "新人",
      role: "leader",
      password: "abcdefg123",
    });
    expectRefusal(again, "用户名“xinren”已被使用");
    const unitless = await browser.post("/users", {
      username: "danwei",
      name: "单位",
      role: "unit",
      password: "abcdefg123",
    });
    expect(textOf(unitless.body)).toContain("责任单位账号必须选择所属单位");
    const bad = await browser.post("/users", { username: "X", name: "", role: "boss", password: "1" });
    expect(bad.statusCode).toBe(422);
    const text = textOf(bad.body);
    for (const message of ["用户名须为", "请填写姓名", "新密码至少 8 个字符"])
      expect(text).toContain(message);
  });

  it("keeps the last office account from being disabled", async () => {
    const { browser, user } = await signedInAs("office");
    const res = await browser.post(`/users/${user.id}/active`, { active: "false" }, "/users");
    expectRefusal(res, "不能停用自己的账号");
  });
});
