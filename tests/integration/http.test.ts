import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Browser, signedIn, textOf, useTestApp } from "../helpers/app.ts";
import { createUser, password } from "../helpers/factories.ts";

const ctx = useTestApp({
  extraRoutes: (a) =>
    a.get("/boom", async () => {
      throw new Error("secret internal detail");
    }),
});

describe("HTTP basics", () => {
  it("sends security headers and a locked-down session cookie", async () => {
    const res = await new Browser(ctx.app).get("/login");
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(res.headers["content-security-policy"]).toContain("form-action 'self'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toContain("duban_sid=");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
  });

  it("serves the style sheet to anyone, and leaves a flash message for the page it belongs to", async () => {
    const anonymous = await new Browser(ctx.app).get("/assets/app.css");
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.headers["content-type"]).toContain("text/css");

    const { browser } = await signedIn(ctx.app, ctx.db, { role: "office" });
    const created = await browser.post("/units", { name: "区样式测试局", kind: "bureau" });
    expect(created.statusCode).toBe(303);
    // The browser may fetch the style sheet before the page it was sent to.
    expect((await browser.get("/assets/app.css")).statusCode).toBe(200);
    expect(textOf((await browser.get("/units")).body)).toContain("已添加单位“区样式测试局”");
  });

  it("shows a Chinese 500 page without internals", async () => {
    const { browser } = await signedIn(ctx.app, ctx.db, { role: "office" });
    const res = await browser.get("/boom");
    expect(res.statusCode).toBe(500);
    expect(textOf(res.body)).toContain("服务器出错了");
    expect(res.body).not.toContain("secret internal detail");
  });

  it("shows the demo banner only while demo accounts exist", async () => {
    const { browser } = await signedIn(ctx.app, ctx.db, { role: "leader" });
    expect((await browser.get("/")).body).not.toContain("演示数据");
    const demo = await createUser(ctx.db, { role: "unit", demo: true });
    expect((await browser.get("/")).body).toContain("演示数据");
    await ctx.db.user.update({ where: { id: demo.id }, data: { active: false } });
    expect((await browser.get("/")).body).not.toContain("演示数据");
  });

  it("reads in Chinese with the role's home title", async () => {
    const { user, browser } = await signedIn(ctx.app, ctx.db, { role: "unit" });
    const res = await browser.get("/");
    expect(res.body).toContain('<html lang="zh-CN">');
    expect(textOf(res.body)).toContain(`${user.unit!.name} · 督办事项`);
  });
});

describe("compression", () => {
  /** A browser that says which encodings it reads (or none), logged in as a new office account. */
  async function officeAccepting(encodings?: string) {
    const user = await createUser(ctx.db, { role: "office" });
    // Logged in through a plain browser (the helper reads the form token from the page as text), then the
    // session is carried by one that asks for compressed pages.
    const plain = new Browser(ctx.app);
    expect((await plain.login(user.username, password)).statusCode).toBe(303);
    const browser = new Browser(ctx.app, "127.0.0.1", encodings ? { "accept-encoding": encodings } : {});
    browser.setCookie("duban_sid", plain.cookie("duban_sid")!);
    return { user, browser };
  }

  it("sends pages in br or gzip as the browser accepts, and plain to a client that names neither", async () => {
    const cases = [
      [undefined, undefined, (bytes: Buffer) => bytes],
      ["gzip", "gzip", gunzipSync],
      ["br, gzip", "br", brotliDecompressSync],
    ] as const;
    for (const [accepted, sent, decode] of cases) {
      const { user, browser } = await officeAccepting(accepted);
      const res = await browser.get("/tasks");
      expect(res.headers["content-encoding"]).toBe(sent);
      const page = textOf(decode(res.rawPayload).toString());
      expect(page).toContain("督办台账");
      expect(page).toContain(user.name);
    }
  });

  it("compresses the dashboard's kept body together with this person's layout", async () => {
    const { user, browser } = await officeAccepting("br");
    // Twice: the second page is served from the kept body.
    for (let i = 0; i < 2; i++) {
      const res = await browser.get("/dashboard");
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-encoding"]).toBe("br");
      const page = brotliDecompressSync(res.rawPayload).toString();
      expect(page).toMatch(/^<!doctype html>/);
      expect(textOf(page)).toContain(user.name);
      expect(textOf(page)).toContain("按期办结率");
      expect(page.trimEnd()).toMatch(/<\/html>$/);
    }
  });

  it("leaves a workbook, already a zip, as it is", async () => {
    const { browser } = await officeAccepting("gzip");
    const res = await browser.get("/tasks/export.xlsx");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.rawPayload.subarray(0, 2).toString()).toBe("PK");
  });
});
