import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.ts";
import { Browser, createTestApp, textOf } from "../helpers/app.ts";
import { createTestDatabase } from "../helpers/database.ts";
import { createUser, password } from "../helpers/factories.ts";

let database: Database;
let app: FastifyInstance;
let proxied: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { LOGIN_MAX_ATTEMPTS: "3", LOGIN_WINDOW_MINUTES: "5" };
  app = await createTestApp(database.prisma, { env });
  proxied = await createTestApp(database.prisma, { env: { ...env, TRUST_PROXY: "true" } });
});
afterAll(async () => {
  await app.close();
  await proxied.close();
  await database.close();
});

describe("log-in rate limit", () => {
  it("stops password guessing from one address after the limit, even with the right password", async () => {
    const user = await createUser(database.prisma, { role: "office" });
    const guesser = new Browser(app, "10.1.1.1");
    for (let i = 0; i < 3; i++)
      expect((await guesser.login(user.username, `guess-${i}-abc`)).statusCode).toBe(401);
    const blocked = await guesser.login(user.username, password);
    expect(blocked.statusCode).toBe(429);
    expect(textOf(blocked.body)).toContain("登录失败次数过多，请 5 分钟后再试");
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(240);
    expect(await database.prisma.session.count({ where: { userId: user.id } })).toBe(0);

    // Another address, or another user at the same address (one office behind NAT), is not affected.
    expect((await new Browser(app, "10.1.1.2").login(user.username, password)).statusCode).toBe(303);
    const colleague = await createUser(database.prisma, { role: "unit" });
    expect((await new Browser(app, "10.1.1.1").login(colleague.username, password)).statusCode).toBe(303);
  });

  it("counts every spelling of a name the form accepts as that name", async () => {
    const user = await createUser(database.prisma, { role: "office" });
    const guesser = new Browser(app, "10.2.2.2");
    const name = user.username;
    const spellings = [` ${name}`, `${name}\t`, `\u3000${name}`, name.toUpperCase(), `${name} `];
    const statuses = [];
    for (const spelling of spellings)
      statuses.push((await guesser.login(spelling, "wrong-guess-1")).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it("counts only failures: signing in again and again is never refused", async () => {
    const user = await createUser(database.prisma, { role: "unit" });
    for (let i = 0; i < 6; i++) {
      expect((await new Browser(app, "10.3.3.3").login(user.username, password)).statusCode, `try ${i}`).toBe(
        303,
      );
    }
    // Two typos, a success, then two typos more: the success cleared the count.
    const person = new Browser(app, "10.3.3.3");
    for (const guess of ["typo-1a", "typo-2a"])
      expect((await person.login(user.username, guess)).statusCode).toBe(401);
    expect((await new Browser(app, "10.3.3.3").login(user.username, password)).statusCode).toBe(303);
    for (const guess of ["typo-3a", "typo-4a"])
      expect((await person.login(user.username, guess)).statusCode).toBe(401);
  });

  it("refuses parallel guesses beyond the limit, not only sequential ones", async () => {
    const user = await createUser(database.prisma, { role: "office" });
    const guessers = Array.from({ length: 12 }, () => new Browser(app, "10.4.4.4"));
    await Promise.all(guessers.map((g) => g.csrfToken("/login")));
    const statuses = await Promise.all(guessers.map((g, i) => g.login(user.username, `parallel-${i}-x`)));
    expect(statuses.filter((r) => r.statusCode === 401)).toHaveLength(3);
    expect(statuses.filter((r) => r.statusCode === 429)).toHaveLength(9);
  });

  it("behind a proxy, keys on the address the proxy appended, not on one the client wrote", async () => {
    const user = await createUser(database.prisma, { role: "office" });
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      // The client forges a new left-most entry each time; the proxy (127.0.0.1) appends the real 10.5.5.5.
      const client = new Browser(proxied, "127.0.0.1", { "x-forwarded-for": `203.0.113.${i}, 10.5.5.5` });
      statuses.push((await client.login(user.username, `forged-${i}-x`)).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // Another real client behind the same proxy is not affected.
    const colleague = new Browser(proxied, "127.0.0.1", { "x-forwarded-for": "10.5.5.6" });
    expect((await colleague.login(user.username, password)).statusCode).toBe(303);
  });
});
