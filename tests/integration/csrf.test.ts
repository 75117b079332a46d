import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.ts";
import { Browser, signedIn, textOf, useTestApp } from "../helpers/app.ts";
import { createUser, password } from "../helpers/factories.ts";

let database: Database;
let app: FastifyInstance;

useTestApp((d, a) => {
  database = d;
  app = a;
});

describe("CSRF protection", () => {
  it("refuses a form post without a token and changes nothing", async () => {
    const { browser } = await signedIn(app, database.prisma, { role: "office" });
    const res = await browser.post("/users", {
      _csrf: "",
      username: "forged",
      name: "伪造",
      role: "office",
      password: "abcdefg123",
    });
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain("页面已过期或来源不明");
    expect(await database.prisma.user.count({ where: { username: "forged" } })).toBe(0);
  });

  it("refuses a token from another session", async () => {
    const office = await createUser(database.prisma, { role: "office" });
    const attacker = new Browser(app);
    const foreignToken = await attacker.csrfToken("/login");
    const victim = new Browser(app);
    await victim.login(office.username, password);
    const res = await victim.post("/logout", { _csrf: foreignToken });
    expect(res.statusCode).toBe(403);
    expect((await victim.get("/")).statusCode).toBe(200);
  });

  it("guards the log-in form too", async () => {
    const office = await createUser(database.prisma, { role: "office" });
    const res = await new Browser(app).post("/login", { _csrf: "", username: office.username, password });
    expect(res.statusCode).toBe(403);
  });

  it("accepts the token the page gave", async () => {
    const { browser } = await signedIn(app, database.prisma, { role: "office" });
    const res = await browser.post("/logout", {}, "/");
    expect(res.statusCode).toBe(303);
  });
});
