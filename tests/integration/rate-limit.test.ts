import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.ts";
import { Browser, createTestApp, textOf } from "../helpers/app.ts";
import { createTestDatabase } from "../helpers/database.ts";
import { createUser, password } from "../helpers/factories.ts";

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database.prisma, { env: { LOGIN_MAX_ATTEMPTS: "3", LOGIN_WINDOW_MINUTES: "5" } });
});
afterAll(async () => {
  await app.close();
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
    expect(textOf(blocked.body)).toContain("登录尝试次数过多");
    expect(await database.prisma.session.count({ where: { userId: user.id } })).toBe(0);

    // Another address, or another user at the same address (one office behind NAT), is not affected.
    expect((await new Browser(app, "10.1.1.2").login(user.username, password)).statusCode).toBe(303);
    const colleague = await createUser(database.prisma, { role: "unit" });
    expect((await new Browser(app, "10.1.1.1").login(colleague.username, password)).statusCode).toBe(303);
  });
});
